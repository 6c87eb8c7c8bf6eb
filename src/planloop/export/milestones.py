"""The milestones of a plan: the dated rows of its tables, read from the Markdown's
tables (planloop.export.document) whatever wrote them: a schedule's "Due" or "Date", a
countdown's "With M2" rows, a sequence of steps dated by when each starts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planloop.export.dates import counted_unit, parse_due, title_span
from planloop.export.names import anchor_of
from planloop.export.tables import Table, cells

_TITLE = re.compile(
    r"milestone|task|step|what|deliverable|action|activity|phase|wave|session|booking|item"
    r"|vendor|topic|focus|goal|work",
    re.I,
)
_DUE = re.compile(r"\b(due|date|when|by|deadline|week|day|finish|end)\b", re.I)
_START = re.compile(r"\b(start|starts|from|begin|begins)\b", re.I)
_OWNER = re.compile(r"\b(owner|who|lead|responsible|assignee|host)\b", re.I)  # a meeting's host
COST = re.compile(r"\b(cost|budget|amount|spend|payment|eur|usd|gbp)\b|[€$£]", re.I)
_STATUS = re.compile(r"\bstatus\b", re.I)
_ID = re.compile(r"^[A-Z]{1,3}\d{1,3}$")  # M1, R2, W3: a row's key
_WITH = re.compile(r"^With (M\d{1,3})$")


@dataclass(frozen=True)
class Milestone:
    key: str
    title: str
    owner: str
    start: date | None
    due: date | None
    due_text: str
    cost: str
    section: str
    status: str


def _due_column(table: Table, started: date) -> int | None:
    """The schedule's date column: of the columns named like one ("Due", "When", "Date"),
    the one whose cells read as dates most often ("41 weeks before" does not)."""
    named = [i for i, h in enumerate(table.headers) if _DUE.search(h)]
    if len(named) < 2:
        return named[0] if named else None

    def dated(i: int) -> int:
        return sum(parse_due(cells(row)(i), started) is not None for row in table.rows)

    return max(named, key=lambda i: (dated(i), -i))


def milestones_of(table: Table, started: date) -> list[Milestone]:
    """The dated rows of a table (not the budget's or the risks'), each a milestone."""
    due_col = _due_column(table, started)
    if due_col is None:
        return _steps(table, started)
    start_col = table.column(_START, skip=(due_col,))
    title_col = _title_column(table, due_col)
    counts = counted_unit(table.headers[due_col])
    if title_col is None:
        title_col = next((i for i in range(len(table.headers)) if i != due_col), None)
    if title_col is None:
        return []
    owner_col = table.column(_OWNER, skip=(due_col, title_col))
    cost_col = table.column(COST, skip=(due_col, title_col))
    status_col = table.column(_STATUS)
    out: list[Milestone] = []
    for n, row in enumerate(table.rows, start=1):
        cell = cells(row)
        title = cell(title_col)
        key = ""
        if _ID.match(title):
            # "M1 | Scope and baseline agreed": the id keys the row, the next cell names it.
            key = title
            described = cell(title_col + 1) if title_col + 1 != due_col else ""
            title = f"{key}: {described}" if described else key
        elif title_col != 0 and _ID.match(cell(0)):
            key = cell(0)
        elif title_col != 0 and (with_it := _WITH.match(cell(0))):
            key = f"{with_it.group(1)}-task"  # a countdown's "With M2": M2's own task
        if not title:
            continue
        due_text = cell(due_col)
        start = parse_due(cell(start_col), started, end=False) if start_col else None
        # "| 3 | 2026-12-19 | …" under "Week | Starts": week 3, which starts on its own date
        # (counted from the run's start only without one: found as a user, a schedule that
        # starts after an injury was dated from the day the run began)
        if counts and due_text.isdigit():
            # with the week's own figures: "Load (km) 64", not only its focus (found by a user
            # trial: a training calendar's weeks said "Cutback week: recover" and no distance)
            used = {due_col, title_col, start_col, owner_col, cost_col, status_col}
            said = [
                f"{h} {cell(i)}" for i, h in enumerate(table.headers) if i not in used and cell(i)
            ]
            title = f"{table.headers[due_col]} {due_text}: {title}"
            title += f" ({'; '.join(said)})" if said else ""
        elif title.isdigit():  # "| 1 | 2027-01-02 | £342.00 |": a repayment schedule's month 1
            paid = f": {cell(cost_col)}" if cost_col is not None and cell(cost_col) else ""
            title = f"{table.headers[title_col]} {title}{paid}"
        due = parse_due(due_text, started, counts=counts)
        if counts and start is not None and due_text.isdigit():
            due = start + timedelta(days=_DAYS_IN.get(counts, 1) - 1)
        due = due or (start if counts else None)
        if start is None and (span := title_span(title)) is not None:
            start, due = span
        out.append(
            Milestone(
                key=key or f"{anchor_of(table.section or 'plan', set())}-{n}",
                title=title,
                owner=cell(owner_col),
                start=start,
                due=due,
                due_text=due_text,
                cost=cell(cost_col),
                section=table.section,
                status=cell(status_col),
            )
        )
    return out


_DAYS_IN = {"week": 7, "day": 1}


def _title_column(table: Table, due_col: int) -> int | None:
    """The column that names each row: one headed like it ("Task", "Focus") whose cells
    are words, not counts (a training week's "Sessions" is 3, not its name)."""
    for i, header in enumerate(table.headers):
        if i == due_col or not _TITLE.search(header):
            continue
        if not all(cells(row)(i).replace(".", "").isdigit() for row in table.rows):
            return i
    return None


def distinct(found: list[Milestone]) -> list[Milestone]:
    """Each milestone once, each with its own key. A plan shows a milestone in more than
    one table (the schedule, the critical path, the family's steps): exported as each, a
    calendar had two events with one UID, and the CSV the same task two or three times."""
    out: list[Milestone] = []
    keys: set[str] = set()
    seen: set[tuple[str, date | None]] = set()
    spans: set[tuple[date, date | None]] = set()  # an event of several days, once
    for m in found:
        plain = m.title.split(": ", 1)[1] if _ID.match(m.title.split(": ", 1)[0]) else m.title
        what = (plain.casefold(), m.due)
        span = (m.start, m.due) if m.start is not None and m.start != m.due else None
        if what in seen or (_ID.match(m.key) and m.key in keys) or span in spans:
            continue
        seen.add(what)
        if span is not None:
            spans.add(span)
        key, n = m.key, 1
        while key in keys:  # two tables of one section: "countdown-1" twice
            n += 1
            key = f"{m.key}-{n}"
        keys.add(key)
        out.append(replace(m, key=key) if key != m.key else m)
    return out


def _steps(table: Table, started: date) -> list[Milestone]:
    """A sequence of steps dated only by when each starts ("Works sequence: Step | Starts"):
    each with its start and no due date, which the plan does not give (found as a user: a
    renovation's seven dated steps were missing from its calendar and its CSV)."""
    start_col = table.column(_START)
    if start_col is None:
        return []
    title_col = table.column(_TITLE, skip=(start_col,))
    if title_col is None:
        title_col = 1 if start_col == 0 else 0
    owner_col = table.column(_OWNER, skip=(start_col, title_col))
    dated = [
        (row, when)
        for row in table.rows
        if (when := parse_due(cells(row)(start_col), started, end=False)) is not None
    ]
    out: list[Milestone] = []
    for n, (row, start) in enumerate(dated, start=1):
        cell = cells(row)
        title = cell(title_col)
        if title:
            out.append(
                Milestone(
                    key=f"{anchor_of(table.section or 'plan', set())}-{n}",
                    title=title,
                    owner=cell(owner_col),
                    start=start,
                    due=None,
                    due_text="",
                    cost="",
                    section=table.section,
                    status="",
                )
            )
    return out
