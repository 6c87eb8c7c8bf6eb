"""The day releases begin is the launch, and a step a reviewer adds with its own day keeps
that day to itself (found as a user: "10 episodes, released every Tuesday from 6 April 2027"
started the plan in April and launched in July; "add a 2-minute trailer on 30 March" made
30 March the launch)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.extract import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = (
    "Launch a weekly interview podcast about local history: 10 episodes, released every"
    " Tuesday from 6 April 2027"
)


@pytest.mark.parametrize(
    "goal",
    [
        GOAL,
        "Start a monthly newsletter for the allotment society, published from 6 April 2027",
        "Put our 12 video lessons online, going live from 6 April 2027",
    ],
)
def test_the_day_releases_begin_is_the_deadline(goal: str) -> None:
    cs = gather(goal, START)
    assert cs.deadline is not None and cs.deadline.when == date(2027, 4, 6)
    assert not [c for c in cs.items if c.kind == "start"]


def test_a_plain_start_is_still_the_start() -> None:
    cs = gather("Train for a half marathon starting 6 January 2027, race on 9 May 2027", START)
    starts = [c.when for c in cs.items if c.kind == "start"]
    assert starts == [date(2027, 1, 6)]
    assert cs.deadline is not None and cs.deadline.when == date(2027, 5, 9)


def test_a_step_added_with_its_own_day_leaves_the_deadline() -> None:
    feedback = [
        Feedback(
            checkpoint=1, text="Make it 8 episodes instead of 10, and add a trailer on 30 March"
        )
    ]
    cs = gather(GOAL, START, feedback)
    assert cs.deadline is not None and cs.deadline.when == date(2027, 4, 6)
    assert cs.quantity("episode") is not None and cs.quantity("episode").number == 8
    assert [(c.subject, c.when) for c in cs.additions] == [("trailer", date(2027, 3, 30))]


async def test_the_podcast_launches_on_its_first_release() -> None:
    d = await drive(
        GOAL,
        {1: "Make it 8 episodes instead of 10, and add a 2-minute trailer on 30 March"},
        start=START,
    )
    assert "From 2026-12-05 to the deadline 2027-04-06" in d.plan
    assert "| Launch day | 2027-04-06 | The launch | Host |" in d.plan
    assert "the plan is now for 8 episodes, not 10 episodes (goal)" in d.plan
    assert "| 2-minute trailer | Host | 2027-03-30 | feedback:1 |" in d.plan


@pytest.mark.parametrize(
    ("goal", "step"),
    [
        (
            "Launch a fortnightly podcast about gardening: 12 episodes released every other"
            " Friday from 5 March 2027",
            "Schedule the first episode for launch day and each later one on its release day",
        ),
        (
            "Launch a podcast about gardening with 6 episodes by March 2027",
            "Schedule the first episodes to go live together",
        ),
    ],
)
async def test_episodes_on_a_cadence_are_scheduled_on_their_days(goal: str, step: str) -> None:
    """Found by a new user's trial: "released every other Friday" was told to schedule the
    first episodes to go live together."""
    d = await drive(goal, start=START)
    assert step in d.plan
