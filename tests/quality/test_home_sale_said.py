"""A home's sale uses what its goal and its reviewer say (found as a user: "Sell our house
in Sheffield and be moved out by 30 September, asking price £285,000" used the price
nowhere, made "be moved out by 30 September" and "asking price £285,000" work packages and
the first a Should have, and "Priya Shah is our estate agent" still asked three agents)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
SALE = "Sell our house in Sheffield and be moved out by 30 September, asking price £285,000"


async def test_the_asking_price_is_the_listings_and_the_day_is_a_must() -> None:
    driven = await drive(SALE, start=START)
    parts = sections(driven.plan)
    assert (
        "| M5 | Photographs and a floor plan taken; the house on the market at £285,000 |"
        in (parts["Schedule"])
    )
    work = parts["Work breakdown"]
    assert "be moved out" not in work and "asking price" not in work
    assert "(M5)" in work  # the schedule's own work
    must = parts["MoSCoW priorities"].split("**Should have**")[0]
    assert "- be moved out by 30 September (the goal itself)" in must
    assert driven.flags == []


async def test_a_named_agent_is_instructed_not_three_asked() -> None:
    driven = await drive(SALE, {1: "Priya Shah is our estate agent."}, START)
    schedule = sections(driven.plan)["Schedule"]
    assert (
        "| M1 | Priya Shah instructed as the agent: valuation, asking price and fee agreed |"
        in (schedule)
    )
    assert "Three estate agents" not in driven.plan
