"""The outline's sections: schedule, the family's structure, the constraints and what each
piece of feedback changed (the budget's is budget_view.py's). Their tables are what the plan
checker reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from planloop.constraints import Constraint, unread
from planloop.constraints.cadence import every
from planloop.constraints.dates import impossible_dates, no_such_day
from planloop.constraints.diets import rule_of
from planloop.constraints.dropouts import withdrawal
from planloop.constraints.model import PERIODS, Kind
from planloop.constraints.quantities import renumbered
from planloop.constraints.weekdays import days_text
from planloop.domain import Feedback
from planloop.planners.offline.families.effects import SETTING, effect
from planloop.planners.offline.families.exclusions import base, excluded_words
from planloop.planners.offline.families.outline import Outline
from planloop.terms import cell

SCHEDULE = "Schedule"
BUDGET = "Budget"
CONSTRAINTS = "Constraints"
FEEDBACK = "Feedback applied"
TITLES = (SCHEDULE, BUDGET, CONSTRAINTS, FEEDBACK)


def schedule(out: Outline) -> str:
    if out.assumed_end:
        passed = out.cs.latest("passed")
        wrong = impossible_dates(out.goal)
        said = (
            f"The date “{passed.text}” ({passed.source}) is already past, so it sets no deadline"
            if passed is not None and passed.when is not None
            else f"“{wrong[0]}” (goal) is no day in the calendar, so it sets no deadline"
            if wrong
            else "No deadline stated"
        )
        since = (
            f"the first meeting ({out.begins.isoformat()})"
            if out.begins is not None
            else f"the start ({out.start.isoformat()})"
        )
        basis = (
            f"{said}: {out.family.default_days // 7} weeks from {since} are assumed, "
            f"to {out.end.isoformat()}."
        )
    else:
        d = out.cs.deadline
        assert d is not None
        basis = f"From {out.start.isoformat()} {out.until} (“{d.text}”, {d.source})."
    rows = ["| # | Milestone | Owner | Date |", "|---|---|---|---|"]
    rows += [
        f"| M{i} | {cell(m.title)} | {cell(m.owner)} | {m.due.isoformat()} |"
        for i, m in enumerate(out.milestones, start=1)
    ]
    head = f"Plan type: {out.family.title.lower()}. {basis}"
    place = where(out)
    return "\n".join([f"{head} {place}" if place else head, "", *rows])


def constraints(out: Outline) -> str:
    cs = out.cs
    rows = ["| Kind | Constraint | Source |", "|---|---|---|"]
    for c in cs.items:
        if c.kind in SETTING and not out.event_family:
            continue  # "in Python", "a 6-week plan": not where or how long an event is
        rows.append(f"| {_kind(c)} | {cell(_says(c))} | {c.source} |")
    if len(rows) == 2:
        return "No budget, date, team or limit is stated yet."
    held = ("budget", "deadline", *(SETTING if out.event_family else ()))
    superseded = [c for c in cs.of(*held) if c is not cs.latest(c.kind)]
    for was, _ in cs.changed_quantities():
        if was not in superseded:
            superseded.append(was)
    notes = [_superseded(c, cs.latest(c.kind)) for c in superseded]
    return "\n".join([*rows, *(["", *notes] if notes else [])])


def _superseded(c: Constraint, held: Constraint | None) -> str:
    if held is not None and held.source == c.source and c.kind == "deadline" and held.when:
        # the goal's own dates: the last day holds, whatever its place in the sentence
        return (
            f"- {_kind(c)} “{c.text}” ({c.source}) comes before “{held.text}”, the last day "
            f"the goal names, which holds: {held.when.isoformat()}."
        )
    return f"- {_kind(c)} “{c.text}” ({c.source}) is replaced by one given after it."


def _kind(c: Constraint) -> str:
    if c.kind == "line_cap" and c.scope == "price":
        return "Price of a line"  # "the venue costs £120": what that line is
    if c.kind == "exclusion" and c.scope == "diet":
        return "Food rule"  # "no nuts": told to whoever brings the food (diets.py)
    if c.scope == "self" and c.kind in ("exclusion", "addition"):
        return "Done ourselves" if c.kind == "exclusion" else "Our own task"  # handiwork.py
    if c.scope == "kept" and c.kind == "exclusion":
        return "Kept, not replaced"  # "keep the old cabinets" (handiwork.py)
    if c.scope == "secret" and c.kind == "exclusion":
        return "Kept from"  # "don't tell Aunt Sue" (secrets.py)
    return {
        "budget": "Budget (total)",
        "period_cap": "Budget cap per period",
        "unit_cap": "Budget cap per unit",
        "line_cap": "Budget cap on a line",
        "price_cap": "Price charged",
        "deadline": "Deadline",
        "start": "Start",
        "member": "Person and role",
        "team": "Team",
        "quantity": "Quantity",
        "exclusion": "Excluded",
        "allowance": "Allowed again",
        "priority": "Priority",
        "focus": "Focus",
        "addition": "Request to add",
        "place": "Place",
        "length": "Length of the event",
        "notice": "Notice period",
        "days": "Days for the work",
        "passed": "Date already past",
        "away": "Time away",
        "cadence": "How often",
        "rate": "Interest rate",
        "reserve": "Kept back (contingency)",
        "ratio": "Ratio",
    }[c.kind]


def _says(c: Constraint) -> str:
    if c.kind == "exclusion" and c.scope == "diet":  # "no nuts → nut-free", "nut-free"
        same = c.text.lower().replace(" ", "-") == rule_of(c)
        return c.text if same else f"{c.text} → {rule_of(c)}"
    if c.kind == "deadline" and c.when:
        return f"{c.text} → {c.when.isoformat()}"
    if c.kind == "start" and c.when:
        return f"{c.text} → {c.when.isoformat()}"
    if c.kind == "away" and c.first and c.when:
        span = c.first.isoformat() + (f" to {c.when.isoformat()}" if c.when != c.first else "")
        return f"{c.text} → {span}: no {c.subject or 'work'}"
    if c.kind == "passed" and c.when:
        return f"{c.text} → {c.when.isoformat()}, before the start: no deadline"
    if c.kind == "member":
        return f"{c.name}: {c.role}"
    if c.kind == "ratio" and c.subject:
        return f"{c.text} → {c.subject}"
    if c.kind == "place":
        return c.name
    if c.kind == "days":
        return f"{c.text} → {days_text(c)}"
    if c.kind == "cadence":
        return f"{c.text} → {every(c.unit)}"
    if c.kind == "quantity" and c.scope in PERIODS and c.scope not in c.text:
        return f"{c.text} a {c.scope}"  # "2 lessons a week", "30 km a week"
    return c.text


def feedback(out: Outline, said_at: Sequence[Feedback]) -> str:
    """What each checkpoint's feedback changed, constraint by constraint, and what of it
    was read as no constraint at all (found as a user: "one of the kids is vegetarian"
    and "start on Etsy" changed nothing, and nothing said so)."""
    lines: list[str] = []
    for fb in said_at:
        k, source = fb.checkpoint, f"feedback:{fb.checkpoint}"
        read = out.cs.from_source(source)
        said = [c for c in read if c.kind not in SETTING or out.event_family]  # as Constraints
        if none := no_such_day(fb.text):
            lines.append(
                f"- Checkpoint {k}: “{cell(none)}” is not a day of the calendar, so no date"
                " moved for it: say the day again."
            )
        if not said:
            lines.append(
                f"- Checkpoint {k}: no budget, date, person or limit in it; "
                "declined as a constraint (it is kept as direction in Reviewer direction)."
            )
            continue
        for c in said:
            lines.append(f"- Checkpoint {k}: {_kind(c).lower()} “{_says(c)}” — {effect(out, c)}.")
        for clause in unread(fb.text, read):
            if who := withdrawal(clause):
                lines.append(
                    f"- Checkpoint {k}: “{cell(clause)}” — {who} no longer has this part; the"
                    " plan gives it to whoever is named for it, else to its own roles."
                )
                continue
            lines.append(
                f"- Checkpoint {k}: “{cell(clause)}” — no budget, date, person or limit read"
                " in it; kept as direction (Reviewer direction)."
            )
    return "\n".join(lines) or "No checkpoint feedback yet."


# Where a new clause starts: a sentence's end, "…, and …", or a comma before a new subject
# ("…, I need to keep £700 back"); not a comma inside a list ("wax, wicks and jars").
def amended(out: Outline) -> str:
    """What a person changed of the goal since (its budget, deadline, place, length, a
    count), as one line under the plan's title: "in York, not Leeds (checkpoint 1
    feedback)"."""
    kinds: tuple[Kind, ...] = ("budget", "deadline", *(SETTING if out.event_family else ()))
    said: list[tuple[str, str]] = []  # (change, its source)
    for kind in kinds:
        held = out.cs.latest(kind)
        if held is None or held.source == "goal" or held.source.startswith("memory:"):
            continue
        head, now = _as_said(held)
        was = next((c for c in out.cs.of(kind) if c.source == "goal"), None)
        if was is not None and _as_said(was)[1] == now:
            continue  # said again, not changed ("before Black Friday", as the goal said)
        said.append(
            (f"{head}{now}, not {_as_said(was)[1]}" if was else f"{head}{now}", held.source)
        )
    counted: list[Constraint] = []  # "25 kids, not 20 kids": the first count each replaced
    for before, after in out.cs.changed_quantities():
        if after not in counted:
            counted.append(after)
            said.append(
                (f"{renumbered(before, after.number or 0)}, not {before.text}", after.source)
            )
    if not said:
        return ""
    sources = {source for _, source in said}
    if len(sources) == 1:
        changes = "; ".join(change for change, _ in said) + f" ({_who(sources.pop())})"
    else:
        changes = "; ".join(f"{change} ({_who(source)})" for change, source in said)
    return f"_Changed since the goal: {changes}._"


