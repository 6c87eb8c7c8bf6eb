"""A date said for one part of a plan is that part's, not the plan's deadline (found as a
user: "School places must be confirmed by the end of June." moved a family's moving day
from the end of August to the end of June)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints.extract import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
MOVE = "Move our family of four from Leeds to Bristol by the end of August with a budget of £6,000"


@pytest.mark.parametrize(
    ("said", "task"),
    [
        ("School places must be confirmed by the end of June.", "confirm the school places"),
        ("Confirm school places by the end of June.", "confirm school places"),
        ("Our passports must be renewed by 1 May.", "renew the passports"),
        ("The deposit is due by 15 January.", "pay the deposit"),
    ],
)
def test_a_parts_date_is_a_task_due_then(said: str, task: str) -> None:
    cs = gather(MOVE, START, [Feedback(checkpoint=1, text=said)])
    assert [c.subject for c in cs.of("addition")] == [task]
    assert [c.when for c in cs.of("deadline")] == [date(2027, 8, 31)]


async def test_the_move_keeps_its_day_and_the_school_places_are_confirmed_by_june() -> None:
    driven = await drive(MOVE, {1: "School places must be confirmed by the end of June."}, START)
    plan = sections(driven.plan)
    assert "| Moving day | 2027-08-31 | The move |" in plan["Countdown to moving day"]
    assert "Changed since the goal" not in driven.plan
    assert "| Confirm the school places | Move planner | 2027-06-30 | feedback:1 |" in driven.plan
    assert driven.flags == []


async def test_a_tasks_day_is_recorded_as_that_tasks_not_the_deadline() -> None:
    """Found as a user: "Send the invitations by 31 January" of a party on 14 March was
    recorded as "deadline | 31 January" in the plan's data points."""
    party = "Plan a 40th birthday party for 30 guests on 14 March in Manchester, budget £1,500"
    driven = await drive(party, {1: "Send the invitations by 31 January."}, START)
    points = sections(driven.plan)["Data points"]
    assert "| task due | 31 January | feedback:1 |" in points
    assert "| deadline |" not in points
