"""A study plan's parts of the material get even weeks, and an exam's seat is booked. Found
as a user: "Prepare for the AWS Solutions Architect Associate exam on 15 March 2027,
studying 6 hours a week" gave part 1 of 4 three weeks and part 4 one (the first-half
milestone sat at 45% of the schedule, not at the half of the weeks of new material), and
no week said to book the exam."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)


def _weeks(plan: str) -> list[tuple[int, date, str, str]]:
    table = sections(plan)["Week-by-week study schedule"]
    rows = re.findall(r"^\| (\d+) \| (\S+) \| [\d.]+ \| ([^|]+) \| ([^|]+) \|", table, re.M)
    return [(int(w), date.fromisoformat(d), work.strip(), rev.strip()) for w, d, work, rev in rows]


@pytest.mark.parametrize(
    "goal",
    [
        "Prepare for the AWS Solutions Architect Associate exam on 15 March 2027, studying"
        " 6 hours a week",
        "Pass my French B1 exam on 12 June 2027, I can study 5 hours a week",
        "Learn conversational Italian for a trip to Rome in May 2027",
    ],
)
async def test_each_part_gets_its_share_of_the_weeks_and_the_milestone_ends_the_half(
    goal: str,
) -> None:
    plan = (await drive(goal, start=START)).plan
    weeks = _weeks(plan)
    parts = Counter(
        m.group(1) for _, _, work, _ in weeks if (m := re.match(r"New material, part (\d)", work))
    )
    assert sorted(parts) == ["1", "2", "3", "4"]
    assert max(parts.values()) - min(parts.values()) <= 1, parts
    half = re.search(r"^\| M2 \| First half of the material[^|]*\| [^|]+ \| (\S+) \|", plan, re.M)
    assert half is not None
    due = date.fromisoformat(half.group(1))
    last_of_two = max(
        start for _, start, work, _ in weeks if work.startswith("New material, part 2")
    )
    first_of_three = min(
        start for _, start, work, _ in weeks if work.startswith("New material, part 3")
    )
    assert last_of_two <= due < last_of_two + timedelta(days=7) <= first_of_three


async def test_an_exam_is_booked_in_the_first_week() -> None:
    dated = (await drive("Pass my French B1 exam on 12 June 2027", start=START)).plan
    assert _weeks(dated)[0][3].endswith("book the exam for 2027-06-12 if it is not booked yet")
    by = (await drive("Pass my French B1 exam by June 2027", start=START)).plan
    assert _weeks(by)[0][3].endswith("book a sitting by 2027-06-30 if it is not booked yet")
    trip = (await drive("Learn conversational Italian for a trip to Rome in May 2027")).plan
    assert "book" not in _weeks(trip)[0][3]
