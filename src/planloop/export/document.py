"""A plan as a document: its sections, and the milestones, budget lines and risks its
tables hold, read from the plan's Markdown.

Every planner writes Markdown (the offline planner, a model, a person's edit), so the
structure is read back from the Markdown itself rather than from one planner's internals:
a table with a date column is a schedule, a table under a budget heading is the budget, a
table of risks is the risk register. What cannot be read is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from planloop.domain import DataPoint, Run, RunStatus
from planloop.export.dates import counted_unit, parse_due, title_span
from planloop.export.names import anchor_of

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_TITLE = re.compile(
    r"milestone|task|step|what|deliverable|action|activity|phase|wave|session|booking|item"
    r"|vendor|topic|focus|goal|work",
    re.I,
)
_DUE = re.compile(r"\b(due|date|when|by|deadline|week|day|finish|end)\b", re.I)
_START = re.compile(r"\b(start|starts|from|begin|begins)\b", re.I)
# "Where: York (feedback:1; …)." in the plan's Schedule: where the event happens.
_WHERE = re.compile(r"\bWhere:\s+([^(\n]{1,120}?) \(")
_OWNER = re.compile(r"\b(owner|who|lead|responsible|assignee)\b", re.I)
_COST = re.compile(r"\b(cost|budget|amount|spend|eur|usd|gbp)\b|[€$£]", re.I)
_STATUS = re.compile(r"\bstatus\b", re.I)
_ID = re.compile(r"^[A-Z]{1,3}\d{1,3}$")  # M1, R2, W3: a row's key
_WITH = re.compile(r"^With (M\d{1,3})$")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int
    markdown: str


@dataclass(frozen=True)
class Table:
    section: str
    headers: list[str]
    rows: list[list[str]]

    def column(self, pattern: re.Pattern[str], *, skip: tuple[int, ...] = ()) -> int | None:
        for i, header in enumerate(self.headers):
            if i not in skip and pattern.search(header):
                return i
        return None


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


@dataclass(frozen=True)
class BudgetLine:
    item: str
    amount: str  # as the plan writes it ("£29,750")
    section: str
    value: float | None = None  # the number in it, for a program to add up
    currency: str = ""  # its sign or code ("£", "EUR")


@dataclass(frozen=True)
class PlanDocument:
    """What every export format is written from."""

    run_id: str
    goal: str
    status: str  # the run's status
    partial: bool  # the run has not completed: a draft, a rejected or a running run's plan
    iteration: int
    started: date
    updated_at: datetime
    plan_markdown: str
    deadline: date | None = None
    place: str | None = None  # where the event happens, as the plan says
    data_points: list[DataPoint] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    risks: list[dict[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return " ".join(self.goal.split()) or "Plan"


def read_plan(
    *,
    run_id: str,
    goal: str,
    status: str,
    partial: bool,
    iteration: int,
    started: date,
    updated_at: datetime,
    plan_markdown: str,
    deadline: date | None = None,
    data_points: list[DataPoint] | None = None,
    checks: list[dict[str, Any]] | None = None,
) -> PlanDocument:
    """The document of a plan: its Markdown split at headings and its tables read."""
    tokens = _MD.parse(plan_markdown)
    sections = _sections(plan_markdown, tokens)
    tables = _tables(tokens)
    milestones = _distinct([m for t in tables for m in _milestones(t, started)])
    budget = [b for t in tables if _is_budget(t) for b in _budget_lines(t)]
    risks = [r for t in tables if _is_risks(t) for r in _rows_as_dicts(t)]
    where = _WHERE.search(plan_markdown)
    return PlanDocument(
        place=where.group(1).strip() if where else None,
        run_id=run_id,
        goal=goal,
        status=status,
        partial=partial,
        iteration=iteration,
        started=started,
        updated_at=updated_at,
        plan_markdown=plan_markdown,
        deadline=deadline,
        data_points=list(data_points or []),
        checks=list(checks or []),
        sections=sections,
        milestones=milestones,
        budget=budget,
        risks=risks,
    )


def _sections(text: str, tokens: list[Token]) -> list[Section]:
    """One section per heading (its level, title and Markdown up to the next heading of
    the same or a higher level); text before the first heading is an untitled preamble."""
    lines = text.splitlines()
    heads: list[tuple[int, int, str]] = []  # (line, level, title)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map is not None:
            title = _plain(tokens[i + 1].content) if i + 1 < len(tokens) else ""
            heads.append((tok.map[0], int(tok.tag[1]), title))
    out: list[Section] = []
    used: set[str] = set()
    for n, (line, level, title) in enumerate(heads):
        end = len(lines)
        for later_line, later_level, _ in heads[n + 1 :]:
            if later_level <= level:
                end = later_line
                break
        anchor = anchor_of(title, used)
        out.append(Section(anchor, title, level, "\n".join(lines[line:end]).strip() + "\n"))
    return out


def _tables(tokens: list[Token]) -> list[Table]:
    out: list[Table] = []
    section = ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and tok.tag in ("h1", "h2", "h3"):
            section = _plain(tokens[i + 1].content)
        elif tok.type == "table_open":
            headers: list[str] = []
            rows: list[list[str]] = []
            row: list[str] = []
            in_head = False
            while tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "thead_open":
                    in_head = True
                elif t.type == "thead_close":
                    in_head = False
                elif t.type == "tr_open":
                    row = []
                elif t.type == "inline":
                    row.append(_plain(t.content))
                elif t.type == "tr_close":
                    if in_head:
                        headers = row
                    else:
                        rows.append(row)
                i += 1
            out.append(Table(section, headers, rows))
        i += 1
    return out


def _due_column(table: Table, started: date) -> int | None:
    """The schedule's date column: of the columns named like one ("Due", "When", "Date"),
    the one whose cells read as dates most often ("41 weeks before" does not)."""
    named = [i for i, h in enumerate(table.headers) if _DUE.search(h)]
    if len(named) < 2:
        return named[0] if named else None

    def dated(i: int) -> int:
        return sum(parse_due(_getter(row)(i), started) is not None for row in table.rows)

    return max(named, key=lambda i: (dated(i), -i))


def _milestones(table: Table, started: date) -> list[Milestone]:
    due_col = _due_column(table, started)
    if due_col is None or _is_budget(table) or _is_risks(table):
        return []
    start_col = table.column(_START, skip=(due_col,))
    title_col = table.column(_TITLE, skip=(due_col,))
    if title_col is None:
        title_col = next((i for i in range(len(table.headers)) if i != due_col), None)
    if title_col is None:
        return []
    owner_col = table.column(_OWNER, skip=(due_col, title_col))
    cost_col = table.column(_COST, skip=(due_col, title_col))
    status_col = table.column(_STATUS)
    out: list[Milestone] = []
    for n, row in enumerate(table.rows, start=1):
        cell = _getter(row)
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
        # "| 3 | 2026-12-19 | …" under "Week | Starts": week 3; "| Exam | 2027-02-13 |": its day
        counts = counted_unit(table.headers[due_col])
        due = parse_due(due_text, started, counts=counts) or (start if counts else None)
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


def _distinct(found: list[Milestone]) -> list[Milestone]:
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


def _is_budget(table: Table) -> bool:
    return "budget" in table.section.lower() and table.column(_COST) is not None


def _is_risks(table: Table) -> bool:
    return "risk" in table.section.lower() or any("risk" in h.lower() for h in table.headers)


def _budget_lines(table: Table) -> list[BudgetLine]:
    amount_col = table.column(_COST)
    if amount_col is None:
        return []
    item_col = 0 if amount_col != 0 else 1
    lines = []
    for row in table.rows:
        item, amount = _getter(row)(item_col), _getter(row)(amount_col)
        # the table's own total is no line: summing the lines would count it twice
        if item and not _TOTAL.fullmatch(item):
            value, currency = _amount(amount)
            lines.append(BudgetLine(item, amount, table.section, value, currency))
    return lines


_TOTAL = re.compile(r"\W*(?:grand\s)?total\W*", re.I)
_MONEY = re.compile(
    r"([$€£¥]|\b[A-Z]{3}\b)?\s?([0-9][0-9,'’]*(?:\.[0-9]+)?)\s?(k|m)?\s?([$€£¥])?", re.I
)


def _amount(text: str) -> tuple[float | None, str]:
    """ "£29,750" → (29750.0, "£"); "EUR 12,000" → (12000.0, "EUR"); "—" → (None, "")."""
    m = _MONEY.search(text)
    if m is None:
        return None, ""
    value = float(re.sub(r"[,'’]", "", m.group(2)))
    value *= {"k": 1e3, "m": 1e6}.get((m.group(3) or "").lower(), 1)
    return value, (m.group(1) or m.group(4) or "").strip()


def _rows_as_dicts(table: Table) -> list[dict[str, str]]:
    keys = [h or f"column {i + 1}" for i, h in enumerate(table.headers)]
    return [{k: (row[i] if i < len(row) else "") for i, k in enumerate(keys)} for row in table.rows]


def _getter(row: list[str]) -> Any:
    def cell(i: int | None) -> str:
        return row[i] if i is not None and 0 <= i < len(row) else ""

    return cell


_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    """A cell's or a heading's text without its inline Markdown (emphasis, code, links)."""
    text = _LINK.sub(r"\1", markdown)
    for _ in range(3):
        text = _EMPHASIS.sub(r"\2", text)
    return text.replace("\\|", "|").strip()


def of_run(run: Run, iteration: int, plan: str, at: datetime) -> PlanDocument:
    """The document of ``run``'s plan after ``iteration`` (written at ``at``): final only
    for the last iteration of a completed run; every other plan is marked partial."""
    from planloop.constraints import gather  # dateparser loads on first use

    final = run.status is RunStatus.COMPLETED and iteration == run.iteration
    started = run.created_at.date()
    # The feedback that steered this plan: given after an earlier iteration.
    said = [
        fb
        for fb in run.state.feedback
        if (fb.checkpoint * run.checkpoint_interval if fb.iteration is None else fb.iteration)
        < iteration
    ]
    return read_plan(
        run_id=run.id,
        goal=run.goal,
        status=run.status.value,
        partial=not final,
        iteration=iteration,
        started=started,
        updated_at=at,
        plan_markdown=plan,
        deadline=gather(run.goal, started, said).end,
        data_points=run.state.data_points,
        checks=[c.model_dump() for c in run.state.checks] if iteration == run.iteration else [],
    )
