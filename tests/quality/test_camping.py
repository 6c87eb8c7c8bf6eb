"""A camping trip is planned as camping (found as a user: "Plan a 4-night camping trip in
the Lake District for our family of four" was to book "a bed for every night", check
passports and visas, and book "the tickets that sell out: key sights, tours and trains")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)


async def test_a_camping_trip_books_a_pitch_and_checks_the_kit() -> None:
    d = await drive(
        "Plan a 4-night camping trip in the Lake District for our family of four in August"
        " 2027, budget £600",
        start=START,
    )
    assert "Plan type: a camping trip." in d.plan
    assert "| M2 | Campsite booked for every night |" in d.plan
    assert "Kit checked: the tent pitched once at home" in d.plan
    assert "| Campsite pitches | £210 |" in d.plan
    assert "Heavy rain or strong wind at the campsite" in d.plan
    for word in ("passport", "visa", "A bed booked", "hotel", "Accommodation", "currency"):
        assert word.lower() not in d.plan.lower(), word
    assert not d.flags


@pytest.mark.parametrize(
    ("goal", "title"),
    [
        ("Go camping in Snowdonia for 3 nights in July 2027", "A camping trip"),
        ("Plan a campervan trip around Scotland in May 2027", "A road trip"),
        ("Plan a 10-day trip to Japan in April 2027", "A trip or holiday"),
    ],
)
def test_camping_is_a_trip_of_its_own_a_campervan_a_road_trip(goal: str, title: str) -> None:
    assert pick(goal).title == title


async def test_a_wild_camp_plans_a_route_water_and_the_rules_not_a_campsite() -> None:
    """Found by a new user's trial: a wild camp in the Cairngorms was to book "a campsite for
    every night", with "Campsite pitches" in its budget."""
    d = await drive(
        "Plan a 3-night wild camping trip in the Cairngorms for two in June 2027, budget £250",
        start=START,
    )
    assert "Plan type: a wild camping trip." in d.plan
    assert "Route and each night's spot chosen where wild camping is allowed" in d.plan
    assert "Outdoor Access Code" in d.plan
    assert "Bad weather or low cloud on the hill" in d.plan
    assert "campsite" not in d.plan.lower()
    assert not d.flags, d.flags


async def test_a_week_of_camping_ends_in_the_month_it_is_in() -> None:
    """Found by a new user's trial: "a week of camping … in August 2027" left on 31 August
    and came back in September."""
    d = await drive(
        "Plan a week of camping in Cornwall for a family of five in August 2027, budget £900,"
        " at a campsite near Newquay",
        start=START,
    )
    assert "| M7 | Departure: 1 week, 2027-08-25 to 2027-08-31 |" in d.plan
