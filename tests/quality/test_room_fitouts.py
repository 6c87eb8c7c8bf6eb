"""A room at home fitted out for one use. Found as a user: "Set up a home recording studio
in the spare room for £3,000 by April" was a business opening (registered, premises signed,
staff hired, a soft opening), a home gym in the garage a fitness goal, and a spare room
made a home office a general project."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from tests.quality.drive import drive

STUDIO = "Set up a home recording studio in the spare room for £3,000 by April"


@pytest.mark.parametrize(
    ("goal", "family", "kit"),
    [
        (STUDIO, "fitout", "Microphones, audio interface and monitors"),
        ("Set up a home gym in the garage for £2,000", "fitout", "Gym equipment"),
        ("Turn the spare room into a home office by March", "fitout", "Desk, chair and shelving"),
        ("Build a home cinema in the basement", "fitout", "Projector or screen and speakers"),
        ("Turn our box room into a nursery by May", "fitout", "Cot, changing table and storage"),
        ("Turn the box room into a home study", "fitout", "Desk, chair and shelving"),
        # premises, a structure, a shed or a plan to study are not a room fitted out
        ("Make a study plan to pass my exams while working at home", "study", None),
        ("Open a recording studio in Leeds by June", "venue", None),
        ("Convert our loft into a bedroom with an en-suite", "renovation", None),
        ("Build a shed workshop at the bottom of the garden", "renovation", None),
    ],
)
def test_a_room_at_home_is_fitted_out(goal: str, family: str, kit: str | None) -> None:
    picked = pick(goal)
    assert picked.id == family
    if kit is not None:
        assert picked.lines[0][0] == kit


async def test_a_home_studio_is_wired_treated_and_kitted_out() -> None:
    driven = await drive(STUDIO, start=date(2026, 12, 7))
    secs = sections(driven.plan)
    schedule = secs["Schedule"]
    assert "registered electrician" in schedule
    assert "sound treated" in schedule
    assert "Everything set up and tested; the room in use" in schedule
    for opening in ("premises", "Premises", "Staff", "staff", "opening", "registered;"):
        assert opening not in schedule
    assert "| Microphones, audio interface and monitors | £1,200 |" in secs["Budget"]
    assert "Finance" not in secs["RACI matrix"]  # the money is the person's own
    assert driven.flags == []


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("The electrician Tom can come in the week of 18 January.", ("electrician", "2027-01-18")),
        ("Our builder Dave can only start from 1 March.", ("builder", "2027-03-01")),
        # someone who is no trade, or a trade's "from" with no start said, is no start
        ("My mum can come in the week of 18 January to help.", None),
        ("The plumber will be here from 3 February.", None),
    ],
)
def test_a_trade_coming_at_a_checkpoint_is_their_start(
    said: str, read: tuple[str, str] | None
) -> None:
    cs = gather(STUDIO, date(2026, 12, 7), [Feedback(checkpoint=1, text=said)])
    starts = [(c.scope, c.when.isoformat()) for c in cs.of("start") if c.when]
    assert starts == ([read] if read else [])


async def test_the_electricians_week_dates_their_step() -> None:
    """Found as a user: "The electrician Tom can come in the week of 18 January" at a
    checkpoint was read as nothing, and the electrician's step stayed on 10 February."""
    said = "The electrician Tom can come in the week of 18 January."
    driven = await drive(STUDIO, {1: said}, start=date(2026, 12, 7))
    secs = sections(driven.plan)
    assert (
        "| M3 | Room cleared; any new sockets and lights fitted by a registered electrician"
        " | You | 2027-01-18 |"
    ) in secs["Schedule"]
    assert "the electrician's step starts on 2027-01-18" in secs["Feedback applied"]
