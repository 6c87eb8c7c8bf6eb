"""A date said at a checkpoint for one task dates that task, and the plan's day stays (found
by a third new user's trial: "needs 40 marshals confirmed by 1 May 2027" moved a 10k's race
day to 1 May, "Apply to Leeds City Council for the road closure by 15 January 2027" to 15
January, "Priya will go over my mock exam with me on 5 March 2027" an exam to 5 March, and
"Book the exam … by 10 January 2027" pulled all the material and the mock exam to 10
January; "ask each runner to raise at least £20" made the £15,000 target £20)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints.extract import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
TEN_K = "Run a charity 10k in Leeds on 6 June 2027 for 400 runners to raise £15,000 for the hospice"
AWS = "Pass my AWS Solutions Architect Associate exam by 15 March 2027, studying 8 hours a week"


@pytest.mark.parametrize(
    ("goal", "said", "task", "day"),
    [
        (
            TEN_K,
            "Dan Hughes is the volunteer coordinator and needs 40 marshals confirmed by 1 May"
            " 2027.",
            "40 marshals confirmed",
            date(2027, 5, 1),
        ),
        (
            TEN_K,
            "Apply to Leeds City Council for the road closure by 15 January 2027.",
            "apply to leeds city council for the road closure",
            date(2027, 1, 15),
        ),
        (
            AWS,
            "Priya will go over my mock exam with me on 5 March 2027.",
            "go over my mock exam with me",
            date(2027, 3, 5),
        ),
    ],
)
def test_a_tasks_date_dates_the_task(goal: str, said: str, task: str, day: date) -> None:
    cs = gather(goal, START, [Feedback(checkpoint=1, text=said)])
    assert [(c.subject, c.when) for c in cs.of("addition")] == [(task, day)]
    assert cs.end == gather(goal, START).end  # the plan's day stays


def test_the_day_itself_still_moves() -> None:
    cs = gather(TEN_K, START, [Feedback(checkpoint=1, text="Race day is now 13 June 2027.")])
    assert cs.end == date(2027, 6, 13)


async def test_booking_the_exam_pulls_no_study_milestone() -> None:
    driven = await drive(AWS, {1: "Book the exam with Pearson VUE by 10 January 2027."}, START)
    schedule = sections(driven.plan)["Schedule"]
    for pulled in ("| M3 | All material covered; review 2 | Learner | 2027-01-10 |",
                   "| M4 | Mock exam or practice test | Learner | 2027-01-10 |"):  # fmt: skip
        assert pulled not in schedule
    assert "| M5 | Exam or goal date | Learner | 2027-03-15 |" in schedule
    assert "| Book the exam with Pearson VUE | Learner | 2027-01-10 | feedback:1 |" in (driven.plan)


async def test_each_runners_sponsorship_leaves_the_target() -> None:
    said = "We will ask each runner to raise at least £20 in sponsorship."
    driven = await drive(TEN_K, {1: said}, START)
    assert "To raise £15,000, it must bring in £15,000: £38 from each of the 400 runners" in (
        driven.plan
    )
    assert "in sponsorship and donations" in driven.plan
    assert "£20 is not reached" not in driven.plan and "raise £20" not in driven.plan
    assert "| target per person | £20 | feedback:1 |" in sections(driven.plan)["Data points"]


def test_a_day_said_to_be_still_the_day_holds() -> None:
    """Found by the same trial: "Race day is still 6 June 2027", said after a wrong move,
    was kept as direction and changed nothing."""
    said = [
        Feedback(checkpoint=1, text="Race day is now 15 January 2027."),
        Feedback(checkpoint=2, text="Race day is still 6 June 2027."),
    ]
    assert gather(TEN_K, START, said).end == date(2027, 6, 6)
