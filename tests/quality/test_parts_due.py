"""A part of the work wanted by a day, said at a checkpoint, is that part's date and not the
plan's deadline (a thirteenth new user's trial: "My supervisor wants a full draft by 1 August
2027" moved a dissertation's submission to 1 August, and "…, so school applications must go
in by early January" moved a family's house move seven weeks earlier)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

THESIS = (
    "Write and submit my MSc dissertation (15,000 words) by 1 September 2027; data collection"
    " needs ethics approval first"
)
MOVE = "Move house from Bristol to Leeds by 28 February 2027 with two kids and a cat, budget £4,500"
DRAFT = "My supervisor wants a full draft by 1 August 2027"
SCHOOLS = (
    "Please make sure the kids start at their Leeds schools after February half term, so school"
    " applications must go in by early January"
)


@pytest.mark.parametrize(
    ("goal", "said", "task", "day"),
    [
        (THESIS, DRAFT, "send the full draft", "2027-08-01"),
        (MOVE, SCHOOLS, "send the school applications", "2027-01-10"),
        (THESIS, "The chapter outlines are due by 1 March.", "send the chapter outlines",
         "2027-03-01"),
    ],
)  # fmt: skip
def test_a_part_due_by_a_day_is_no_deadline(goal: str, said: str, task: str, day: str) -> None:
    cs = gather(goal, START, [Feedback(checkpoint=1, text=said)])
    assert cs.deadline is not None and cs.deadline.source == "goal"
    due = [c for c in cs.items if c.kind == "addition"]
    assert [(c.subject, c.when.isoformat() if c.when else "") for c in due] == [(task, day)]


async def test_the_dissertation_is_still_submitted_on_its_day() -> None:
    run = await drive(THESIS, {1: DRAFT})
    schedule = sections(run.plan)["Schedule"]
    assert "the deadline 2027-09-01 (“by 1 September 2027”, goal)" in schedule
    assert "| Submitted | Writer | 2027-09-01 |" in schedule
    assert "| Send the full draft | Writer | 2027-08-01 | feedback:1 |" in run.plan
    assert "Changed since the goal" not in run.plan
    assert run.flags == []


async def test_the_move_keeps_its_day_and_sends_the_applications_first() -> None:
    run = await drive(MOVE, {1: SCHOOLS})
    assert "| M7 | Moving day | Move planner | 2027-02-28 |" in sections(run.plan)["Schedule"]
    assert "| Send the school applications | Move planner | 2027-01-10 | feedback:1 |" in run.plan
    assert run.flags == []
