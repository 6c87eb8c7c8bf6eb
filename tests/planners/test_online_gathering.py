"""A gathering held online is planned without a venue, a caterer or a safety plan (found as
a user: "a half-day online workshop" booked a venue for its Wi-Fi and power, a caterer, a
volunteer rota and a social evening)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.planners.test_memory_plans import _run

ONLINE = "Run a half-day online workshop for 40 small-business owners on 20 March 2027, £2,000"


async def test_an_online_workshop_tests_its_platform_instead_of_booking_a_venue() -> None:
    plan, _ = await _run(ONLINE, [])
    secs = sections(plan)
    assert "Plan type: a conference, hackathon or workshop." in secs["Schedule"]
    assert "| M2 | Platform chosen; links, recording and breakout rooms tested |" in plan
    timeline = secs["Booking and programme timeline"]
    assert "Rehearse with every speaker: sound, screen sharing, breakout rooms" in timeline
    assert "Send joining links and a reminder" in timeline
    assert "| Video platform and tools | £300 | 15% of £2,000 (goal) |" in secs["Budget"]
    for in_person in ("venue", "Venue", "cater", "Wi-Fi", "safety plan", "social evening"):
        assert in_person not in plan, in_person


@pytest.mark.parametrize(
    "goal",
    [
        "Run a 1-day workshop in Leeds for 20 people on 14 May 2027",
        "Run a hybrid workshop, in person in Leeds and online, on 14 May 2027",
    ],
)
async def test_a_workshop_in_person_or_hybrid_books_its_venue(goal: str) -> None:
    plan, _ = await _run(goal, [])
    assert pick(goal).id == "gathering"
    assert "Book the venue" in sections(plan)["Booking and programme timeline"]
