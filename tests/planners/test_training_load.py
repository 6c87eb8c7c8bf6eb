"""A training plan's weekly load stops at what the race needs (found as a user: a 5k in
June, 30 weeks away, climbed 10% a week to 135 km a week with a 47 km long run)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.constraints import gather
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