_PREPOSITION = re.compile(r"^(by|before|until|on|in|no later than|due)\s", re.I)
_AMOUNT = re.compile(r"(?:[$€£¥]|\b(?:USD|EUR|GBP|CHF)\s?)\s?[0-9][0-9,.'’]*\s?(?:k|m)?\b", re.I)


def up_to_date(text: str, out: Outline) -> str:
    """``text`` (a clause of the goal) with what a person changed since put in: the place a
    reviewer moved the event to, the new deadline, a new count, the new budget (found as a
    user: the SMART statement said "By 2027-05-21, … in Harrogate on Saturday 12 June
    2027" after the wedding was moved to Leeds on 21 May)."""
    cs = out.cs
    if (due := cs.deadline) is not None and due.source != "goal" and due.when is not None:
        for was in (c for c in cs.of("deadline") if c.source == "goal" and c.text in text):
            # "before our move to Valencia in October 2027": the move's month is what moved
            when_said = _EVENTS_MONTH.search(was.text)
            said_at = was.text[when_said.start(1) :] if when_said else was.text
            if _still_true(said_at, was, due.when):
                continue  # "to Japan in April 2027", now 3 to 17 April: still so
            prep = _PREPOSITION.match(said_at)
            day = f"{due.when.day} {due.when:%B %Y}"
            # a day is "on" it, not "in" it ("move to Valencia in 1 September 2027")
            said = {"in": "on"}.get(prep.group(1).lower(), prep.group(1)) if prep else ""
            text = text.replace(said_at, f"{said} {day}" if said else day)
    place = out.place
    if out.event_family and place is not None and place.source != "goal":
        for was in (c for c in cs.of("place") if c.source == "goal" and c.name != place.name):
            text = re.sub(rf"\b{re.escape(was.name)}\b", place.name, text)
    for before, after in cs.changed_quantities():  # "for 20 kids", now 25
        if before.source == "goal" and before.text in text:
            text = text.replace(before.text, renumbered(before, after.number or 0))
    money = cs.budget
    if money is not None and money.source != "goal" and money.money is not None:
        for was in (c for c in cs.of("budget") if c.source == "goal" and c.text in text):
            if amount := _AMOUNT.search(was.text):
                now = was.text.replace(amount.group(0).strip(), money.money.text(), 1)
                text = text.replace(was.text, now)
    return _without_excluded(text, out)


