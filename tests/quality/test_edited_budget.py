"""A Budget the person wrote at a checkpoint is the plan's lines everywhere. Found by a user
trial: "Equipment €18,000" written over the planner's €8,000 stayed in the Budget as
written, while "Budget and resources" went on saying the largest line was the premises at
€16,000, and a contingency cut to €1,500 left the overspend risk holding back €4,000."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.domain import PersonSection
from planloop.planners.offline.families.person_budget import budget_of
from tests.quality.drive import after_edit, drive

START = date(2026, 12, 7)
GOAL = "Open a bakery in Lisbon with a budget of 40000 euros within 6 months"
EQUIPMENT = "| Equipment | €8,000 | 20% of €40,000 (goal) |"
CONTINGENCY = "| Contingency | €4,000 | what is left, so the lines sum to the budget |"


async def _after_edit(old: str, new: str) -> tuple[str, str]:
    """The Budget with ``old`` made ``new`` at checkpoint 1, and the plan of iteration 3 (of
    six: not a refinement pass, which writes every section again anyway)."""
    before = await drive(GOAL, start=START, iterations=2)
    budget = "## Budget\n" + sections(before.plan)["Budget"]
    assert old in budget
    mine = _section(budget.replace(old, new))
    return mine.text, await after_edit(GOAL, before, mine, START, max_iterations=6)


async def test_an_edited_line_is_the_largest_where_the_plan_says_so() -> None:
    budget, plan = await _after_edit(EQUIPMENT, "| Equipment | €18,000 | two ovens, quoted |")
    assert [(line.name, line.amount) for line in budget_of([_section(budget)])][:2] == [
        ("Premises: deposit, rent and fit-out", 16000),
        ("Equipment", 18000),
    ]
    resources = sections(plan)["Budget and resources"]
    assert "_Revised in iteration 3 from your Budget._" in resources
    assert "the largest line is equipment (€18,000)" in resources
    assert "(€16,000)" not in resources


async def test_an_edited_contingency_is_what_the_risk_holds_back() -> None:
    _, plan = await _after_edit(CONTINGENCY, "| Contingency | €1,500 | what we can spare |")
    risks = sections(plan)["Risk register"]
    assert "hold €1,500 (4%, the Budget's contingency line)" in risks
    assert "€4,000" not in risks


def test_a_budget_without_amounts_or_removed_gives_no_lines() -> None:
    assert budget_of([_section("## Budget\n\nWe will decide the money later.\n")]) == []
    assert budget_of([_section("")]) == []  # the person took the section out
    table = "| Line | Amount |\n|---|---|\n| Ovens | €9,000 |\n| **Total** | €9,000 |\n"
    assert [(x.name, x.amount, x.basis) for x in budget_of([_section(table)])] == [
        ("Ovens", 9000, "your Budget")
    ]


def _section(text: str) -> PersonSection:
    return PersonSection(title="Budget", text=text, iteration=2, after_feedback=0)
