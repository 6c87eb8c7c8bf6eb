"""A club that meets on several days a week meets on each of them (found by a new user's
trial: an after-school club "on Mondays, Wednesdays and Fridays" met on Mondays only)."""

from __future__ import annotations

import re
from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

_WEEK = re.compile(r"^\| [0-9]+ \| ((?:[A-Z][a-z]{2} [0-9-]{10}(?:, )?)+) \|", re.M)


def _weeks(plan: str) -> list[list[date]]:
    return [
        [date.fromisoformat(d.split()[1]) for d in row.split(", ")]
        for row in _WEEK.findall(sections(plan)["Meetings"])
    ]


async def test_an_after_school_club_meets_on_each_day_it_names() -> None:
    d = await drive(
        "Start an after-school coding club for 20 children at Moorside Primary on Mondays,"
        " Wednesdays and Fridays from January 2027"
    )
    weeks = _weeks(d.plan)
    held = [day for week in weeks for day in week]
    assert {day.weekday() for day in held} == {0, 2, 4}
    assert sum(len(w) == 3 for w in weeks) > len(weeks) // 2  # most weeks have all three
    assert all(len({day.isocalendar()[1] for day in week}) == 1 for week in weeks)
    meetings = sections(d.plan)["Meetings"]
    assert f"{len(held)} meetings in {len(weeks)} weeks, on Mondays, Wednesdays and Fridays," in (
        meetings
    )
    assert "none in the school holidays" in meetings
    assert not any(date(2027, 8, 1) <= day <= date(2027, 8, 31) for day in held)
    assert not d.flags, [c.message for c in d.flags]


async def test_the_days_a_reviewer_leaves_are_the_days_it_meets() -> None:
    d = await drive(
        "Start a weekly running club for beginners in Hyde Park from March 2027",
        {1: "We can only meet on Tuesdays and Thursdays"},
    )
    held = [day for week in _weeks(d.plan) for day in week]
    assert held and {day.weekday() for day in held} == {1, 3}
    assert "on Tuesdays and Thursdays;" in sections(d.plan)["Meetings"]
    assert "“only meet on Tuesdays and Thursdays → Tuesday and Thursday only”" in d.plan


async def test_ten_meetings_asked_are_ten_in_all() -> None:
    d = await drive(
        "Start a chess club at the library on Tuesdays and Thursdays from February 2027",
        {1: "make it 10 meetings"},
    )
    weeks = _weeks(d.plan)
    assert sum(len(w) for w in weeks) == 10 and len(weeks) == 5


async def test_a_club_on_one_day_keeps_a_row_a_meeting() -> None:
    d = await drive("Start a book club at the library on Thursdays from February 2027")
    meetings = sections(d.plan)["Meetings"]
    assert "| # | Date | What | Host |" in meetings and "| Week | Days |" not in meetings
