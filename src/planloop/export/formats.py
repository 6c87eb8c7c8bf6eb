"""A plan document written out as Markdown, HTML, JSON, iCalendar or CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, timedelta
from html import escape
from typing import Any, Literal

from planloop.export.document import PlanDocument
from planloop.export.milestones import Milestone
from planloop.export.names import file_name
from planloop.export.page import standalone_html

Format = Literal["md", "html", "json", "ics", "csv"]
FORMATS: tuple[Format, ...] = ("md", "html", "json", "ics", "csv")
MEDIA_TYPES: dict[Format, str] = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "ics": "text/calendar; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
CSV_COLUMNS = ("title", "owner", "start", "due", "cost", "section", "status")


@dataclass(frozen=True)
class Exported:
    content: str
    media_type: str
    file_name: str


def export(doc: PlanDocument, fmt: Format, *, iteration: int | None = None) -> Exported:
    """``doc`` in ``fmt``, with its content type and a file name made from the goal."""
    writer: Callable[[PlanDocument], str] = WRITERS[fmt]
    return Exported(writer(doc), MEDIA_TYPES[fmt], file_name(doc.goal, fmt, iteration))


def state_line(doc: PlanDocument) -> str:
    """ "final plan, after iteration 4" or "partial plan (rejected) after iteration 2"."""
    if not doc.partial:
        return f"final plan, after iteration {doc.iteration}"
    return f"partial plan ({doc.status.replace('_', ' ')}), after iteration {doc.iteration}"


def checks_line(doc: PlanDocument) -> str:
    if not doc.checks:
        return "not checked"
    flagged = [c for c in doc.checks if c.get("status") != "pass"]
    passed = len(doc.checks) - len(flagged)
    said = f"{passed} passed"
    if flagged:
        said += f", {len(flagged)} flagged: " + "; ".join(
            str(c.get("message") or c.get("name")) for c in flagged
        )
    return said


def to_markdown(doc: PlanDocument) -> str:
    dates = f"started {doc.started.isoformat()}"
    if doc.deadline is not None:
        dates += f" · deadline {doc.deadline.isoformat()}"
    header = [
        f"> **Goal:** {doc.title}",
        f"> **Status:** {state_line(doc)}",
        f"> **Dates:** {dates}",
        f"> **Checks:** {checks_line(doc)}",
        f"> _Exported from planloop run {doc.run_id}._",
    ]
    # a hard line break (CommonMark's backslash) ends each line: a page trial found the five
    # run together as one paragraph
    return "\\\n".join(header) + "\n\n" + doc.plan_markdown.strip() + "\n"


_HEADER = re.compile(
    r"\A\s*> \*\*Goal:\*\*[^\n]*\n(?:>[^\n]*\n)*?> _Exported from planloop run \w+\._[ \t]*\n+"
)


def without_header(text: str) -> str:
    """A plan given back as :func:`to_markdown` exported it, without the export's header
    (its goal, status, dates and checks): not the plan's to keep (found as a user: a plan
    edited from `planloop show`'s output kept the header, then shown under a second one
    that said another status)."""
    return _HEADER.sub("", text, count=1)


def to_html(doc: PlanDocument) -> str:
    facts = [
        ("Status", state_line(doc)),
        ("Started", doc.started.isoformat()),
        ("Deadline", doc.deadline.isoformat() if doc.deadline else "not set"),
        ("Checks", checks_line(doc)),
    ]
    header = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    return standalone_html(doc, header)


def structured(doc: PlanDocument) -> dict[str, Any]:
    """The plan as data: what the JSON export is, and what AG-UI's final state carries."""

    def milestone(m: Milestone) -> dict[str, Any]:
        out = asdict(m)
        out["start"] = m.start.isoformat() if m.start else None
        out["due"] = m.due.isoformat() if m.due else None
        out["status"] = _status(m, doc)  # as the CSV says it
        return out

    return {
        "run_id": doc.run_id,
        "goal": doc.goal,
        "status": doc.status,
        "partial": doc.partial,
        "iteration": doc.iteration,
        "started": doc.started.isoformat(),
        "deadline": doc.deadline.isoformat() if doc.deadline else None,
        # only when the plan names one: AG-UI's final state stays as its clients know it
        **({"place": doc.place} if doc.place else {}),
        "sections": [asdict(s) for s in doc.sections],
        "milestones": [milestone(m) for m in doc.milestones],
        "budget": [asdict(b) for b in doc.budget],
        "risks": doc.risks,
        "data_points": [d.model_dump() for d in doc.data_points],
        "checks": doc.checks,
        "plan_markdown": doc.plan_markdown,
    }


def _status(m: Milestone, doc: PlanDocument) -> str:
    """A milestone's status as its table says, else what the plan is: a draft or planned."""
    return m.status or ("draft" if doc.partial else "planned")


def to_json(doc: PlanDocument) -> str:
    return json.dumps(structured(doc), ensure_ascii=False, indent=2) + "\n"


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ (a formula) is quoted."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


_MILESTONE_KEY = re.compile(r"M[0-9]+")


