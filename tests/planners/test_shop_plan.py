"""An online shop is planned as one, not as premises (found as a user: "Launch a small
online shop for handmade ceramics by June with £2,000" got "Premises signed and fit-out
started", "Staff hired and trained" and a soft opening with invited guests)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.planners.test_memory_plans import _run
from tests.quality.drive import drive

SHOP = "Launch a small online shop for handmade ceramics by June with £2,000"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (SHOP, "shop"),
        ("Sell my prints on Etsy by March", "shop"),
        ("Build an online store for our bakery", "shop"),
        ("Set up a Shopify webshop for the band's merch", "shop"),
        # premises stay a venue
        ("Open a shop in Leeds selling ceramics", "venue"),
        ("Open a bakery in Lisbon", "venue"),
    ],
)
def test_a_shop_online_is_not_premises(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_a_shop_plan_builds_photographs_ships_and_launches() -> None:
    plan, _ = await _run(SHOP, [])
    assert "Plan type: an online shop." in plan
    for venue in ("Premises", "fit-out", "Staff hired", "Soft opening", "invited guests"):
        assert venue not in plan, venue
    secs = sections(plan)
    assert "| M3 | Products photographed and listed | Shop owner |" in secs["Schedule"]
    budget = secs["Budget"]
    for line in ("Product photography", "Packaging and shipping supplies", "Marketing"):
        assert f"| {line} |" in budget, line
    assert "Few visitors find the shop after launch" in secs["SWOT analysis"]


async def test_a_task_keeps_its_own_date_and_the_plan_its_deadline() -> None:
    feedback = "Go live on 1 June 2027. Add a task: photograph 30 pieces by April."
    run = await drive(SHOP, {1: feedback})
    secs = sections(run.plan)
    assert "to the deadline 2027-06-01 (“on 1 June 2027”, feedback:1)" in secs["Schedule"]
    assert "| Photograph 30 pieces | Shop owner | 2027-04-30 | feedback:1 |" in run.plan
    assert "replaced by a later one" not in run.plan
