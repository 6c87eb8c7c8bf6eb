"""A trade's week said in the goal (a thirteenth new user's trial: "Redo the kitchen …, the
electrician can only come in the week of 8 March, done before Easter" was read as nothing:
the first fix of the electrics came on 25 January)."""

from __future__ import annotations

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

KITCHEN = (
    "Redo the kitchen: new units, worktop and flooring, budget £12,000, the electrician can only"
    " come in the week of 8 March, done before Easter"
)


def test_the_electricians_week_is_the_electricians_start() -> None:
    cs = gather(KITCHEN, START, [])
    starts = [(c.scope, c.when.isoformat() if c.when else "") for c in cs.of("start")]
    assert starts == [("electrician", "2027-03-08")]
    assert cs.start == START  # the plan itself starts now: design and orders come first


async def test_the_first_fix_waits_for_the_electrician() -> None:
    run = await drive(KITCHEN)
    works = sections(run.plan)["Works sequence"]
    row = next(r for r in works.splitlines() if "first fix" in r)
    assert "| 2027-03-08 |" in row, row
    assert "| Measure up, design the layout, ask three builders to quote | 2026-12-03 |" in works
    assert run.flags == []


async def test_a_trades_later_start_moves_its_step_not_the_deadline() -> None:
    """A second trial's: "The plumber can now only start on 15 March" made 15 March the
    deadline of a bathroom due by the end of April, and the works began on 1 March."""
    goal = (
        "Renovate the bathroom by the end of April 2027, budget £9,000; the plumber can start on"
        " 1 March"
    )
    run = await drive(goal, {1: "The plumber can now only start on 15 March"})
    secs = sections(run.plan)
    assert "the deadline 2027-04-30" in secs["Schedule"]
    assert "Changed since the goal: deadline" not in run.plan
    row = next(r for r in secs["Works sequence"].splitlines() if "first fix" in r)
    assert "| 2027-03-15 |" in row, row
    assert run.flags == []


def test_the_goals_own_thing_starting_on_a_day_is_still_its_day() -> None:
    """Read once more: a trade's start is no deadline, but "the wedding starts on 25
    September 2027" is the wedding's own day."""
    goal = "Plan our wedding for 80 guests in Bath in 2027, budget £20,000"
    said = [Feedback(checkpoint=1, text="The wedding starts on 25 September 2027")]
    cs = gather(goal, START, said)
    assert cs.deadline is not None and cs.deadline.when is not None
    assert (cs.deadline.when.isoformat(), cs.deadline.source) == ("2027-09-25", "feedback:1")
