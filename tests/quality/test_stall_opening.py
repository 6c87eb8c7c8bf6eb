"""A stall launched "starting in March" trades from March, prepared from now (found as a
user: "Launch a weekly farmers' market stall selling sourdough, starting in March" was
planned as the market itself, recruiting vendors and setting stall fees, prepared from 1
March, its first market day on 23 June)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints.extract import gather
from planloop.domain import Feedback
from planloop.planners.offline.families.stalls import keeps_a_stall
from tests.quality.drive import drive

START = date(2026, 12, 7)
STALL = "Launch a weekly farmers' market stall selling sourdough, starting in March, budget $2,000"


def _dates(goal: str) -> list[tuple[str, date | None]]:
    return [(c.kind, c.when) for c in gather(goal, START).items if c.when]


def test_what_a_goal_opens_opens_on_the_day_it_starts() -> None:
    assert keeps_a_stall(STALL)
    assert _dates(STALL) == [("deadline", date(2027, 3, 1))]
    assert _dates("Open a bakery in Leeds from 15 March 2027") == [("deadline", date(2027, 3, 15))]
    # a year run from the opening still counts from it, and a club set up meets from then
    assert _dates("Open a cafe from April and run it for a year") == [
        ("deadline", date(2028, 3, 31)),
        ("start", date(2027, 4, 1)),
    ]
    assert gather("Start running in March", START).start == date(2027, 3, 1)


async def test_the_stall_is_a_traders_and_its_first_day_is_in_march() -> None:
    driven = await drive(STALL, start=START)
    plan = sections(driven.plan)
    schedule = plan["Schedule"]
    assert "From 2026-12-07 to the deadline 2027-03-01" in schedule
    assert "| M1 | Food business registered with the council" in schedule
    assert "| M6 | First market day | Stallholder | 2027-03-01 |" in schedule
    assert "Recruit vendors" not in driven.plan and "stall fees" not in driven.plan.lower()
    assert driven.flags == []


async def test_a_day_named_in_the_month_said_is_the_first_market_day() -> None:
    """Found as a user: after "Our first market is on 6 March 2027" the plan kept its first
    market day, and the exports another deadline again."""
    said = "Our first market is on 6 March 2027."
    cs = gather(STALL, START, [Feedback(checkpoint=1, text=said)])
    assert cs.end == date(2027, 3, 6)  # the exports' deadline is this one
    driven = await drive(STALL, {1: said}, START)
    assert "| M6 | First market day | Stallholder | 2027-03-06 |" in driven.plan
    assert driven.flags == []
