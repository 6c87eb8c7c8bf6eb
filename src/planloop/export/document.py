"""A plan as a document: its sections, and the milestones, budget lines and risks its
tables hold, read from the plan's Markdown.

Every planner writes Markdown (the offline planner, a model, a person's edit), so the
structure is read back from the Markdown itself rather than from one planner's internals:
a table with a date column is a schedule, a table under a budget heading is the budget, a
table of risks is the risk register. What cannot be read is left out, never guessed.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from planloop.domain import DataPoint, Run, RunStatus
from planloop.export.milestones import COST, Milestone, distinct, milestones_of
from planloop.export.names import anchor_of
from planloop.export.tables import Table, cells, plain, tables_of

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# "Where: York (feedback:1; …)." in the plan's Schedule: where the event happens.
_WHERE = re.compile(r"\bWhere:\s+([^(\n]{1,120}?) \(")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int
    markdown: str


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


def _by_the_deadline(found: list[Milestone], deadline: date | None) -> list[Milestone]:
    """A week that starts before the deadline ends on it, not a week after it (found by a
    new user's trial: a calendar's last training week ran past race day)."""
    if deadline is None:
        return found
    return [
        dataclasses.replace(m, due=deadline)
        if m.start is not None and m.due is not None and m.start <= deadline < m.due
        else m
        for m in found
    ]


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
    tables = tables_of(tokens)
    schedules = [t for t in tables if not _is_budget(t) and not _is_risks(t)]
    milestones = _by_the_deadline(
        distinct([m for t in schedules for m in milestones_of(t, started)]), deadline
    )
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
            title = plain(tokens[i + 1].content) if i + 1 < len(tokens) else ""
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


def _is_budget(table: Table) -> bool:
    return "budget" in table.section.lower() and table.column(COST) is not None


def _is_risks(table: Table) -> bool:
    return "risk" in table.section.lower() or any("risk" in h.lower() for h in table.headers)


def _budget_lines(table: Table) -> list[BudgetLine]:
    amount_col = table.column(COST)
    if amount_col is None:
        return []
    item_col = 0 if amount_col != 0 else 1
    lines = []
    for row in table.rows:
        item, amount = cells(row)(item_col), cells(row)(amount_col)
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
    """A table's rows keyed as the milestones' and the budget's are, in snake case: "#" is
    "id", "Risk" "risk" (found as a user: the JSON export's risks had the table's own
    headers for keys, "#", "Likelihood")."""
    keys = [_key(h) or f"column_{i + 1}" for i, h in enumerate(table.headers)]
    return [{k: (row[i] if i < len(row) else "") for i, k in enumerate(keys)} for row in table.rows]


def _key(header: str) -> str:
    return "id" if header.strip() == "#" else "_".join(re.findall(r"[a-z0-9]+", header.lower()))


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
