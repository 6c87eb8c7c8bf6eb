"""A marathon's milestones and week table say one thing. Found as a user: "M2 Build phase:
peak long run done" fell on the Friday of a cutback week (22 km), the 28 km peak having been
run the weeks before, and race week's "Load 32 km" said nothing of the 42 km race."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)


@pytest.mark.parametrize(
    "goal",
    [
        "Run a sub-4-hour marathon in Berlin on 26 September 2027",
        "Run my first half marathon on 18 April 2027",
        "Run the London Marathon on 25 April 2027",
    ],
)
async def test_the_peak_long_run_milestone_is_in_a_build_week(goal: str) -> None:
    plan = (await drive(goal, start=START)).plan
    peak = re.search(r"^\| M2 \| Build phase: peak long run done \| [^|]+ \| (\S+) \|", plan, re.M)
    assert peak is not None
    due = date.fromisoformat(peak.group(1))
    table = next(body for title, body in sections(plan).items() if "week" in title.lower())
    weeks = re.findall(r"^\| \d+ \| (\S+) \|[^\n]*\| ([^|]+) \|$", table, re.M)
    week = next(
        f for s, f in weeks if date.fromisoformat(s) <= due < date.fromisoformat(s) + timedelta(7)
    )
    assert week.strip().startswith("Build"), (due, week)
    assert "Race week: easy runs, then the race (not in the load)" in table


async def test_a_sub_four_hour_marathon_aims_under_four_hours() -> None:
    """Found as a user: "sub-4-hour" was "finish time: 4-hour", its "under" lost."""
    plan = (await drive("Run a sub-4-hour marathon in Berlin on 26 September 2027")).plan
    smart = sections(plan)["SMART goal"]
    assert "| Measurable | finish time: under 4 hours (goal) |" in smart
    assert "measured by the finish time" in smart and "4-hour (goal)" not in smart
