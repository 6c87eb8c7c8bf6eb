"""A first job looked for, as a thirteenth new user's trial asked: "Get my first job as a
junior data analyst within 4 months; I know Excel and some SQL, can study 10 hours a week"
was a study schedule ("Ready for the day it is for", no CV, no applications) whose work
packages were "I know Excel and some SQL" and "can study 10 hours a week", and "build 3
portfolio projects" made it "measured by 3 portfolio"."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families import pick
from tests.quality.drive import drive

JOB = (
    "Get my first job as a junior data analyst within 4 months; I know Excel and some SQL, can"
    " study 10 hours a week"
)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (JOB, "job"),
        ("Find a new job as a nurse in Leeds by June", "job"),
        ("Land a software engineering internship for summer 2027", "job"),
        ("Study for the CFA level 1 exam in June", "study"),
        ("Hire 3 backend engineers by March", "hiring"),
    ],
)
def test_a_job_looked_for_is_a_job_search(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_the_search_has_its_steps_and_no_givens_as_work() -> None:
    run = await drive(JOB, {1: "I want to learn Python and build 3 portfolio projects"})
    secs = sections(run.plan)
    assert "Plan type: a job search." in secs["Schedule"]
    assert "| M2 | CV, LinkedIn and portfolio updated | Job seeker |" in secs["Schedule"]
    work = secs["Work breakdown"]
    assert "I know Excel" not in work and "can study 10 hours" not in work
    assert "measured by 3 portfolio projects." in secs["SMART goal"]
    assert run.flags == []
