"""A budget said as one to stay under is kept below, not reached (found as a user: "for
under £100" got lines summing to exactly £100, and the check passed them)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import check_plan, sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)
NAME = "budget_within_total"
PARTY = "Throw a birthday party for my 7-year-old son at home for under £100 on 14 March 2027"


@pytest.mark.parametrize(
    ("goal", "said", "below", "spend"),
    [
        (PARTY, None, True, 99.0),
        ("Renovate our bathroom in Leeds for under £15,000 by June 2027", None, True, 14_900.0),
        ("Throw a party on 14 March 2027", "Keep it under £100 in total.", True, 99.0),
        ("Plan our wedding with a budget of £20,000", None, False, 20_000.0),
        ("Plan a trip to Rome, at most €2,000", None, False, 2_000.0),
        ("Plan a team day for up to £500", None, False, 500.0),
    ],
)
def test_under_is_below_and_at_most_is_up_to(
    goal: str, said: str | None, below: bool, spend: float
) -> None:
    feedback = [Feedback(checkpoint=1, text=said)] if said else []
    b = gather(goal, START, feedback).budget
    assert b is not None and b.below is below
    assert b.spend == spend


async def test_the_lines_stay_under_the_amount_and_the_contingency_gives_way() -> None:
    run = await drive(PARTY, start=START)
    budget = sections(run.plan)["Budget"]
    assert "Total budget under £100 (goal); lines sum to £99, under it." in budget
    assert "| Food and cake | £30 | 30% of £100 (goal) |" in budget  # shares of the amount
    assert "| Contingency | £34 | what is left, so the lines stay under £100 |" in budget
    assert "| **Total** | £99 | sum of the lines |" in budget
    check = next(c for c in run.checks[-1] if c.name == NAME)
    assert (check.status, check.message) == (
        "pass",
        "Budget lines sum to £99 of under £100 (goal).",
    )


async def test_lines_that_reach_an_amount_to_stay_under_are_flagged() -> None:
    run = await drive(PARTY, start=START)
    reached = run.plan.replace("| Contingency | £34 |", "| Contingency | £35 |")
    check = next(c for c in check_plan(reached, gather(PARTY, START)) if c.name == NAME)
    assert check.status == "flag"
    assert check.message == "Budget lines sum to £100 of under £100 (goal): not under it."
