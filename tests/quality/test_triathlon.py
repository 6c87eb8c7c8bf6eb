"""A triathlon is swum, ridden and run within the hours given (found by a second new user's
trial: "Prepare for a sprint triathlon … I can swim 400 m now" got a half marathon's running
plan, 60 km a week and a 21 km long run, with no swim or ride, its "5 hours a week"
recorded and unused)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = "Prepare for a sprint triathlon on 19 June 2027; I can swim 400 m now"


def test_a_triathlon_is_its_own_and_a_run_stays_a_run() -> None:
    assert pick(GOAL).title == "A triathlon"
    assert pick("Run a half marathon in under 2 hours on 18 April 2027").title == (
        "A training or fitness schedule"
    )


async def test_a_sprint_triathlon_swims_rides_and_runs_within_the_hours_given() -> None:
    run = await drive(GOAL, {1: "I can train 5 hours a week. I'm away 1-8 May."}, start=START)
    parts = sections(run.plan)
    weeks = parts["Week-by-week training schedule"]
    rows = [r for r in weeks.splitlines() if r.startswith("| ") and r[2].isdigit()]
    assert rows[0].startswith("| 1 | 2026-12-05 | 5 | 2 swims; longest 400 m |")
    assert "| 22 | 2027-05-01 | 0 | — | — | — | Away (1-8 May): rest |" in weeks
    assert "| Race | 2027-06-19 | — | 750 m | 20 km | 5 km | a sprint triathlon |" in weeks
    # past the race's swim before the taper; no week over the hours given
    assert "longest 900 m" in weeks
    assert all(float(r.split(" | ")[2]) <= 5 for r in rows)
    assert " km | Long run" not in weeks and "21 km" not in run.plan
    assert "| M2 | The race's swim done without stopping | Athlete |" in parts["Schedule"]


async def test_an_olympic_triathlon_starts_from_what_is_swum_and_ridden_now() -> None:
    run = await drive(
        "Train for an Olympic triathlon on 11 September 2027; I can swim 1 km and cycle 30 km",
        {1: "I can train 7 hours a week."},
        start=START,
    )
    weeks = sections(run.plan)["Week-by-week training schedule"]
    assert "| 1 | 2026-12-05 | 7 | 2 swims; longest 1,000 m | 1–2 rides; longest 105 min |" in (
        weeks
    )
    assert (
        "| Race | 2027-09-11 | — | 1,500 m | 40 km | 10 km | an Olympic-distance triathlon |"
        in (weeks)
    )


async def test_what_is_swum_and_ridden_now_is_no_measure_or_work() -> None:
    """Found as a user: "I can swim 1 km and cycle 30 km now" made the plan "measured by
    1 km and 30 km", with "cycle 30 km now" a work package and a Should have."""
    run = await drive(
        "Complete my first sprint triathlon on 20 June 2027; I can swim 1 km and cycle 30 km now",
        start=START,
    )
    parts = sections(run.plan)
    assert "measured by" not in parts["SMART goal"]
    assert "| Measurable | Every milestone met on its date" in parts["SMART goal"]
    assert "30 km now" not in parts["Work breakdown"]
    assert "30 km now" not in parts["MoSCoW priorities"]
    assert "1 km and 30 km" not in run.plan
