"""A head count said again in a few words at a checkpoint (found by a new user's trial:
"Only 8 people now" was added to the team, and "Only 5 of us now" was read as nothing)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

OFFSITE = (
    "Organise a two-day team offsite in the Lake District for 12 people in May 2027 with a"
    " budget of £6,000"
)


@pytest.mark.parametrize(
    ("said", "people"),
    [
        ("Only 8 people now.", 8),
        ("Only 5 of us now.", 5),
        ("There are just 6 of us going.", 6),
    ],
)
def test_the_people_counted_now(said: str, people: int) -> None:
    cs = gather(OFFSITE, START, [Feedback(checkpoint=1, text=said)])
    assert not cs.teams
    counted = cs.quantity("person")
    assert counted is not None and counted.number == people and counted.source == "feedback:1"


def test_a_count_of_us_needs_people_counted_in_the_goal() -> None:
    cs = gather(
        "Redecorate the kitchen by May", START, [Feedback(checkpoint=1, text="Only 2 of us now")]
    )
    assert cs.quantity("person") is None


async def test_the_plan_is_for_the_people_now() -> None:
    run = await drive(OFFSITE, {1: "Only 8 people now."})
    first = run.plan.split("\n## ", 1)[0]
    assert "_Changed since the goal: 8 people, not 12 people (checkpoint 1 feedback)._" in first
    assert (
        "— the plan is now for 8 people, not 12 people (goal)."
        in sections(run.plan)["Feedback applied"]
    )
    assert "Person and role" not in run.plan and "Team size" not in run.plan
    assert run.flags == []
