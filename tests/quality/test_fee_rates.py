"""What selling costs is no measure of the goal (found as a user: "Etsy fees are 6.5%" was
a measure, "measured by £500 and 6.5%", a work package "3.3 Etsy fees are 6.5%" and a KPI
"Change in fees are vs baseline")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.planners.offline.extraction import extract_data_points
from tests.quality.drive import drive

GOAL = (
    "Open an Etsy shop for my handmade candles by March 2027 and make £500 a month;"
    " Etsy fees are 6.5%"
)


@pytest.mark.parametrize(
    ("said", "label"),
    [
        ("Etsy fees are 6.5%", "fee rate"),
        ("the card reader's commission is 1.7%", "fee rate"),
        ("VAT is 20%", "fee rate"),
        ("grow sales by 20%", "growth target"),
        ("cut costs by 10%", "reduction target"),
    ],
)
def test_a_rate_paid_is_a_fee_rate_and_a_change_aimed_at_a_target(said: str, label: str) -> None:
    points = [p for p in extract_data_points(said, "goal") if p.value.endswith("%")]
    assert [p.label for p in points] == [label]


async def test_a_fee_rate_is_neither_a_measure_nor_work() -> None:
    run = await drive(GOAL, start=date(2026, 12, 5))
    parts = sections(run.plan)
    assert "| Measurable | revenue target: £500 (goal) |" in parts["SMART goal"]
    assert "6.5%" not in parts["SMART goal"] and "6.5%" not in parts["Work breakdown"]
    assert "fees are" not in run.plan.lower().replace("etsy fees are 6.5%", "")
    assert "| fee rate | 6.5% | goal |" in parts["Data points"]
