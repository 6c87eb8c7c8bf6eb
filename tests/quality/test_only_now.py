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
