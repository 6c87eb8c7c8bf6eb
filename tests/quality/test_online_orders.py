"""A business taking its first orders online is an online shop, and an exclusion of one
kind of a thing leaves the rest (found by a third new user's trial: a bakery's "first
online orders live" got a shop fit-out with staff hired, its web builder owned nothing, and
"No Instagram ads" took out all the marketing)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = "Get my small bakery's first online orders live by 1 April 2027 with a budget of £3,000"


async def test_online_orders_are_a_shop_whose_builder_builds_it() -> None:
    assert pick(GOAL).id == "shop"
    assert pick("Open a bakery in Lisbon within 6 months").id == "venue"
    run = await drive(
        GOAL, {1: "No Instagram ads. My nephew Tom will build the site."}, start=START
    )
    parts = sections(run.plan)
    assert (
        "| M2 | Shop built: payments, shipping rates and policies tested | Tom |"
        in (parts["Schedule"])
    )
    assert "| Marketing | £600 |" in parts["Budget"]
    assert "Staff hired" not in run.plan and "fit-out" not in run.plan


async def test_no_ads_at_all_still_takes_the_marketing_line() -> None:
    run = await drive(GOAL, {1: "No ads."}, start=START)
    assert "| Marketing |" not in sections(run.plan)["Budget"]


async def test_what_one_makes_sold_online_is_a_shop_and_what_one_no_longer_needs_a_sale() -> None:
    """Found by a second trial: "Start selling my handmade candles online" was a personal
    project ("Things to buy £440"), and its photographer owned nothing."""
    candles = "Start selling my handmade candles online by 1 March 2027 with £800"
    assert pick(candles).id == "shop"
    assert pick("Declutter my house and sell unwanted furniture online by May").id == "sale"
    run = await drive(candles, {1: "My partner Alex will take the photos."}, start=START)
    assert "| M3 | Products photographed and listed | Alex |" in sections(run.plan)["Schedule"]
