"""A date a reviewer mentions moves the plan's day only when it is said as that day (found
by a new user's trial: "I'm away skiing 13-20 February 2027" made a CFA exam plan end on
20 February, "we are away 1-14 February" ended a kitchen refit on 14 February, and "my
sister organises the hen party in August" moved the wedding to 31 August)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import drive

START = date(2026, 12, 5)
EXAM = "Pass the CFA Level I exam on 20 May 2027, studying 12 hours a week"
KITCHEN = "Renovate our kitchen in Leeds for £22,000, finished before Easter 2027"
WEDDING = "Plan our wedding on Saturday 18 September 2027 near Lyon for 80 guests"


@pytest.mark.parametrize(
    ("goal", "said", "due"),
    [
        (EXAM, "I'm away skiing 13-20 February 2027, so no study that week.", "2027-05-20"),
        (KITCHEN, "We are away 1-14 February 2027 so no trades on site then.", "2027-03-28"),
        (WEDDING, "My sister organises the hen party in August.", "2027-09-18"),
        (WEDDING, "The florist visits on 3 May 2027.", "2027-09-18"),
        # said as the day: moved
        (WEDDING, "The wedding is now on 25 September 2027.", "2027-09-25"),
        (WEDDING, "Move it to 25 September 2027", "2027-09-25"),
        (KITCHEN, "Finish by 26 February 2027", "2027-02-26"),
        (KITCHEN, "The kitchen must be finished on 20 February 2027", "2027-02-20"),
        (EXAM, "I'll sit it on 3 June 2027 instead", "2027-06-03"),
    ],
)
def test_only_a_date_said_as_the_day_moves_the_deadline(goal: str, said: str, due: str) -> None:
    cs = gather(goal, START, [Feedback(checkpoint=1, text=said)])
    assert cs.deadline is not None and cs.deadline.when == date.fromisoformat(due)


def test_a_month_in_the_reason_for_a_deadline_is_not_the_deadline() -> None:
    goal = (
        "Move our family of four from Manchester to Edinburgh by 31 July 2027 so the kids"
        " can start at Broughton Primary in August"
    )
    cs = gather(goal, START)
    assert cs.deadline is not None and cs.deadline.when == date(2027, 7, 31)


async def test_the_exam_stays_on_its_day_when_the_reviewer_is_away() -> None:
    said = "I can't study on Sundays. I'm away skiing 13-20 February 2027, so no study that week."
    driven = await drive(EXAM, {1: said}, start=START)
    assert "deadline 2027-02-20" not in driven.plan
    assert "to the deadline 2027-05-20" in sections(driven.plan)["Schedule"]


@pytest.mark.parametrize(
    ("said", "first", "last"),
    [
        ("I'm away skiing 13-20 February 2027, so no study that week.", 13, 20),
        ("We are away 1-14 February 2027 so no trades on site then.", 1, 14),
    ],
)
def test_a_time_away_is_days_without_work(said: str, first: int, last: int) -> None:
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=said)])
    (away,) = cs.of("away")
    assert (away.first, away.when) == (date(2027, 2, first), date(2027, 2, last))
    assert cs.away_on(date(2027, 2, first)) is away and cs.away_on(date(2027, 2, 28)) is None


def test_only_the_dates_said_with_being_away_are_days_away() -> None:
    """Found by a new user's trial: "must be in August, not before, because we're away
    5-20 July" made August days away too, as the sentence said "away"."""
    said = "Install must be in August, not before, because we're away 5-20 July 2027."
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=said)])
    (away,) = cs.of("away")
    assert (away.first, away.when) == (date(2027, 7, 5), date(2027, 7, 20))
    panel = "The interview panel is off 24 May to 4 June 2027, so no interviews then."
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=panel)])
    (off,) = cs.of("away")
    assert (off.first, off.when) == (date(2027, 5, 24), date(2027, 6, 4))
    # "no interviews then" says the time away again: interviews are not ruled out
    assert cs.exclusions == []
    skiing = "I'm skiing 6-13 February 2027 so no running that week."
    assert gather(KITCHEN, START, [Feedback(checkpoint=1, text=skiing)]).exclusions == []
    fine = "Fine, no bouncy castle then."
    (ruled_out,) = gather(KITCHEN, START, [Feedback(checkpoint=1, text=fine)]).exclusions
    assert ruled_out.subject == "bouncy castle"


