"""A Schedule the person wrote at a checkpoint is every section's milestones. Found by two
user trials: an edited M3 ("Risk assessment written and signed off | Jo") came back as the
old M3 in the RACI, the work breakdown and the next actions, so the plan said two things
and the calendar had both."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.domain import PersonSection
from planloop.planners.offline.families.person_schedule import schedule_of
from tests.quality.drive import after_edit, drive

START = date(2026, 12, 7)
GOAL = (
    "Organise a community litter pick for 30 volunteers in Riverside Park on 18 April 2027,"
    " budget £200 for gloves, bags and refreshments"
)
OLD = (
    "| M3 | Kit sorted: pickers, gloves, bags and hi-vis; the waste collection booked | Organiser |"
)
NEW = "| M3 | Risk assessment signed off by the council | Jo |"


async def _after_edit(schedule: str) -> str:
    """The plan of iteration 3 after the person wrote ``schedule`` at checkpoint 1."""
    before = await drive(GOAL, start=START, iterations=2)
    mine = PersonSection(title="Schedule", text=schedule, iteration=2, after_feedback=0)
    return await after_edit(GOAL, before, mine, START, max_iterations=4)


async def test_an_edited_milestone_is_the_milestone_everywhere() -> None:
    before = await drive(GOAL, start=START, iterations=2)
    schedule = sections(before.plan)["Schedule"]
    assert OLD in schedule
    plan = await _after_edit(schedule.replace(OLD, NEW))
    secs = sections(plan)
    assert (
        "| M3 | Risk assessment signed off by the council | Jo | 2027-02-11 | M2 |"
        in (secs["Milestones and critical path"])
    )
    assert "| M3 Risk assessment signed off by the council |" in secs["RACI matrix"]
    assert (
        "3.2 Risk assessment signed off by the council — Jo, by 2027-02-11 (M3)"
        in (secs["Work breakdown"])
    )
    assert "Kit sorted" not in plan.replace(secs["Schedule"], "")
    assert "_Revised in iteration 3 from your Schedule._" in secs["Work breakdown"]


def test_only_a_written_schedule_with_milestone_rows_counts() -> None:
    row = "| M1 | Date fixed | Organiser | 2027-01-02 |"
    kept = [PersonSection(title="Schedule", text=row, iteration=2, after_feedback=0)]
    assert [(m.title, m.owner, m.due) for m in schedule_of(kept)] == [
        ("Date fixed", "Organiser", date(2027, 1, 2))
    ]
    removed = [PersonSection(title="Schedule", text="", iteration=2, after_feedback=0)]
    other = [PersonSection(title="Budget", text=row, iteration=2, after_feedback=0)]
    prose = [PersonSection(title="Schedule", text="Later.", iteration=2, after_feedback=0)]
    assert schedule_of(removed) == schedule_of(other) == schedule_of(prose) == []
