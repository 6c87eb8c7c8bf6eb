"""Money that sponsors give is the plan's budget. Found by a user trial: "Run a two-day
hackathon for 60 students … sponsors give £3,000; we need judges, food and prizes" said
"No total budget stated" (while its KPIs said "Spend vs budget ≤ £3,000"), and "sponsors
give £3,000" was a work package and a Should have."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from tests.quality.drive import drive

START = date(2026, 12, 7)
HACKATHON = (
    "Run a two-day hackathon for 60 students at our university on 12-13 March 2027, sponsors"
    " give £3,000; we need judges, food and prizes"
)


@pytest.mark.parametrize(
    ("goal", "budget"),
    [
        (HACKATHON, 3000),
        ("Hold a school science fair in May; the PTA will give us £800", 800),
        ("Run a careers day in June; our employer will fund £2,500 of it", 2500),
        # what a person is given is not said of a funder: no budget
        ("Give each runner £20 towards their kit", None),
    ],
)
def test_money_a_funder_gives_is_the_budget(goal: str, budget: int | None) -> None:
    cs = gather(goal, START)
    got = cs.budget.money.amount if cs.budget and cs.budget.money else None
    assert got == budget


async def test_the_sponsors_money_is_spent_not_planned_as_work() -> None:
    driven = await drive(HACKATHON, {1: "Prizes are capped at £600."}, START)
    secs = sections(driven.plan)
    assert "Total budget £3,000 (goal)" in secs["Budget"]
    assert "sponsors give" not in secs["Work breakdown"] + secs["MoSCoW priorities"]
    assert "3.2 Get judges, food and prizes" in secs["Work breakdown"]
    assert driven.flags == []