def test_a_holiday_that_is_the_goal_is_its_day_not_a_time_away() -> None:
    goal = "Plan a 10-night holiday in Crete for a family of 4 in April 2027"
    cs = gather(goal, START, [Feedback(checkpoint=1, text="Our holiday is now in May 2027")])
    assert cs.of("away") == [] and cs.deadline is not None
    assert cs.deadline.when == date(2027, 5, 31)


async def test_nothing_is_dated_while_away_and_the_study_week_says_so() -> None:
    said = "I'm away skiing 13-20 February 2027, so no study that week."
    plan = (await drive(EXAM, {1: said}, start=START)).plan
    week = sections(plan)["Week-by-week study schedule"]
    assert "| 0 | Away (13-20 February 2027): no study |" in week
    dated = re.findall(r"\b2027-02-(\d\d)\b", sections(plan)["Schedule"])
    assert all(not 13 <= int(day) <= 20 for day in dated)
    assert "time away “13-20 February 2027 → 2027-02-13 to 2027-02-20: no work”" in plan


async def test_no_step_of_the_works_starts_while_away() -> None:
    said = "We are away 1-14 February 2027 so no trades on site then."
    plan = (await drive(KITCHEN, {1: said}, start=START)).plan
    for title in ("Schedule", "Works sequence"):
        dated = re.findall(r"\b2027-02-(\d\d)\b", sections(plan)[title])
        assert all(not 1 <= int(day) <= 14 for day in dated), title
    assert "no milestone or task is dated in those days" in plan


def test_only_a_days_count_then_never_a_day_is_not_that_day_only() -> None:
    """Found by a new user's trial: "I can only run 4 days a week, never on Mondays" was
    read as "Monday only", then as an exclusion "on mondays"."""
    said = "I can only run 4 days a week, never on Mondays."
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=said)])
    (days,) = cs.of("days")
    assert days.subject.split() == [
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    assert cs.exclusions == []


def test_a_new_target_time_replaces_the_goals() -> None:
    """Found by a new user's trial: "Aim for 3:45 instead" was "45 instead", and the plan
    was "measured by 3 hours 30 minutes and 45 instead"."""
    points = extract_data_points(
        "Aim for 3:45 instead, 3:30 is too ambitious.", source="feedback:1"
    )
    assert ("target time", "3:45") in [(p.label, p.value) for p in points]


@pytest.mark.parametrize(
    ("said", "first", "last"),
    [
        ("I'm away 24 December to 2 January.", date(2026, 12, 24), date(2027, 1, 2)),
        ("I am away 1 March to 9 March.", date(2027, 3, 1), date(2027, 3, 9)),
    ],
)
def test_days_away_across_a_months_or_a_years_end_without_a_year(
    said: str, first: date, last: date
) -> None:
    """Found by a second new user's trial: "I'm away 24 December to 2 January" was read as
    nothing, and a milestone fell on 31 December."""
    cs = gather(KITCHEN, START, [Feedback(checkpoint=1, text=said)])
    (away,) = cs.of("away")
    assert (away.first, away.when) == (first, last)


def test_no_weekend_work_leaves_the_weekdays() -> None:
    said = "No weekend work except the cutover weekend."
    (days,) = gather(KITCHEN, START, [Feedback(checkpoint=1, text=said)]).of("days")
    assert days.subject == "monday tuesday wednesday thursday friday"


def test_a_time_away_is_a_data_point_of_its_whole_range() -> None:
    """Found by a new user's trial: the Data points table said "time away 7 February 2027"
    for "away 1-7 February 2027"."""
    points = extract_data_points("I'm away 1-7 February 2027.", source="feedback:1")
    assert [(p.label, p.value) for p in points] == [("time away", "1-7 February 2027")]