def _short(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters, cut between words ("…" where it was cut):
    a title cut inside a number read "a budget of £6,00"."""
    if len(text) <= most:
        return text
    cut = text[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _the_day(doc: PlanDocument) -> tuple[Milestone | None, list[Milestone]]:
    """The plan's day (its last numbered milestone) and what a countdown says of that day
    besides it ("Race day | The race"): told once, in the day's own row or event (found as
    a user: the CSV had both "Race day" and "The race" on the race's date)."""
    dated = [m for m in doc.milestones if m.due is not None]
    numbered = [m for m in dated if _MILESTONE_KEY.fullmatch(m.key)] or dated
    event_day = max(numbered, key=lambda m: m.due or date.min) if numbered else None
    on_the_day = [
        m
        for m in dated
        if event_day is not None
        and m.due == event_day.due
        and m is not event_day
        and not _MILESTONE_KEY.fullmatch(m.key.removesuffix("-task"))
    ]
    return event_day, on_the_day


def to_csv(doc: PlanDocument) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    # a milestone's own task on its day ("With M2" in a countdown) is told in its row, as the
    # calendar tells it (found as a user: every such milestone was in the CSV twice)
    own = {m.key.removesuffix("-task"): m for m in doc.milestones if m.key.endswith("-task")}
    told = {id(t) for m in doc.milestones if (t := own.get(m.key)) is not None and t.due == m.due}
    event_day, on_the_day = _the_day(doc)
    told |= {id(m) for m in on_the_day}
    for m in doc.milestones:
        if id(m) in told:
            continue
        status = _status(m, doc)
        task = own.get(m.key)
        title = f"{m.title} — {task.title}" if task is not None and id(task) in told else m.title
        if m is event_day:
            title = " — ".join([title, *(t.title for t in on_the_day if t.title not in title)])
        row = [
            title,
            m.owner,
            m.start.isoformat() if m.start else "",
            m.due.isoformat() if m.due else m.due_text,
            m.cost,
            m.section,
            status,
        ]
        out.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def to_ics(doc: PlanDocument) -> str:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//planloop//plan export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _short(doc.title, 120))
    stamp = doc.updated_at.astimezone(UTC)

    dated = [m for m in doc.milestones if m.due is not None]
    event_day, on_the_day = _the_day(doc)

    def event(uid: str, summary: str, first: date, last: date, description: str) -> Event:
        ev = Event()
        ev.add("uid", f"{uid}.{doc.run_id}@planloop")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", first)  # all-day: a date, the same in every time zone
        ev.add("dtend", last + timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", description)
        ev.add("sequence", doc.iteration)  # a later export of the same run updates it
        return ev

    # A milestone's own task on its day ("With M2" in a countdown) is told in the
    # milestone's event, not as a second event that day (found as a user: 20 events for
    # a move of 8 milestones, "Notice given" and "Give notice" both on 30 April). So is
    # what a countdown says of the day itself ("Race day | The race"), and the deadline
    # when the last milestone is on it (found as a user: race day three times over).
    days = {(m.key, m.due) for m in dated}
    tasks = {m.key.removesuffix("-task"): m for m in dated if m.key.endswith("-task")}
    deadline_told = event_day is not None and event_day.due == doc.deadline
    for m in doc.milestones:
        if m.due is None and m.start is not None:  # a step the plan dates by its start only
            parts = [f"Plan: {doc.title}", f"Section: {m.section}", f"Owner: {m.owner}"]
            told = "\n".join(p for p in parts if not p.endswith(": "))
            cal.add_component(event(m.key, f"Start: {m.title}", m.start, m.start, told))
            continue
        if m.due is None or (m.key.removesuffix("-task"), m.due) in days - {(m.key, m.due)}:
            continue
        if m in on_the_day:
            continue
        first = m.start if m.start is not None and m.start <= m.due else m.due
        task = tasks.get(m.key)
        parts = [f"Plan: {doc.title}", f"Section: {m.section}" if m.section else ""]
        parts += [f"Task: {task.title}" if task is not None and task.due == m.due else ""]
        if m is event_day:
            parts += [f"On the day: {t.title}" for t in on_the_day]
            parts += ["The plan's deadline" if deadline_told else ""]
        parts += [f"Owner: {m.owner}" if m.owner else "", f"Cost: {m.cost}" if m.cost else ""]
        ev = event(m.key, m.title, first, m.due, "\n".join(p for p in parts if p))
        if doc.place and (m is event_day or first < m.due):  # the event itself: where it is
            ev.add("location", doc.place)
        cal.add_component(ev)
    if doc.deadline is not None and not deadline_told:
        cal.add_component(
            event(
                "deadline",
                f"Deadline: {_short(doc.title, 100)}",
                doc.deadline,
                doc.deadline,
                f"Plan: {doc.title}",
            )
        )
    ics: bytes = cal.to_ical()
    return ics.decode("utf-8")


WRITERS: dict[Format, Callable[[PlanDocument], str]] = {
    "md": to_markdown,
    "html": to_html,
    "json": to_json,
    "ics": to_ics,
    "csv": to_csv,
}
