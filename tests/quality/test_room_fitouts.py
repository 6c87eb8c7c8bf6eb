"""A room at home fitted out for one use. Found as a user: "Set up a home recording studio
in the spare room for £3,000 by April" was a business opening (registered, premises signed,
staff hired, a soft opening), a home gym in the garage a fitness goal, and a spare room
made a home office a general project."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
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
        # premises, a structure or a shed are not a room fitted out
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
