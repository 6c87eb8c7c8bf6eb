"""Time said per day for some days is theirs: "2 hours on school nights and 5 hours on
weekends", with no revision on Saturdays, is 15 hours a week (a new user's trial: "30 hours
a week (5 hours a day x 6 days)"). And "Actually my first exam is on 11 May" of exams that
run to 23 June is a step, not the end of the plan."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

A_LEVELS = (
    "revise for my 4 A-levels (Maths, Further Maths, Physics, Chemistry) - exams run from mid"
    " May to 23 June 2027, I need AAA*A for Imperial, I can do about 2 hours on school nights"
    " and 5 hours on weekends"
)
SAID = (
    "Actually my first exam (Maths Paper 1) is on Tuesday 11 May 2027 not June, and I work"
    " Saturdays at Tesco so no revision on Saturdays."
)


def test_the_first_exam_is_a_step_and_the_exams_end_the_plan() -> None:
    cs = gather(A_LEVELS, START, [Feedback(checkpoint=1, text=SAID)])
    assert cs.deadline is not None and cs.deadline.when == date(2027, 6, 23)
    assert [(c.subject, c.when) for c in cs.additions] == [("my first exam", date(2027, 5, 11))]


async def test_a_weeks_hours_are_each_days_own() -> None:
    run = await drive(A_LEVELS, {1: SAID})
    weeks = sections(run.plan)["Week-by-week study schedule"]
    assert "15 hours a week (2 hours × 5 weekday days + 5 hours × 1 weekend day, goal)" in weeks
    plain = await drive(A_LEVELS)
    assert (
        "20 hours a week (2 hours × 5 weekday days + 5 hours × 2 weekend days, goal)"
        in (sections(plain.plan)["Week-by-week study schedule"])
    )
