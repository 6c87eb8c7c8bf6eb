"""A bake sale at someone's fête is a sale of one's own, and its float is no spending (found
as a user: "Run a bake sale at the school fete … with a £50 float for change" planned the
fête, with marquees, games and insurance, on a total budget of £50)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.extract import gather
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = (
    "Run a bake sale at the school fete on 12 June 2027 with a £50 float for change; we want"
    " to raise £400"
)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (GOAL, "sale"),
        ("Hold a plant sale at the Saturday farmers market in May 2027", "sale"),
        ("Run our school fair on 20 June 2027 with a bake sale, raffle and games", "fair"),
    ],
)
def test_a_sale_held_at_a_fair_is_the_sale(goal: str, family: str) -> None:
    assert pick(goal).id == family


@pytest.mark.parametrize(
    "said", ["with a £50 float for change", "with a cash float of £50", "and a £50 float"]
)
def test_a_float_is_no_budget(said: str) -> None:
    cs = gather(f"Run a bake sale at the school fete on 12 June 2027 {said}", START)
    assert cs.budget is None
    assert not [c for c in cs.items if c.money is not None]


async def test_the_sales_plan_has_no_budget_of_its_float() -> None:
    d = await drive(GOAL, start=START)
    assert "Plan type: a bake sale or charity sale." in d.plan
    assert "Total budget £50" not in d.plan
    assert "Money at stake: £50" not in d.plan
    assert "Resource on hand: £50" not in d.plan
    assert "| float | £50 | goal |" in d.plan
    assert not d.flags, d.flags


async def test_a_plant_sale_grows_pots_labels_and_waters_its_plants() -> None:
    """Found by a new user's trial: a plant sale at the village show was planned as a jumble
    sale (donations sorted, "tables by kind: clothes, books, toys, household", what is left
    to charity shops), with its tables set out three days before."""
    d = await drive(
        "Organise a plant sale at the village show on 4 September 2027 with a £30 float; we"
        " want to raise £300 for the school garden",
        start=START,
    )
    assert "Plan type: a plant sale." in d.plan
    assert "Plants potted on and labelled: name, care and price" in d.plan
    assert "| On the day | 2027-09-04 | Water every plant the evening before;" in d.plan
    assert "Too few plants are ready, or they wilt, by sale day" in d.plan
    for jumble in ("clothes", "donations", "charity shops", "bakes"):
        assert jumble not in d.plan, jumble
    assert not d.flags, d.flags
