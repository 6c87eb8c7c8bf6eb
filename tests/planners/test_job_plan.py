"""A job search is planned as one (found as a user: "Find a new job as a product manager by
April" got a software release: "First increment demoed", "Beta with real users")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
JOB = "Find a new job as a product manager by April"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (JOB, "job"),
        ("Get hired as a data analyst in Berlin by June", "job"),
        ("Change career from teaching to UX design within a year", "job"),
        ("Update my CV and apply for jobs", "job"),
        ("Hire 3 engineers for our startup by March", "hiring"),  # the employer's side
    ],
)
def test_a_job_search_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_job_search_counts_down_to_an_accepted_offer() -> None:
    out = outline.build(JOB, gather(JOB, START))
    assert out.end == date(2027, 4, 30)
    assert [m.title for m in out.milestones][-1] == "Offer accepted; start date agreed"
    table = structure(out)
    assert "Apply to five roles a week; ask for referrals where you can" in table
    assert "| Target date | 2027-04-30 | Offer accepted | Job seeker |" in table


async def test_a_job_search_is_the_seekers_own_work() -> None:
    plan, _ = await _run(JOB, [])
    assert "Plan type: a job search." in plan
    for software in ("First increment", "Beta with real users", "Delivery team"):
        assert software not in plan
    assert "Job seeker" in sections(plan)["Schedule"]
    assert "Who does the work" not in plan  # the seeker is the team
