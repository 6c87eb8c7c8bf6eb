"""A study plan takes the time, the money and the day a person states (found as a user
planning "Learn conversational Spanish before our trip to Madrid in June 2027, 30 minutes
a day": the week-by-week schedule assumed 5 hours a week, "my budget for lessons is £200"
was read as no constraint, and the plan ran to 30 June, after the trip)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints.extract import read_text
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = "Learn conversational Spanish before our trip to Madrid in June 2027, 30 minutes a day"


@pytest.mark.parametrize(
    ("said", "kind", "subject", "amount"),
    [
        ("my budget for lessons is £200", "line_cap", "lessons", 200),
        ("The budget for the venue will be about €3,000.", "line_cap", "venue", 3000),
        ("The budget for this project is $50k", "budget", "", 50_000),
        ("The budget for the whole move is £6,000.", "budget", "", 6_000),
        ("Our budget for Lisbon is €900", "budget", "", 900),  # a place: the whole trip's
    ],
)
def test_a_budget_for_something_is_that_lines_or_the_whole(
    said: str, kind: str, subject: str, amount: int
) -> None:
    (c,) = read_text(said, "feedback:1", START)
    assert (c.kind, c.subject) == (kind, subject)
    assert c.money is not None and c.money.amount == amount


@pytest.mark.parametrize(
    ("said", "unit", "scope", "number"),
    [
        ("30 minutes a day", "minute", "day", 30),
        ("I can do 2 hours a day", "hour", "day", 2),
        ("45 minutes every evening", "minute", "day", 45),
        ("6 hours a week", "hour", "week", 6),
        ("a 90-minute workshop", "minute", "", 90),  # not 90 workshops
    ],
)
def test_time_is_read_with_its_period(said: str, unit: str, scope: str, number: int) -> None:
    (c,) = [c for c in read_text(said, "goal", START) if c.kind == "quantity"]
    assert (c.unit, c.scope, c.number) == (unit, scope, number)


async def test_the_week_holds_the_daily_time_on_the_days_left_and_ends_before_the_trip() -> None:
    feedback = "I can only study on weekdays, and my budget for lessons is £200."
    plan = (await drive(GOAL, {1: feedback}, start=START)).plan
    week = sections(plan)["Week-by-week study schedule"]
    assert "2.5 hours a week (30 minutes a day × 5 days, goal)" in week
    assert "| 1 | 2026-12-05 | 2.5 |" in week
    assert "| Tutor sessions (cap) | £200 | at most £200 (feedback:1) |" in plan  # its kin
    assert "“my budget for lessons is £200” — no budget" not in plan
    assert "to the deadline 2027-05-31 (“before our trip to Madrid in June 2027”, goal)" in plan
    assert "2027-06-" not in sections(plan)["Schedule"]


@pytest.mark.parametrize(
    ("goal", "basis"),
    [
        ("Learn Italian by September 2027", "5 hours a week (assumed: no weekly hours stated)"),
        ("Learn Italian by September 2027, 6 hours a week", "6 hours a week (goal)"),
        ("Learn Italian by September 2027 with a 90-minute class", "5 hours a week (assumed"),
    ],
)
async def test_a_week_said_is_kept_and_one_not_said_is_assumed(goal: str, basis: str) -> None:
    plan = (await drive(goal, start=START)).plan
    assert basis in sections(plan)["Week-by-week study schedule"]


async def test_one_mock_exam_is_said_as_one() -> None:
    """Found by a new user's trial: "the week-by-week schedule has 1 mock exams"."""
    goal = "Pass the CFA Level I exam on 20 May 2027, studying 12 hours a week"
    plan = (await drive(goal, {1: "Add a full mock exam on Saturday 10 April 2027."})).plan
    assert "the week-by-week schedule has 1 mock exam, the last in its milestone's week" in plan


async def test_a_weekly_lesson_at_a_price_is_the_tutor_line_for_every_week() -> None:
    """Found by a new user's trial: "My tutor Kenji Mori will do one online lesson a week at
    $25 each" was a cap on nothing (the check flagged it), while the tutor line was a
    share of the budget; and a trip's skill ended "Ready for the day it is for" with an
    exam fee in its budget."""
    goal = (
        "Learn enough Japanese to get by on a 2-week trip to Tokyo and Kyoto starting 20 "
        "April 2027; I can study 45 minutes a day and have a budget of $600 for classes and apps"
    )
    said = "My tutor Kenji Mori will do one online lesson a week at $25 each. No textbooks."
    run = await drive(goal, {1: said}, start=START)
    budget = sections(run.plan)["Budget"]
    assert "| Tutor sessions (20 weeks) | $500 | at most $25 a week × 20 (feedback:1) |" in budget
    assert "Exam fee" not in budget
    assert "| M5 | Ready for the trip |" in sections(run.plan)["Schedule"]
    for checks in run.checks:
        assert all(c.status == "pass" for c in checks), [c.message for c in checks]


async def test_practice_exams_asked_for_are_no_measure_of_the_goal() -> None:
    """Found by a third new user's trial: "Book 2 practice exams" made the plan "measured by
    2 practice"."""
    goal = "Prepare for the AWS Solutions Architect Associate exam on 15 March 2027"
    run = await drive(goal, {1: "Book 2 practice exams."})
    assert "measured by 2 practice" not in run.plan
    assert "| mock exams | 2 practice exams | feedback:1 |" in sections(run.plan)["Data points"]
    assert "Mock exam 2 of 2 under real conditions" in run.plan


async def test_a_weeks_hours_add_up_to_the_minutes_a_day() -> None:
    """Found by a user trial: "1.5 hours a week (20 minutes a day, 5 days)" (it is 1 hour
    40 minutes), and "2.5 hours a week" for 20 minutes on 7 days (2 hours 20)."""
    goal = "Learn to play three songs on guitar in 8 weeks, practising 20 minutes a day"
    weekdays = (await drive(goal, {1: "I can only practise on weekdays."}, start=START)).plan
    assert "1 hour 40 minutes a week (20 minutes a day × 5 days, goal)" in weekdays
    every_day = (await drive(goal, start=START)).plan
    assert "2 hours 20 minutes a week (20 minutes a day × 7 days, goal)" in every_day
    assert (
        "3.5 hours a week (30 minutes a day × 7 days"
        in (await drive("Learn Italian by June, 30 minutes a day", start=START)).plan
    )


async def test_a_time_a_day_on_weekdays_counts_five_days() -> None:
    """Found by a user trial: "30 minutes a day on weekdays" in a goal was counted for all
    seven days (3.5 hours a week)."""
    plan = (await drive("Learn Italian by June, 30 minutes a day on weekdays", start=START)).plan
    assert "2.5 hours a week (30 minutes a day × 5 days, goal)" in plan
