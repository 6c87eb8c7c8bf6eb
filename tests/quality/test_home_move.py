"""A move to a flat or a house is planned as a home move, and a cap on the removal van is
the removals line (found as a user in the terminal: "Move from Leeds to a flat in
Manchester by the end of April 2027" got a personal project's five generic steps, and
"keep the removal van under £600" a second removals line beside the removal company)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        ("Move from Leeds to a flat in Manchester by the end of April 2027", "move"),
        ("Move to a flat in Manchester by April 2027", "move"),
        ("Move into a bigger house in Bristol by June 2027", "move"),
        ("Move house from Leeds to Manchester by April 2027", "move"),
        ("Move our billing service from AWS to a cluster in Frankfurt", "migration"),
        ("Move to a new home page design by March", "general"),
    ],
)
def test_a_home_move_is_told_from_other_moves(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_the_removal_van_cap_is_the_removals_line() -> None:
    goal = "Move from Leeds to a flat in Manchester by the end of April 2027, budget £2,500"
    said = "The move is now on 20 March 2027; keep the removal van under £600."
    driven = await drive(goal, {1: said}, start=START)
    budget = sections(driven.plan)["Budget"]
    assert "| Removal company | £599 | under £600 (feedback:1) |" in budget
    assert budget.count("| Removal") == 1
    assert "| M6 | Moving day |" in sections(driven.plan)["Schedule"]
    assert driven.flags == []


@pytest.mark.parametrize(
    ("said", "line", "booked"),
    [
        (
            "We hire a van for £250 and move ourselves.",
            "| Van hire | £250 | its price, £250 (feedback:1) |",
            "Book the van for the day as quoted",
        ),
        (
            "Keep the rental van under £400.",
            "| Rental van | £375 | 25% of £1,500 (goal); under £400 (feedback:1) |",
            "Book the rental van for the day; get three quotes",
        ),
    ],
)
async def test_a_van_the_household_hires_is_no_removal_company(
    said: str, line: str, booked: str
) -> None:
    """Found as a user: "we hire a van for £250" priced the plan's "Removal company" line
    at £250, and the countdown still booked removals and got three quotes."""
    goal = "Move my flat from Leeds to Bristol on 20 March 2027 with a budget of £1,500"
    driven = await drive(goal, {1: said}, start=START)
    plan = sections(driven.plan)
    assert line in plan["Budget"]
    assert "Removal company" not in plan["Budget"]
    assert booked in plan["Countdown to moving day"]
    assert "Book removals" not in plan["Countdown to moving day"]
    assert driven.flags == []
