"""A goal that names two days ends on the later one (a new user's trial, 2026-12-07): "the
Lisbon Half on 14 March 2027 in 12 weeks" put race day on 1 March, the date said last, and
"defend my master's thesis by 30 June 2027; my supervisor … wants the full draft by 15 April"
ended on 15 April. The thesis was also an exam's revision schedule, 80,000 words long."""

from __future__ import annotations

import re

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from tests.quality.drive import START, drive

RACE = (
    "Train for my first half marathon (the Lisbon Half on 14 March 2027) in 12 weeks while "
    "working night shifts Monday to Thursday, aiming for under 2 hours"
)
THESIS = (
    "Write and defend my master's thesis on soil microbiomes by 30 June 2027; my supervisor "
    "Dr Helena Costa wants the full draft by 15 April"
)


def test_the_last_day_the_goal_names_is_its_deadline() -> None:
    race = gather(RACE, START)
    assert race.deadline is not None and race.deadline.text == "on 14 March 2027"
    thesis = gather(THESIS, START)
    assert thesis.deadline is not None and thesis.deadline.text == "by 30 June 2027"
    # a season is what the work is for, the day beside it the deadline
    plot = gather("Get my allotment ready for spring planting by 15 March 2027", START)
    assert plot.deadline is not None and plot.deadline.text == "by 15 March 2027"
    # feedback still moves it, to an earlier day too
    moved = gather(RACE, START, [Feedback(checkpoint=1, text="The race is now on 7 March 2027")])
    assert moved.deadline is not None and moved.deadline.source == "feedback:1"


async def test_race_day_is_the_race_and_the_weeks_before_it_are_said() -> None:
    run = await drive(RACE)
    parts = sections(run.plan)
    assert "| M4 | Race day | Athlete | 2027-03-14 |" in parts["Schedule"]
    assert (
        "Deadline “in 12 weeks” (goal) comes before “on 14 March 2027”, the last day the goal "
        "names, which holds: 2027-03-14." in parts["Constraints"]
    )
    assert "is replaced by one given after it" not in run.plan


async def test_a_thesis_is_written_and_its_draft_is_due_on_the_supervisors_day() -> None:
    assert pick(THESIS).title == "A dissertation"
    assert pick("Study for my thesis defence in May").id == "study"
    run = await drive(THESIS)
    parts = sections(run.plan)
    assert "Plan type: a dissertation." in parts["Schedule"]
    assert "| Submitted | Writer | 2027-06-30 |" in parts["Schedule"]
    assert "Mock exam" not in run.plan and "Sit the exam" not in run.plan
    writing = parts["Writing schedule"]
    assert "15,000 words (assumed: no length stated; a usual master's dissertation's)" in writing
    assert "**Asked for in the goal:**" in writing
    assert "| Send the full draft | Writer | 2027-04-15 | goal |" in writing
    assert run.flags == []


async def test_a_day_ruled_out_caps_the_runs_and_sets_none() -> None:
    """The same trial: after "I can't run on Mondays" a first-timer ran 6 days a week (the
    days left), where the plan before had 3 or 4."""
    before = await drive(RACE)
    after = await drive(RACE, {1: "I can't run on Mondays"})
    runs = [
        int(n)
        for n in re.findall(
            r"^\| \d+ \| \S+ \| (\d) \|",
            sections(after.plan)["Week-by-week training schedule"],
            re.M,
        )
    ]
    assert runs and max(runs) <= 4
    first = re.findall(
        r"^\| \d+ \| \S+ \| (\d) \|", sections(before.plan)["Week-by-week training schedule"], re.M
    )
    assert runs == [int(n) for n in first]
    assert "Rest days kept free of running: Monday (as asked)." in after.plan
