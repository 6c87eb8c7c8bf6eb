"""Feedback a person gives an offsite is applied, not just echoed (found in a user trial:
"We are now 14 people, not 12. Keep travel under €2,000. Ana is the organiser and Ben
handles finance. The offsite must be 10-12 March." kept the offsite on 29 March, Ana on
one milestone, Ben nowhere, both head counts, and "must be 10-12 March" as a requirement
no section met, while every check passed)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import dates, gather
from planloop.domain import Feedback
from tests.quality.drive import drive

GOAL = "Plan a 3-day team offsite in Lisbon for 12 people in March, budget €9,000"
SAID = (
    "We are now 14 people, not 12. Keep travel under €2,000. Ana is the organiser and Ben"
    " handles finance. The offsite must be 10-12 March."
)
START = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("10-12 March", "2027-03-10", "2027-03-12"),
        ("10 to 12 March 2027", "2027-03-10", "2027-03-12"),
        ("March 10–12", "2027-03-10", "2027-03-12"),
        ("3rd-5th of June", "2027-06-03", "2027-06-05"),
    ],
)
def test_days_of_one_month_are_an_events_dates(phrase: str, first: str, last: str) -> None:
    found = dates.day_range(phrase, START)
    assert found is not None and (found[0].isoformat(), found[1].isoformat()) == (first, last)
    cs = gather("Plan an offsite", START, [Feedback(checkpoint=1, text=f"It must be {phrase}.")])
    assert cs.deadline is not None and cs.deadline.when.isoformat() == last


def test_each_person_named_keeps_their_own_role() -> None:
    cs = gather(GOAL, START, [Feedback(checkpoint=1, text=SAID)])
    assert [(m.name, m.role) for m in cs.members] == [
        ("Ana", "is the organiser"),
        ("Ben", "handles finance"),
    ]


async def test_the_offsite_feedback_changes_the_plan() -> None:
    run = await drive(GOAL, {1: SAID})
    plan = run.plan
    secs = sections(plan)
    schedule = secs["Schedule"]
    assert "to 2027-03-10, the first day of the 3 days it lasts" in schedule
    assert "the deadline 2027-03-12 (“10-12 March”, feedback:1)" in schedule
    assert (
        "| M7 | Offsite: 3 days, 2027-03-10 to 2027-03-12 | Ana | 2027-03-10 |" in schedule
    )  # its first day
    assert schedule.count("| Ana |") == 7  # the organiser owns the organiser's milestones
    assert "| Ben (finance / budget holder) |" in secs["Stakeholder map"]
    assert "Ben holds the budget (finance in the RACI, owner of the budget risk)" in plan
    assert "Which team size holds" not in plan
    assert "assign 14 people," in secs["Work breakdown"]
    assert "across 12 people" not in plan  # the count the person corrected raises no risk
    assert "must be 10-12 March” is not met" not in plan
    assert not run.flags, run.flags


async def test_a_person_who_owns_every_milestone_leads() -> None:
    run = await drive(GOAL, {1: "Ana owns every milestone."})
    assert sections(run.plan)["Schedule"].count("| Ana |") == 7


async def test_the_lead_of_one_part_owns_that_part_only() -> None:
    """Found in the same trial: "Dr Patel is the lead judge" made Patel the owner of every
    milestone of a hackathon, the venue and the catering included."""
    goal = "Organise a 24-hour hackathon for 80 students in March with £6,000"
    schedule = sections((await drive(goal, {1: "Dr Patel is the lead judge."})).plan)["Schedule"]
    # named as said, title and all
    assert "| M3 | Speakers, mentors or judges confirmed; sponsors approached | Dr Patel |" in (
        schedule
    )
    assert schedule.count("| Dr Patel |") == 1
