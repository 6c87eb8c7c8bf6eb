"""Days off said later narrow the days said before (found by a new user's trial: "I can
only work on it on weekdays" in the goal, then "no work on Sundays" at a checkpoint, and the
plan's milestones moved onto Saturdays)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.constraints.extract import gather
from planloop.constraints.weekdays import work_days
from planloop.domain import Feedback
from tests.quality.drive import drive

GOAL = (
    "Redecorate the living room and hallway by 1 March 2027 with a budget of £2,000. "
    "I can only work on it on weekdays."
)
START = date(2026, 12, 5)


def days_after(goal: str, *said: str) -> frozenset[int]:
    feedback = [Feedback(checkpoint=n, text=t) for n, t in enumerate(said, start=1)]
    return work_days(gather(goal, START, feedback))


def test_days_off_said_later_keep_the_days_said_before() -> None:
    assert days_after(GOAL, "No work on Sundays please, the neighbours complain.") == {
        0,
        1,
        2,
        3,
        4,
    }


def test_days_off_in_one_sentence_narrow_it_too() -> None:
    goal = "Train for a 10k by May 2027. I can only train on weekdays, never on Mondays."
    assert days_after(goal) == {1, 2, 3, 4}


def test_the_only_days_said_later_replace_the_days_before() -> None:
    goal = "Paint the fence by April 2027. I can't work on Sundays."
    assert days_after(goal, "Actually only Saturdays now.") == {5}


async def test_no_milestone_falls_on_a_day_either_saying_rules_out() -> None:
    d = await drive(GOAL, {1: "No work on Sundays please, the neighbours complain."}, start=START)
    dates = [
        date.fromisoformat(m)
        for m in re.findall(r"^\| M\d+ \|[^\n]*\| (\d{4}-\d{2}-\d{2}) \|", d.plan, re.M)
    ]
    assert len(dates) >= 5
    assert all(day.weekday() < 5 for day in dates), dates


@pytest.mark.parametrize(
    ("said", "days"),
    [
        ("I can only work on it Saturday mornings", {5}),
        ("budget £300 for parts, I can only work Saturdays and Sundays", {5, 6}),
        ("I can only work on weekdays", {0, 1, 2, 3, 4}),
    ],
)
def test_the_days_right_after_the_work_are_its_days(said: str, days: set[int]) -> None:
    """Found by a new user's trial: "I can only work on it Saturday mornings" was read as
    nothing, and a bike's restoration fell on weekdays."""
    assert days_after(f"Restore my old road bike by 13 June 2027. {said}") == days


async def test_time_given_each_weekday_counts_five_days_a_week() -> None:
    """Found by a new user's trial: "45 minutes each weekday morning" was counted as
    45 minutes a day, 7 days a week."""
    goal = (
        "Pass the Spanish DELE B1 exam on 21 May 2027, studying 45 minutes each weekday"
        " morning before work, with €180 for the exam fee"
    )
    assert days_after(goal) == {0, 1, 2, 3, 4}
    d = await drive(goal, start=START)
    assert "(45 minutes a day × 5 days, goal)" in d.plan


def test_days_off_are_no_thing_left_out() -> None:
    """Found by a trial in the page: "No work on Fridays please" was a days rule and also
    "Excluded: No work on Fridays please"."""
    said = [Feedback(checkpoint=1, text="No work on Fridays please. No wallpaper.")]
    cs = gather(GOAL, START, said)
    assert [c.subject for c in cs.of("exclusion")] == ["wallpaper"]