_LISTED = re.compile(r"(,\s(?:and\s)?|\sand\s)")


def _without_excluded(text: str, out: Outline) -> str:
    """``text`` without the things of its lists a reviewer ruled out: "a patio, raised
    beds and a lawn, budget £7,500" after "drop the lawn" is "a patio and raised beds,
    budget £7,500" (found by a new user's trial: the lawn stayed a deliverable, a Should
    have and a RACI row)."""
    banned = {
        w
        for c in out.cs.exclusions
        if c.scope != "budget" and c.source != "goal"
        for w in excluded_words(c, out.goal)
    }
    if not banned:
        return text
    # items at even places, the separators between them at odd ones
    tokens = _LISTED.split(text)
    i = 0
    while i < len(tokens):
        said = {base(w) for w in re.findall(r"[a-z]+", tokens[i].lower())}
        if not (said & banned) or len(tokens) == 1:
            i += 2
            continue
        if i == 0:
            del tokens[0:2]
            continue
        if "and" in tokens[i - 1] and i >= 3 and "and" not in tokens[i - 3]:
            tokens[i - 3] = " and "  # "a, b and c" without c: "a and b"
        del tokens[i - 1 : i + 1]
        i -= 1
    return "".join(tokens)


def _still_true(said: str, was: Constraint, now: date) -> bool:
    """The goal's deadline (``said`` of it) named a month, not a day, and the new day is in
    that month; never for a deadline before a period ("before June": it ends before)."""
    if was.when is None or said.lower().startswith("before "):
        return False
    year = re.search(r"\b(?:19|20)[0-9]{2}\b", said)
    if re.search(r"[0-9]", said.replace(year.group(0), "") if year else said):
        return False  # a day was said
    same_year = year is None or int(year.group(0)) == now.year
    return same_year and f"{now:%B}".lower() in said.lower()


