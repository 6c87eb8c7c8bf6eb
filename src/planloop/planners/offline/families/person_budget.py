"""The budget lines a person wrote into the Budget at a checkpoint (``edit``), carried into
every part of the plan built from the lines: the largest line under resources and the
contingency the overspend risk holds back. (Lines that no longer sum to the budget are the
budget check's to flag.) Found by a user trial: "Equipment €18,000" written over the
planner's €8,000 stayed in the Budget as written, and the rest of the plan went on saying
the largest line was the premises at €16,000."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from planloop.checks.markdown import money_in, tables
from planloop.domain import PersonSection
from planloop.planners.offline.families.lines import Line
from planloop.planners.offline.families.outline import Outline

BUDGET = "Budget"


def budget_of(sections: Sequence[PersonSection]) -> list[Line]:
    """The lines of a Budget the person wrote, in its order (its total rows left out); []
    when they did not write one, removed it, or it has no table of amounts."""
    said = next((s for s in reversed(sections) if s.title.strip() == BUDGET), None)
    if said is None or not said.text.strip():
        return []
    text = said.text if said.text.lstrip().startswith("## ") else f"## {BUDGET}\n{said.text}"
    for table in tables(text):
        amount, basis = table.col("amount", "cost"), table.col("basis", "note")
        if amount is None or table.col("owner") is not None:
            continue
        out: list[Line] = []
        for row in table.rows:
            name = row[0].strip("* ") if row else ""
            money = money_in(row[amount]) if len(row) > amount else None
            if not name or money is None or "total" in name.lower():
                continue
            said_basis = row[basis] if basis is not None and len(row) > basis else ""
            out.append(Line(name, round(money), said_basis or "your Budget"))
        return out
    return []


def with_persons_budget(out: Outline, sections: Sequence[PersonSection]) -> Outline:
    """The outline with the person's budget lines in place of its own, when they wrote a
    Budget whose lines differ from the planner's."""
    written = budget_of(sections)
    mine = [(line.name, line.amount) for line in out.lines]
    if not written or [(line.name, line.amount) for line in written] == mine:
        return out
    return replace(out, lines=written)
