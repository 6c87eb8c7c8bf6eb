"""A road trip in a campervan, as a new user's phone trial planned it: "Plan a two-week road
trip around Scotland in May 2027 for a family of four with a campervan, £3,500" had "A bed
booked for every night", the car serviced and no van in its budget, and "Add a rest day
every 4 days" became a task due in January, with no day of the trip laid out to hold it."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.roadtrips import rest_every
from tests.quality.drive import drive

TRIP = (
    "Plan a two-week road trip around Scotland in May 2027 for a family of four with a"
    " campervan, £3,500"
)


@pytest.mark.parametrize(
    ("said", "every"),
    [
        ("Add a rest day every 4 days", 4),
        ("We want a rest day every third day.", 3),
        ("a rest day every other day", 2),
        ("Rest days are nice", None),
    ],
)
def test_how_often_a_rest_day_comes(said: str, every: int | None) -> None:
    assert rest_every([said]) == every


async def test_the_van_is_booked_and_slept_in() -> None:
    run = await drive(TRIP)
    secs = sections(run.plan)
    assert "A bed booked" not in run.plan and "Car serviced" not in run.plan
    schedule = secs["Schedule"]
    assert schedule.index("Campervan booked") < schedule.index("A pitch booked for every night")
    assert "| Campervan hire | £1,400 |" in secs["Budget"]
    assert "| Campsites | £525 |" in secs["Budget"]
    assert run.flags == []


async def test_the_rest_days_are_days_of_the_trip() -> None:
    run = await drive(TRIP, {1: "Add a rest day every 4 days"})
    table = sections(run.plan)["Countdown to departure"]
    rests = [row.split("|")[1].strip() for row in table.splitlines() if "| Rest day" in row]
    assert rests == ["4", "8", "12"]
    assert "| 14 | 2027-05-31 (Mon) | Drive home |" in table
    assert "| Rest day every 4 days |" not in table  # no task due in January
    assert "— the rest days are in Countdown to departure, day by day." in run.plan
    assert run.flags == []
