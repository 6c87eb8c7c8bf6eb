"""Buying a home is planned as a purchase (found as a user: "Buy our first flat in
Manchester by next autumn with a £30,000 deposit" got the general plan, no deadline, and
the deposit as a budget to spend)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
FLAT = "Buy our first flat in Manchester by next autumn with a £30,000 deposit"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (FLAT, "home"),
        ("Buy a house in Leeds for under £250,000 by June", "home"),
        ("Get a mortgage and buy a flat in Bristol", "home"),
        ("Renovate our house by May", "renovation"),
        ("Move our family of four from London to Berlin in August", "move"),
    ],
)
def test_buying_a_home_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_deposit_is_savings_put_down_not_a_budget() -> None:
    cs = gather(FLAT, START)
    assert cs.budget is None
    assert cs.deadline is not None and cs.deadline.when == date(2027, 11, 30)


def test_a_purchase_counts_down_to_completion() -> None:
    out = outline.build(FLAT, gather(FLAT, START))
    assert [m.title for m in out.milestones][-1] == "Completion: keys collected"
    table = structure(out)
    assert "Check your credit file; get a mortgage in principle" in table
    assert "Make an offer; instruct a solicitor as soon as it is accepted" in table
    assert "| Completion | 2027-11-30 | Keys collected | Buyer |" in table


async def test_a_budget_for_a_home_is_its_price_and_the_costs_on_top() -> None:
    plan, _ = await _run("Buy our first home with a budget of £300,000", [])
    budget = sections(plan)["Budget"]
    assert "| Purchase price | £279,000 | 93% of £300,000 (goal) |" in budget
    assert "| Stamp duty and taxes | £9,000 |" in budget
    assert "First delivery" not in plan
