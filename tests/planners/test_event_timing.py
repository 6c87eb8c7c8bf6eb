"""An event that must happen within a named month begins early enough to end in it (found
as a user: "a two-week trip to Japan in April" departed on 30 April)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick

START = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("goal", "first_day", "lasts"),
    [
        ("Plan a two-week trip to Japan for 2 people in April", "2027-04-17", "2 weeks"),
        ("Organise a two-day team offsite in Porto in March 2027", "2027-03-30", "2 days"),
        ("Run a 3-day hackathon for 80 students in Bristol during June", "2027-06-28", "3 days"),
        # a day's event is on the deadline
        ("Run a 1-day workshop for 20 founders in May", "2027-05-31", ""),
        # a stay somewhere named is a trip, and says how long it lasts (found as a user)
        ("Plan a week in Rome for our family of four in August", "2027-08-25", "1 week"),
        ("Spend 10 days in Japan in April", "2027-04-21", "10 days"),
        # by a day or a month, it ends by then (found as a user: "by 30 June" kept one day)
        ("Plan a two-week trip to Japan by April", "2027-04-17", "2 weeks"),
        ("Run a 3-day hackathon in Bristol by 30 June 2027", "2027-06-28", "3 days"),
        # the deadline is the event's day: no length said
        ("Plan a trip to Japan in April", "2027-04-30", ""),
        ("Open a bakery in Lisbon in April", "2027-04-30", ""),
    ],
)
def test_the_schedule_runs_to_the_events_first_day(goal: str, first_day: str, lasts: str) -> None:
    out = outline.build(goal, gather(goal, START))
    assert out.end == date.fromisoformat(first_day)
    assert out.lasts == lasts
    if lasts:
        assert out.until.endswith("the deadline " + out.cs.end.isoformat())  # type: ignore[union-attr]
        assert f"the first day of the {lasts} it lasts" in out.until
    else:
        assert out.until == f"to the deadline {first_day}"


def test_an_event_longer_than_the_time_left_begins_the_day_after_the_start() -> None:
    goal = "Plan a six-week trip to Peru in December"
    assert pick(goal).id == "trip"
    out = outline.build(goal, gather(goal, date(2027, 11, 28)))
    assert out.cs.end == date(2027, 12, 31) and out.end == date(2027, 11, 29)


@pytest.mark.parametrize(
    "goal",
    ["Plan a week in Rome for our family of four in August on €4,000", "Spend 10 days in Japan"],
)
def test_a_stay_somewhere_named_is_a_trip(goal: str) -> None:
    """Found as a user: "a week in Rome" got the general plan (scope, work packages)."""
    assert pick(goal).id == "trip"


def test_money_a_trip_is_on_is_its_budget() -> None:
    """ "on €4,000" was no budget: the plan said none was stated."""
    cs = gather("Plan a week in Rome for our family of four in August on €4,000", START)
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 4_000
