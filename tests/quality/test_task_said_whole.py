"""A task a reviewer adds keeps where it goes and when (found as a user: "Add a task: Tom
takes the old furniture to the tip the week before the move." became "Tom takes the old
furniture", due nine weeks before moving day, and Tom was given the old home's notice and
the packing for the "old" in his task)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints.extract import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
MOVE = "Move our family of four from Leeds to Bristol by the end of August with a budget of £6,000"
TIP = "Add a task: Tom takes the old furniture to the tip the week before the move."


def test_where_a_task_takes_things_is_the_tasks() -> None:
    def added(said: str) -> list[str]:
        cs = gather(MOVE, START, [Feedback(checkpoint=1, text=said)])
        return [c.subject for c in cs.of("addition")]

    assert added(TIP) == ["tom takes the old furniture to the tip"]
    assert added("Add a task: take the kids to the new school for a visit.") == [
        "take the kids to the new school"
    ]
    assert added("Add a rubric to the judging.") == ["rubric"]  # "to" ends a thing added


async def test_the_tip_run_is_toms_the_week_before_the_move_and_nothing_else_is() -> None:
    driven = await drive(MOVE, {1: TIP}, START)
    plan = sections(driven.plan)
    assert "| Tom takes the old furniture to the tip | Tom | 2027-08-24 | feedback:1 |" in (
        driven.plan
    )
    assert (
        "| Person and role | Tom: takes the old furniture to the tip | feedback:1 |"
        in (plan["Constraints"])
    )
    assert "| Tom |" not in plan["Schedule"]  # no milestone is his
    assert driven.flags == []


async def test_a_task_for_after_the_move_is_dated_on_moving_day_and_says_so() -> None:
    """Found as a user: "register with a GP in Bristol after the move" was due seven weeks
    before moving day."""
    said = "Add a task: register with a GP in Bristol after the move."
    driven = await drive(MOVE, {1: said}, START)
    assert (
        "| Register with a GP in Bristol (after the move: on or after 2027-08-31) | Move planner"
        " | 2027-08-31 | feedback:1 |" in driven.plan
    )
    assert "added to Countdown to moving day: Move planner, done by 2027-08-31" in driven.plan
    assert driven.flags == []
