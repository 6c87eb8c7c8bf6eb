"""A reviewer's focus on a budget line shows on that line (found as a user: "put more
weight on the budget for the rental van" gave a "Focus review" milestone, and the budget's
lines, still a "Removal company", did not change)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
MOVE = "Move my flat from Leeds to Bristol on 20 March 2027 with a budget of £1,500"


async def test_a_focus_on_the_van_names_and_marks_the_removals_line() -> None:
    driven = await drive(MOVE, {1: "Put more weight on the budget for the rental van."}, START)
    plan = sections(driven.plan)
    assert (
        "| Rental van | £375 | 25% of £1,500 (goal); the reviewer's focus (feedback:1) |"
        in plan["Budget"]
    )
    assert "Removal company" not in plan["Budget"]
    assert "Book the rental van for the day; get three quotes" in plan["Countdown to moving day"]
    applied = plan["Feedback applied"]
    assert "— applied as M2; in Budget: rental van." in applied, applied
    assert driven.flags == []


async def test_a_focus_on_a_lines_budget_marks_that_line_only() -> None:
    goal = "Plan our wedding in York on 12 June 2027 for 80 guests with £15,000"
    driven = await drive(goal, {1: "Put more weight on the catering budget."}, START)
    budget = sections(driven.plan)["Budget"]
    marked = [row for row in budget.splitlines() if "the reviewer's focus" in row]
    assert marked == [
        "| Catering | £5,250 | 35% of £15,000 (goal); the reviewer's focus (feedback:1) |"
    ]
    assert "in Budget: catering." in sections(driven.plan)["Feedback applied"]


async def test_a_focus_that_names_no_line_marks_none() -> None:
    driven = await drive(MOVE, {1: "Focus on the schools near the new home."}, START)
    assert "the reviewer's focus" not in sections(driven.plan)["Budget"]
    assert "| Removal company |" in sections(driven.plan)["Budget"]
