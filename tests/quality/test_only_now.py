"""A count said again as all that can be given now (a thirteenth new user's trial: "I can
only train 3 days a week" was recorded, and every week of the half marathon's schedule
kept its 4 sessions)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import START, drive

HALF = (
    "Train for my first half marathon on 19 April 2027; I can run 5 km now and can train 4 days"
    " a week"
)


@pytest.mark.parametrize(
    "said", ["I can only train 3 days a week", "We could only manage 3 days a week now."]
)
def test_what_can_only_be_given_replaces_the_count(said: str) -> None:
    cs = gather(HALF, START, [Feedback(checkpoint=1, text=said)])
    days = cs.quantity("day", "week")
    assert days is not None and (days.number, days.source) == (3, "feedback:1")


def test_the_goals_own_can_is_no_change() -> None:
    cs = gather("Get fit: I can only run 2 km now and want to run 10 km by June", START, [])
    assert [c.replaces for c in cs.of("quantity")] == [False, False]


async def test_every_week_has_three_sessions() -> None:
    run = await drive(HALF, {1: "I can only train 3 days a week"})
    table = sections(run.plan)["Week-by-week training schedule"]
    rows = [r for r in table.splitlines() if r.startswith("| ") and r[2].isdigit()]
    assert rows and all(r.split("|")[3].strip() in ("3", "2", "1") for r in rows), rows
    assert "3 running days a week (feedback:1)" in table


async def test_a_beginners_10k_starts_from_the_run_said_and_stays_a_10ks() -> None:
    """A second page trial's: "Train for a 10k …; I can run 3 km now and train 3 days a week"
    began at 15 km a week ("about twice the 3 km run you do now") and peaked at 41 km with
    16 km long runs for a first 10k."""
    goal = "Train for a 10k on 16 May 2027; I can run 3 km now and train 3 days a week"
    table = sections((await drive(goal)).plan)["Week-by-week training schedule"]
    rows = [r.split("|") for r in table.splitlines() if r.startswith("| ") and r[2].isdigit()]
    loads, longs = [int(r[4]) for r in rows], [int(r[5]) for r in rows]
    assert loads[0] == 9 and max(loads) <= 35 and max(longs) <= 13
    assert "Load starts from 9 km a week (the 3 km you run now, on each running day, goal)" in table


async def test_the_gym_times_said_and_a_knee_that_rules_out_running() -> None:
    """A second trial's: "… can go to the gym 3 times a week" had weeks of 4 sessions, and
    "I have a bad knee, so no running - cycling and swimming only" was read as nothing."""
    goal = (
        "Lose 8 kg by my 40th birthday on 20 June 2027; I'm 92 kg now and can go to the gym 3"
        " times a week"
    )
    run = await drive(goal, {1: "I have a bad knee, so no running - cycling and swimming only"})
    table = sections(run.plan)["Week-by-week plan"]
    rows = [r.split("|") for r in table.splitlines() if r.startswith("| ") and r[2].isdigit()]
    assert max(int(r[3]) for r in rows) == 3
    assert all("low-impact: cycling, swimming" in r[5] for r in rows[1:])
    assert "| Excluded | no running | feedback:1 |" in run.plan
