"""A goal's time given as a duration and given again at a checkpoint (a thirteenth new
user's trial: "Make it 6 months rather than 4" of "… within 4 months" said "Changed since
the goal: 6 months", and every date still ran to the end of the 4 months)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

JOB = (
    "Get my first job as a junior data analyst within 4 months; I know Excel and some SQL, can"
    " study 10 hours a week"
)


@pytest.mark.parametrize(
    "said", ["Make it 6 months rather than 4", "Make it 6 months", "Give me 6 months instead"]
)
def test_a_duration_said_again_sets_the_deadline(said: str) -> None:
    cs = gather(JOB, START, [Feedback(checkpoint=1, text=said)])
    assert cs.deadline is not None and cs.deadline.source == "feedback:1"
    assert cs.deadline.when is not None and cs.deadline.when.isoformat() == "2027-06-02"


def test_a_duration_said_of_something_else_is_no_deadline() -> None:
    cs = gather(JOB, START, [Feedback(checkpoint=1, text="I have 6 months of savings.")])
    assert cs.deadline is not None and cs.deadline.source == "goal"


async def test_every_date_runs_to_the_new_end() -> None:
    run = await drive(JOB, {1: "Make it 6 months rather than 4"})
    schedule = sections(run.plan)["Schedule"]
    assert "to the deadline 2027-06-02 (“6 months”, feedback:1)" in schedule
    assert "2027-04-02" not in schedule