# The month an event is in, after "before" and the event: "before our trip in June 2027"
_EVENTS_MONTH = re.compile(r"^before\s.+\s((?:in|during)\s[^,;]+)$", re.I)


def _as_said(c: Constraint) -> tuple[str, str]:
    """What a constraint says, as (what it is, its value): ("in ", "York")."""
    if c.kind == "place":
        return "in ", c.name
    if c.kind == "budget" and c.money is not None:
        return "budget ", c.money.text()
    if c.kind == "deadline" and c.when is not None:
        return "deadline ", c.when.isoformat()
    if c.kind == "length" and c.number:
        unit = c.unit + ("s" if c.number != 1 else "")
        return "lasts ", f"{c.number:g} {unit}"
    return "", c.text


def where(out: Outline) -> str:
    """Where the event happens, and what a reviewer moved it from."""
    place = out.place
    if place is None:
        return ""
    before = [p for p in out.cs.of("place") if p.name != place.name]
    said = (
        f"{place.source}; {_who(before[-1].source)} said {before[-1].name}"
        if before
        else place.source
    )
    return f"Where: {place.name} ({said})."


def _who(source: str) -> str:
    """A source as a person reads it: "the goal", "checkpoint 2 feedback", "edit 1"."""
    kind, _, n = source.partition(":")
    return {"goal": "the goal", "feedback": f"checkpoint {n} feedback", "edit": f"edit {n}"}.get(
        kind, source
    )
