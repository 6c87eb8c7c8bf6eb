"""A week partly away keeps its runs before the time away (found as a user: away skiing from
Saturday 13 February, week 10 still had its full long run, on that Saturday)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
RACE = "Prepare for a half marathon on 12 April while working full time"


async def test_the_week_before_a_trip_says_when_it_runs() -> None:
    driven = await drive(RACE, {1: "I'm away skiing 13-20 February."}, START)
    weeks = sections(driven.plan)["Week-by-week training schedule"]
    week10 = next(row for row in weeks.splitlines() if row.startswith("| 10 |"))
    assert week10.endswith("; away from Sat 13 February: the long run and the rest before then |")
    assert "| 11 | 2027-02-15 | 0 | 0 | 0 | Away (13-20 February): no runs planned |" in weeks
    assert "away from" not in weeks.replace(week10, "")  # only the week partly away says so
