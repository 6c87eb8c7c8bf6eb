"""A training plan's milestones fall in the weeks its table gives them (found as a user:
"M2 peak long run done 2027-07-14" while the 29 km peak was in week 41, on 2027-09-11, and
"M3 Taper begun 2027-08-13" while the table tapered from 2027-09-18)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from planloop.checks import sections
from tests.planners.test_memory_plans import _run


@pytest.mark.parametrize(
    "goal",
    [
        "Run my first marathon in Berlin on 26 September 2027 in under 4 hours",
        "Train for a half marathon on 18 April 2027, I currently run 15 km a week",
    ],
)
async def test_the_peak_and_the_taper_are_where_the_table_has_them(goal: str) -> None:
    plan, _ = await _run(goal, [])
    secs = sections(plan)
    due = {
        title: date.fromisoformat(day)
        for title, day in re.findall(
            r"^\| M\d \| ([^|]+?) \| [^|]+ \| (\S+) \|$", secs["Schedule"], re.M
        )
    }
    table = next(v for k, v in secs.items() if "| Week | Starts |" in v)
    weeks = [
        (date.fromisoformat(start), long_run, focus)
        for start, long_run, focus in re.findall(
            r"^\| \d+ \| (\S+) \| [^|]+ \| [^|]+ \| (\d+) \| ([^|]+) \|$", table, re.M
        )
    ]
    taper = next(start for start, _, focus in weeks if focus.startswith("Taper"))
    assert due["Taper begun"] == taper
    longest = max(int(long_run) for _, long_run, focus in weeks if focus.startswith("Build"))
    (peak,) = [s for s, r, f in weeks if f.startswith("Build") and int(r) == longest][-1:]
    assert peak <= due["Build phase: peak long run done"] < peak + timedelta(days=7)
