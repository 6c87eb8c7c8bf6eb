"""Costs listed item by item (found by a new user's trial: "Costs: hall hire £300, sheet
music £150, an accompanist £200 and refreshments £80" was read as nothing, and the choir's
plan had invented lines instead)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.constraints.itemised import read_itemised
from tests.quality.drive import START, drive

CHOIR = (
    "Put on a summer concert for our community choir on 26 June 2027. Costs: hall hire £300,"
    " sheet music £150, an accompanist £200 and refreshments £80."
)


@pytest.mark.parametrize(
    ("goal", "items"),
    [
        (
            CHOIR,
            [("hall hire", 300), ("sheet music", 150), ("accompanist", 200), ("refreshments", 80)],
        ),
        (
            "Open a pop-up bakery stall by April 2027; costs are pitch fee £45, gazebo £120,"
            " and ingredients £200",
            [("pitch fee", 45), ("gazebo", 120), ("ingredients", 200)],
        ),
    ],
)
def test_each_item_of_a_list_is_its_lines_price(goal: str, items: list[tuple[str, int]]) -> None:
    caps = gather(goal, START).line_caps()
    assert [(c.subject, c.money.amount if c.money else 0, c.scope) for c in caps] == [
        (subject, amount, "price") for subject, amount in items
    ]


@pytest.mark.parametrize(
    "goal",
    [
        "Hire a hall for £300 by May 2027",  # one amount: no list
        "Save £5,000, budget £200 a month, by December 2027",  # a budget and a period
        "Budget £2,000, about £300 for food",  # the whole, and a price said after its item
    ],
)
def test_no_list_no_items(goal: str) -> None:
    assert read_itemised(goal, "goal", bytearray(len(goal))) == []


async def test_the_choirs_budget_is_its_costs() -> None:
    run = await drive(CHOIR)
    budget = sections(run.plan)["Budget"]
    for line, amount in (("Sheet music", 300 // 2), ("Accompanist", 200)):
        assert f"| {line} | £{amount} | its price, £{amount} (goal) |" in budget
    assert "| **Total of the costs said** | £730 | sum of the lines |" in budget
    assert "Price: sheet music" not in budget  # the line says it already
    assert run.flags == []


async def test_listed_costs_within_a_budget() -> None:
    run = await drive(
        "Throw a 40th birthday party for 30 guests on 15 May 2027 with a budget of £1,000:"
        " venue £400, food £350 and decorations £100"
    )
    budget = sections(run.plan)["Budget"]
    assert "Total budget £1,000 (goal); lines sum to it exactly." in budget
    assert "£400 | its price, £400 (goal) |" in budget
    assert "| Decorations | £100 | its price, £100 (goal) |" in budget
    assert run.flags == []
