"""A fundraising target is planned as one (found as a user: "Raise £20,000 for the school
playground by July" got the general plan; with a family of its own, the £20,000 was still
read as money on hand: "Resource on hand", "Spending overruns the £20,000 budget")."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.planners.offline.families import outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run

START = date(2026, 12, 4)
GOAL = "Raise £20,000 for the school playground by July"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (GOAL, "fundraising"),
        ("Crowdfund $50,000 for our board game by May", "fundraising"),
        ("Apply for grants to fund our community garden", "fundraising"),
        ("Organise a charity fundraiser gala dinner in March", "event"),  # an event
        ("Raise our prices by 10% in Q1", "general"),  # no money to raise
    ],
)
def test_a_fundraising_target_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def _amounts(table: str) -> list[int]:
    rows = [r for r in table.splitlines() if r.startswith("| ") and "Total" not in r]
    return [int(m.group(1).replace(",", "")) for r in rows if (m := re.search(r"£([0-9,]+)", r))]


def test_the_target_is_split_across_sources_to_the_pound() -> None:
    table = structure(outline.build(GOAL, gather(GOAL, START)))
    assert "| Grants from trusts, foundations and the council | 25% | £5,000 |" in table
    assert sum(_amounts(table)) == 20_000
    assert "| **Total** | 100% | £20,000 | 2027-07-31 | Campaign lead |" in table


def test_an_excluded_source_is_left_out_and_the_others_share_its_part() -> None:
    goal = f"{GOAL}, no events"
    out = outline.build(goal, gather(goal, START))
    table = structure(out)
    assert "Events:" not in table
    assert not [m.title for m in out.milestones if "event" in m.title.lower()]
    assert sum(_amounts(table)) == 20_000  # still to the pound after the shares change
    assert "| 29% |" in table  # grants: 25 of the 85 left


async def test_the_amount_to_raise_is_a_target_not_money_on_hand() -> None:
    plan, _ = await _run(GOAL, [])
    assert "Plan type: a fundraising target." in plan
    smart = sections(plan)["SMART goal"]
    assert "| Measurable | fundraising target: £20,000 (goal) |" in smart
    for on_hand in ("Resource on hand: £20,000", "Spending overruns the £20,000", "With £20,000"):
        assert on_hand not in plan
