"""Learning to drive is planned as a driving test, not a course of study (found as a user:
"Get my driving licence by September" got the general plan, and given study keywords,
"Materials chosen and level tested", "First half of the material covered")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
GOAL = "Get my driving licence by September with £1,500"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (GOAL, "driving"),
        ("Pass my driving test before I start university in October", "driving"),
        ("Learn to drive this year", "driving"),
        ("Learn Spanish to B1 level by next summer", "study"),
    ],
)
def test_learning_to_drive_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_driving_plan_books_the_practical_test_months_ahead() -> None:
    out = outline.build(GOAL, gather(GOAL, START))
    assert [m.title for m in out.milestones] == [
        "Provisional licence in hand; an instructor booked",
        "Theory test passed",
        "Practical test booked",
        "Mock test passed with the instructor",
        "Practical test passed",
    ]
    table = structure(out)
    # on the day of the milestone that says it is done (M3), one date for one task
    assert "| With M2 | 2027-04-18 | Take the theory test |" in table
    assert "| With M3 | 2027-05-18 | Book the practical test:" in table
    assert "| Test day | 2027-09-30 | The practical test | Learner driver |" in table
    assert out.lines[0].name == "Driving lessons"


async def test_a_driving_plan_has_no_study_material() -> None:
    plan, _ = await _run(GOAL, [])
    assert "Plan type: learning to drive." in plan
    for study in ("Materials chosen", "material covered", "Delivery team"):
        assert study not in plan
