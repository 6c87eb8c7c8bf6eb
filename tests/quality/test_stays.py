"""A stay said inside a longer trip is a part of it to book, not the trip's new length and
place. Found by a new user's trial: "we want 5 nights in Kyoto" turned "a two-week trip to
Japan" into 5 nights in Kyoto."""

from __future__ import annotations

import re

from planloop.checks import sections
from tests.quality.drive import drive

JAPAN = "Plan a two-week trip to Japan in April 2027 for two people with £6,000"
PORTUGAL = "Plan a two-week trip to Portugal in May 2027 with £3,000"


async def test_nights_in_a_city_of_a_longer_trip_are_booked_within_it() -> None:
    before = await drive(JAPAN)
    d = await drive(JAPAN, {1: "we want 5 nights in Kyoto"})
    schedule = sections(d.plan)["Schedule"]
    assert "Departure: 2 weeks, 2027-04-17 to 2027-04-30" in schedule
    assert schedule == sections(before.plan)["Schedule"]  # the trip is as it was
    assert "| Place | Japan | goal |" in d.plan and "| Place | Kyoto |" not in d.plan
    assert "| Request to add | 5 nights in Kyoto | feedback:1 |" in d.plan
    assert re.search(
        r"^\| 5 nights in Kyoto \| Trip planner \| [0-9-]{10} \| feedback:1 \|$", d.plan, re.M
    )
    assert (
        "Checkpoint 1: request to add “5 nights in Kyoto” — added to Countdown to departure:"
        in sections(d.plan)["Feedback applied"]
    )
    assert not d.flags, [c.message for c in d.flags]


async def test_a_trip_made_shorter_somewhere_else_is_still_moved() -> None:
    d = await drive(PORTUGAL, {1: "make it 10 days in Lisbon instead"})
    applied = sections(d.plan)["Feedback applied"]
    assert "the trip now lasts 10 days" in applied
    assert "the trip is now in Lisbon (was Portugal)" in applied
    assert "Request to add" not in d.plan


async def test_two_stays_said_together_are_both_booked_and_a_name_keeps_its_an() -> None:
    """A second trial: "4 nights in Hanoi and 3 in Hoi An" booked Hanoi and moved the whole
    three-week trip to "Hoi"."""
    goal = "Plan a three-week trip around Vietnam in October 2027 with £5,000"
    d = await drive(goal, {1: "we want 4 nights in Hanoi and 3 in Hoi An"})
    assert "| Request to add | 4 nights in Hanoi | feedback:1 |" in d.plan
    assert "| Request to add | 3 nights in Hoi An | feedback:1 |" in d.plan
    assert "| Place |" not in d.plan and "Where: Hoi" not in d.plan
    assert "the 3 weeks it lasts" in sections(d.plan)["Schedule"]
