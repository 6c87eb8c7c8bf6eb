"""A sentence that starts with what to do names nobody (found as a user: "Register as a food
business with the council …" at a checkpoint made a person "Register", who owned M1 and was
in the Stakeholder map and the SMART goal)."""

from __future__ import annotations

from datetime import date

from planloop.constraints.extract import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
STALL = "Launch a weekly farmers' market stall selling sourdough, starting in March, budget $2,000"


def _people(said: str) -> list[str]:
    return [m.name for m in gather(STALL, START, [Feedback(checkpoint=1, text=said)]).members]


def test_an_order_is_no_person_and_a_name_still_is() -> None:
    assert _people("Register as a food business with the council 28 days before.") == []
    assert _people("Book the van. Sue will bake on Fridays.") == ["Sue"]
    assert _people("Mark will run the till.") == ["Mark"]


async def test_nobody_called_register_owns_the_registration() -> None:
    said = "Register as a food business with the council at least 28 days before the market."
    driven = await drive(STALL, {1: said}, START)
    assert "| Register |" not in driven.plan and "Register and" not in driven.plan
    assert "| M1 | Food business registered with the council" in driven.plan
