"""A stall kept at a market as a small business, as a thirteenth new user's trial asked for
it: "Open a small weekend bakery stall at the farmers' market by April; starting money
£3,000, I need a food hygiene certificate" was planned as the market itself (stallholders
recruited, a market manager), with no budget, "3.3 I need a food hygiene certificate" as
work, and "The market season starts on Saturday 3 April 2027" made the day the preparation
started."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families import pick
from planloop.terms import as_task
from tests.quality.drive import drive

STALL = (
    "Open a small weekend bakery stall at the farmers' market by April; starting money £3,000,"
    " I need a food hygiene certificate"
)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (STALL, "venue"),
        ("Start a Saturday market stall selling my jewellery at Camden market", "venue"),
        ("Run a cake stall at the village fête in June", "sale"),  # a day's sale
        ("Organise a farmers' market with 30 stalls in May", "market"),  # the market itself
    ],
)
def test_a_stall_kept_is_a_traders_business(goal: str, family: str) -> None:
    assert pick(goal).id == family


@pytest.mark.parametrize(
    ("clause", "task"),
    [
        ("I need a food hygiene certificate", "Get a food hygiene certificate"),
        ("I need to renew my passport", "Renew my passport"),
        ("we have to book a vet", "Book a vet"),
        ("I have two kids", "I have two kids"),
        ("I know Excel", "I know Excel"),
        ("we hire a van for £300", "Hire a van for £300"),
        ("and I will book the village hall", "Book the village hall"),
        ("we hired a van last time", "we hired a van last time"),
    ],
)
def test_a_need_said_in_a_goal_is_work_to_do(clause: str, task: str) -> None:
    assert as_task(clause) == task


async def test_the_stall_is_registered_equipped_and_ready_for_the_seasons_first_day() -> None:
    run = await drive(STALL, {1: "The market season starts on Saturday 3 April 2027"})
    secs = sections(run.plan)
    schedule = secs["Schedule"]
    assert "to the deadline 2027-04-03 (“on Saturday 3 April 2027”, feedback:1)" in schedule
    assert (
        "| M1 | Food business registered with the council (at least 28 days before trading);"
        " food hygiene certificate done | Stallholder |" in schedule
    )
    assert "| M6 | First market day | Stallholder | 2027-04-03 |" in schedule
    assert "| Pitch and insurance | Stallholder |" in secs["Opening workstreams"]
    assert "Total budget £3,000 (goal); lines sum to it exactly." in secs["Budget"]
    assert "| Gazebo, tables and display | £900 |" in secs["Budget"]
    work = secs["Work breakdown"]
    assert "Get a food hygiene certificate" in work and "I need" not in work
    assert "starting money" not in work
    assert "stallholders" not in run.plan.lower().replace("stallholder |", "")
    assert run.flags == []
