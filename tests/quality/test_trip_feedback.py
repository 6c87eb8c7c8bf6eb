"""A holiday keeps its dates and its country when a reviewer asks for its bookings by a
day, rules out a car in one city and counts the children again (found by a new user's
trial: "Book everything by 31 March 2027" moved the holiday itself to March, "No car hire
in Lisbon" moved it from Portugal to Lisbon, and "we're now 2 adults and 2 kids" left 3)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)
HOLIDAY = (
    "Plan a 10-day family holiday to Portugal (Lisbon and the Algarve) for 2 adults and 3 "
    "kids from 24 July to 2 August 2027, total budget €6,500"
)
SAID = (
    "We're now 2 adults and 2 kids, my eldest is on a school trip. No car hire in Lisbon, "
    "we'll use trains. Book everything by 31 March 2027."
)


def test_a_booking_date_a_ruled_out_car_and_a_new_count_are_read_as_said() -> None:
    cs = gather(HOLIDAY, START, [Feedback(checkpoint=1, text=SAID)])
    assert cs.deadline is not None and cs.deadline.when == date(2027, 7, 24)
    assert [c.name for c in cs.of("place")] == ["Portugal"]
    (asked,) = cs.additions
    assert (asked.subject, asked.when) == ("book everything", date(2027, 3, 31))
    kids = cs.quantity("child")
    assert kids is not None and kids.number == 2


async def test_the_holiday_keeps_its_days_and_adds_the_booking_step() -> None:
    run = await drive(HOLIDAY, {1: SAID}, start=START)
    schedule = sections(run.plan)["Schedule"]
    assert "| Departure: 10 days, 2027-07-24 to 2027-08-02 |" in schedule
    assert "Where: Portugal (goal)." in schedule
    assert "| Book everything | Trip planner | 2027-03-31 | feedback:1 |" in run.plan
    assert "2 kids, not 3 kids" in run.plan
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]
