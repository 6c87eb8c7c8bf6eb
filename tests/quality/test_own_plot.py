"""A person's own allotment or vegetable patch is their own work (found by a new user's
trial: "Get my allotment ready for spring" was planned as a community garden, with
volunteers, a landowner's permission, sign-ups and an opening day)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.gardens import grows_own_plot
from tests.quality.drive import drive

GOAL = (
    "Get my allotment ready for spring: clear it, build two raised beds and plant potatoes "
    "and onions by 15 April 2027. I can only work on it at weekends, and my budget is £300."
)


@pytest.mark.parametrize(
    ("goal", "own"),
    [
        ("Get my allotment ready for spring", True),
        ("Dig over our vegetable patch by March", True),
        ("Take on my first allotment plot this year", True),
        ("Set up community allotments behind the church hall for 20 families", False),
        ("Open a community garden on the empty lot behind our school", False),
    ],
)
def test_a_plot_of_ones_own_is_told_from_a_community_one(goal: str, own: bool) -> None:
    assert grows_own_plot(goal) is own


async def test_my_allotment_is_cleared_dug_and_planted_by_me() -> None:
    d = await drive(GOAL, start=date(2026, 12, 5))
    plan = d.plan
    assert "Plan type: a growing plot made ready." in plan
    for said in ("Plot cleared", "Beds built; the soil dug over", "Timber or kits for raised"):
        assert said in plan
    for community in ("olunteer", "landowner", "Opening day", "sign-ups", "Organiser"):
        assert community not in plan, community
    assert not d.flags, d.flags


def test_a_community_allotment_is_still_run_by_volunteers() -> None:
    family = pick("Set up community allotments behind the church hall for 20 families")
    assert family.id == "community"
    assert any("olunteer" in p.title for p in family.phases)
