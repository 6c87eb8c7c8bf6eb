"""A countdown and the milestones give one date for one task (found as a user: "Book the
venue 2026-12-19" beside "M2 Venue booked 2027-01-31", "Send invitations 2027-04-24"
beside "M4 Invitations sent 2027-05-26", in most plans that count down to a day)."""

from __future__ import annotations

import re

import pytest

from planloop.checks import sections
from tests.planners.test_memory_plans import _run

GOALS = (
    "Plan our wedding for 80 guests in York on 12 June 2027, budget £18,000",
    "Run a weekend music festival for 2,000 people in Somerset on 10-11 July 2027",
    "Organise a 2-day developer conference with 20 talks in Lisbon on 12 May 2027",
    "Move from London to Bristol with my partner by 30 April 2027",
    "Hold a charity bake sale at the church hall on 6 March 2027",
)


@pytest.mark.parametrize("goal", GOALS)
async def test_a_task_tied_to_a_milestone_is_on_its_day(goal: str) -> None:
    plan, _ = await _run(goal, [])
    secs = sections(plan)
    due = dict(re.findall(r"^\| (M\d+) \| [^|]+ \| [^|]+ \| (\S+) \|$", secs["Schedule"], re.M))
    structure = next(v for k, v in secs.items() if "| When | Date |" in v)
    tied = re.findall(r"^\| With (M\d+) \| (\S+) \|", structure, re.M)
    assert tied, structure
    for milestone, day in tied:
        assert due[milestone] == day, (milestone, day, due[milestone])
