"""A stallholder pays the pitch fee; a market's organiser charges stall fees (found as a user:
"The pitch fee is $40 a week" at a sourdough stall's checkpoint was "what the plan charges,
income rather than spending, so no budget line holds it")."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
STALL = "Launch a weekly farmers' market stall selling sourdough, starting in March, budget $2,000"


async def test_the_stallholder_pays_the_pitch_fee_from_the_first_market_day() -> None:
    driven = await drive(STALL, {1: "The pitch fee is $40 a week."}, START)
    budget = sections(driven.plan)["Budget"]
    assert "| Pitch fees | $40 | its price, $40 (feedback:1) |" in budget
    assert "income" not in driven.plan
    assert driven.flags == []


async def test_a_markets_organiser_still_charges_its_stall_fees() -> None:
    market = "Organise a monthly craft market in Hebden Bridge from April 2027, budget £3,000"
    driven = await drive(market, {1: "Stall fees are £40 a day."}, START)
    assert "income rather than spending" in sections(driven.plan)["Budget"]
