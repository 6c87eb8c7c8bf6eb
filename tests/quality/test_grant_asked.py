"""The grant applied for is no budget. Found by a new user's trial: "Apply for a £10,000
community grant" gave "Budget (total) | for a £10,000", a £10,000 contingency line, and
"Measurable: No number yet"."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from tests.quality.drive import drive

START = date(2026, 12, 5)
GRANT = "Apply for a £10,000 community grant for the youth football club by 28 February 2027"


@pytest.mark.parametrize(
    "goal",
    [
        GRANT,
        "Write a grant application for £25,000 to the Lottery by June 2027",
        "Win a £5,000 council grant for the community garden by May 2027",
    ],
)
def test_money_asked_of_a_funder_is_no_budget(goal: str) -> None:
    cs = gather(goal, START)
    assert cs.budget is None and not [c for c in cs.items if c.money]


def test_a_budget_said_beside_it_still_holds() -> None:
    cs = gather("Plan our wedding for £15,000 by June 2027", START)
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 15_000


async def test_the_application_is_measured_by_the_amount_and_its_day() -> None:
    run = await drive(GRANT, start=START)
    plan = sections(run.plan)
    assert "Contingency" not in plan["Budget"] and "£10,000" not in plan["Budget"]
    assert (
        "| Measurable | Application submitted by 2027-02-28, for £10,000 (goal) |"
        in (plan["SMART goal"])
    )
