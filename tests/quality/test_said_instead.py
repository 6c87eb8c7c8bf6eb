"""What a reviewer will do in place of something ruled out is a task the plan gains
(found as a user: "No bouncy castle, we will do a treasure hunt instead" excluded the
castle, but the treasure hunt was read as no constraint and named nowhere)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 2)
PARTY = "Plan my son's 8th birthday party for 15 kids on Saturday 6 March 2027, budget £300"


@pytest.mark.parametrize(
    ("said", "subject"),
    [
        ("No bouncy castle, we will do a treasure hunt instead.", "treasure hunt"),
        ("Let's have a picnic in the park instead of the hall", "picnic in the park"),
        ("We'd rather not hire a magician; we'll book a face painter instead", "face painter"),
        ("No live band, we will hire a DJ instead.", "dj"),
        ("No medals, we will plant a tree per finisher instead.", "tree per finisher"),
    ],
)
def test_what_is_done_instead_is_asked_for(said: str, subject: str) -> None:
    cs = gather(PARTY, START, [Feedback(checkpoint=1, text=said)])
    assert [c.subject for c in cs.of("addition")] == [subject]


@pytest.mark.parametrize(
    "said", ["We will do it instead", "the goal says a disco instead", "Do that instead"]
)
def test_nothing_named_is_nothing_asked(said: str) -> None:
    cs = gather(PARTY, START, [Feedback(checkpoint=1, text=said)])
    assert cs.of("addition") == []


async def test_the_plan_gains_the_task_and_says_so() -> None:
    said = "No bouncy castle, we will do a treasure hunt instead."
    plan = (await drive(PARTY, {1: said}, start=START)).plan
    added = plan.split("**Added at the reviewer's request:**", 1)[1].split("##", 1)[0]
    assert "| Treasure hunt | Host |" in added
    assert "request to add “we will do a treasure hunt instead” — added to" in plan
    should = plan.split("**Should have**", 1)[1].split("**Could have**", 1)[0]
    assert "- Treasure hunt, done by 2027-" in should and "(feedback:1)" in should
    assert "bouncy castle — the feedback rules it out (feedback:1)" in plan
    assert "“we will do a treasure hunt instead” — no budget" not in plan


def test_a_session_with_a_named_person_is_one_task_and_team_games_are_ruled_out() -> None:
    """Found by a second new user's trial: "Add a session with the CFO, Mark Reid" became a
    task and a calendar event called "Mark Reid"; "No team-building games" was read as
    nothing while the plan booked team activities."""
    said = "No team-building games. Add a session with the CFO, Mark Reid."
    cs = gather("Run our data team's offsite on 20 April 2027", date(2026, 12, 5), [
        Feedback(checkpoint=1, text=said)
    ])  # fmt: skip
    assert [c.subject for c in cs.additions] == ["session with the cfo, mark reid"]
    assert [c.subject for c in cs.exclusions] == ["team-building games"]
