"""A training plan's weekly load stops at what the race needs (found as a user: a 5k in
June, 30 weeks away, climbed 10% a week to 135 km a week with a 47 km long run)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.tables import structure

START = date(2026, 12, 4)


def _weeks(goal: str) -> tuple[list[tuple[int, int]], str]:
    table = structure(outline.build(goal, gather(goal, START)))
    rows = re.findall(r"^\| \d+ \| [\d-]+ \| \d \| (\d+) \| (\d+) \|", table, re.M)
    return [(int(load), int(longest)) for load, longest in rows], table


@pytest.mark.parametrize(
    ("goal", "peak", "longest", "race"),
    [
        ("Run my first 5k in June", 35, 10, "a 5k"),
        ("Run a 10k by next September", 50, 16, "a 10k"),
        ("Run a half marathon in October", 60, 21, "a half marathon"),
        ("Run my first marathon by next November", 80, 32, "a marathon"),
    ],
)
def test_the_load_rises_to_the_races_usual_peak_and_holds(
    goal: str, peak: int, longest: int, race: str
) -> None:
    weeks, table = _weeks(goal)
    assert max(load for load, _ in weeks) == peak  # reached, never passed
    assert max(run for _, run in weeks) <= longest
    assert f"to at most {peak} km (a usual peak week for {race})" in table


def test_a_runner_already_above_the_peak_keeps_their_load() -> None:
    weeks, _ = _weeks("Run a 5k in June; I already run 50 km a week")
    assert max(load for load, _ in weeks) == 50


def test_a_race_too_soon_for_a_usual_plan_is_said_to_be() -> None:
    """Found as a user: "Run my first marathon in 12 weeks" got a 39 km peak week and no word
    that 12 weeks is short for a marathon."""
    _, soon = _weeks("Run my first marathon in 12 weeks")
    assert "12 weeks is short for a marathon: a usual plan takes 16 or more." in soon
    _, enough = _weeks("Run my first 5k in 10 weeks")
    assert "is short for" not in enough


def test_a_single_run_is_where_the_long_run_starts_not_a_weeks_load() -> None:
    """Found by a user: "Prepare for a half marathon in 12 weeks, I currently run 10 km"
    started at 10 km a week with a 4 km long run and peaked at 7 km, a third of the race."""
    weeks, table = _weeks("Prepare for a half marathon in 12 weeks, I currently run 10 km")
    longs = [run for _, run in weeks]
    assert longs[0] == 10 and max(longs) == 19  # from the run you do to ~90% of the race
    assert weeks[0][0] == 20  # about two such runs a week
    assert "about twice the 10 km run you do now" in table


def test_the_week_the_long_run_and_the_days_said_in_feedback_are_each_kept() -> None:
    goal = "Prepare for a half marathon in 12 weeks, I currently run 10 km"
    said = (
        "I already run 10 km in one go, about 25 km a week. Build the long run up to 18 km."
        " I can train 4 days a week."
    )
    cs = gather(goal, START, [Feedback(checkpoint=1, text=said)])
    table = structure(outline.build(goal, cs))
    rows = re.findall(r"^\| \d+ \| [\d-]+ \| (\d) \| (\d+) \| (\d+) \|", table, re.M)
    assert {sessions for sessions, _, _ in rows} == {"4"}
    assert int(rows[0][1]) == 25 and int(rows[0][2]) == 10
    assert max(int(long_run) for _, _, long_run in rows) == 18
    assert "Load starts from 25 km a week (feedback:1)" in table
    assert "The long run grows from 10 km to 18 km (as asked, feedback:1)" in table


ULTRA = "Train for my first 50 km ultramarathon on 19 September 2027; I currently run 30 km a week"


def test_a_long_plan_reaches_its_peak_late_not_months_early() -> None:
    """Found by a user trial: a first 50 km ultra, from 30 km a week over 41 weeks, climbed
    10% a week to 100 km by week 18 and held it for 20 weeks. A first 50 km peaks at about
    a marathoner's week, and a long plan grows more slowly, to reach it near the end."""
    weeks, table = _weeks(ULTRA)
    loads = [load for load, _ in weeks]
    assert max(loads) == 80
    assert loads.index(80) >= len(loads) - 12  # reached in the last 12 weeks
    assert "rises about 4% a week to at most 80 km (a usual peak week for a 50 km ultra)" in table
    _, short = _weeks("Run my first marathon in 16 weeks")
    assert "rises about 10% a week" in short  # a short plan still needs the usual rise


def test_the_week_back_after_a_fortnight_away_is_lighter() -> None:
    """Found by a user trial: after two weeks with no running the plan restarted at 90 km
    with a 30 km long run."""
    said = "I'm away on holiday 2-16 August with no running."
    cs = gather(ULTRA, START, [Feedback(checkpoint=1, text=said)])
    table = structure(outline.build(ULTRA, cs))
    rows = re.findall(r"^\| \d+ \| [\d-]+ \| \d \| (\d+) \| (\d+) \| (.+) \|$", table, re.M)
    back = next(i for i, (_, _, focus) in enumerate(rows) if focus.startswith("Back from"))
    before = next(int(load) for load, _, focus in reversed(rows[:back]) if int(load))
    assert rows[back - 1][0] == "0" and rows[back - 2][0] == "0"  # the fortnight away
    assert int(rows[back][0]) <= round(before * 0.8)
