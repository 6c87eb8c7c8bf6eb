"""A road trip in a campervan, as a new user's phone trial planned it: "Plan a two-week road
trip around Scotland in May 2027 for a family of four with a campervan, £3,500" had "A bed
booked for every night", the car serviced and no van in its budget, and "Add a rest day
every 4 days" became a task due in January, with no day of the trip laid out to hold it."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.tripdays import cities, rest_every
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


JAPAN = (
    "Plan a 3-week trip to Japan in April 2027 for two, Tokyo, Kyoto and Osaka, £7,000 including"
    " flights"
)


async def test_a_trip_of_cities_is_laid_out_city_by_city_with_its_rest_days() -> None:
    """A second page trial's: "… Tokyo, Kyoto and Osaka, £7,000 including flights" had "No
    total budget stated" (every check passed), no day of the trip laid out, the cities and the
    money as work packages, and "Add a rest day every 5 days" a task due in January."""
    run = await drive(JAPAN, {1: "Flights are £1,600 for both of us. Add a rest day every 5 days."})
    secs = sections(run.plan)
    assert "Total budget £7,000 (goal); lines sum to it exactly." in secs["Budget"]
    assert "| Travel there and back | £1,600 | its price, £1,600 (feedback:1) |" in secs["Budget"]
    days = secs["Countdown to departure"]
    assert "| 1 | 2027-04-10 (Sat) | Tokyo: arrive and settle in |" in days
    assert "| 8 | 2027-04-17 (Sat) | Travel to Kyoto; settle in |" in days
    assert "| 15 | 2027-04-24 (Sat) | Travel to Osaka; settle in |" in days
    assert "| 5 | 2027-04-14 (Wed) | Rest day in Tokyo: nothing booked |" in days
    assert "| 21 | 2027-04-30 (Fri) | Travel home |" in days
    work = secs["Work breakdown"]
    assert "Tokyo, Kyoto and Osaka" not in work and "£7,000 including flights" not in work
    assert run.flags == []


@pytest.mark.parametrize(
    ("goal", "stops"),
    [
        (JAPAN, ["Tokyo", "Kyoto", "Osaka"]),
        ("Two weeks in Italy in May: Rome then Florence", ["Rome", "Florence"]),
        ("Plan a week in Rome for Anna and Mark in May", []),  # who goes
        ("Plan a week in Lisbon for Ana, Ben and Carl in May", []),
    ],
)
def test_the_cities_a_trip_goes_to_are_not_its_people(goal: str, stops: list[str]) -> None:
    assert cities(goal) == stops
