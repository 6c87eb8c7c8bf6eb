"""How often a reviewer asks for something that recurs to happen (found by a new user's
trial: "make it fortnightly" on a monthly book club was read as no constraint)."""

from __future__ import annotations

import pytest

from planloop.constraints.cadence import read_cadence


@pytest.mark.parametrize(
    ("said", "unit"),
    [
        ("make it fortnightly", "fortnight"),
        ("Make the sessions monthly", "month"),
        ("we should meet weekly", "week"),
        ("the meetings should be weekly", "week"),
        ("meet every two weeks instead of monthly", "fortnight"),
        ("monthly rather than weekly, please", "month"),
        ("not monthly, fortnightly", "fortnight"),
        ("switch to weekly issues", "week"),
        ("send it every other week instead", "fortnight"),
        ("make it weekly. Actually, make it monthly", "month"),  # the last said holds
    ],
)
def test_a_cadence_asked_for_is_read(said: str, unit: str) -> None:
    [read] = read_cadence(said, "feedback:1")
    assert (read.kind, read.unit, read.source) == ("cadence", unit, "feedback:1")


@pytest.mark.parametrize(
    "said",
    [
        "I travel for work every other week, so only evenings",
        "the hall is free every other week",
        "meet the builder every week",  # a meeting of the work's, not the plan's cadence
        "we post weekly updates on Facebook anyway",
    ],
)
def test_a_cadence_said_of_something_else_is_not(said: str) -> None:
    assert read_cadence(said, "feedback:1") == []


def test_a_goals_own_cadence_is_its_kind_not_a_constraint() -> None:
    assert read_cadence("Start a monthly book club; make it fortnightly", "goal") == []
