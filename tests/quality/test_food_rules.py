"""A food rule said at a checkpoint is told to whoever brings the food (found as a user: a
bake sale's "no nut products" left nuts out of every section, and no baker was told;
"everything must be nut-free" and "nothing with gluten" were not read at all)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints.diets import read_diets
from tests.quality.drive import drive

START = date(2026, 12, 7)
SALE = "Organise a charity bake sale at my son's school on 19 March 2027 to raise £500"
WEDDING = "Plan our wedding in York on 12 June 2027 for 80 guests with £15,000"


@pytest.mark.parametrize(
    ("said", "foods"),
    [
        ("No nut products, please.", ["nut"]),
        ("Everything must be nut-free.", ["nut"]),
        ("All bakes must be nut- and gluten-free", ["nut", "gluten"]),
        ("nothing with gluten", ["gluten"]),
        ("no eggs or milk", ["egg", "dairy"]),
        ("No peanuts: two children are allergic.", ["nut"]),
        ("No egg hunt this year.", []),  # a thing left out, not a food rule
        ("We are not using the nut roast recipe", []),
        # an allergy or an intolerance is a rule (found as a user: "one guest has a nut
        # allergy" was read as nothing)
        ("one guest has a nut allergy", ["nut"]),
        ("a guest is allergic to nuts and eggs", ["nut", "egg"]),
        ("my sister is coeliac and Dad is lactose intolerant", ["gluten", "dairy"]),
        ("a gluten intolerance", ["gluten"]),
        ("an allergy to cats", []),
    ],
)
def test_food_rules_are_read_each_food_once(said: str, foods: list[str]) -> None:
    assert [c.subject for c in read_diets(said, "feedback:1")] == foods


async def test_the_bakers_are_told_the_sales_food_rules() -> None:
    driven = await drive(SALE, {1: "Everything must be nut- and gluten-free."}, START)
    plan = sections(driven.plan)
    countdown = plan["Countdown to the sale"]
    asked = [row for row in countdown.splitlines() if "Ask bakers" in row]
    assert len(asked) == 1 and "; all food nut-free and gluten-free (feedback:1) |" in asked[0]
    assert countdown.count("nut-free") == 1  # told once, where the bakers are asked
    assert "| Food rule | nut- and gluten-free → nut-free | feedback:1 |" in plan["Constraints"]
    applied = plan["Feedback applied"]
    assert applied.count("said to whoever brings the food, in Countdown to the sale") == 2
    assert "limits: must be nut- and gluten-free" in driven.plan  # not "must be nut"
    assert driven.flags == []


async def test_a_caterer_is_told_and_no_nut_is_read_as_planned() -> None:
    """The rule's own words ("nut-free") are not nuts planned: the checks pass."""
    driven = await drive(WEDDING, {1: "No nuts please, two guests are allergic."}, START)
    plan = sections(driven.plan)
    booked = [row for row in driven.plan.splitlines() if "Book the caterer" in row]
    assert booked and booked[0].endswith("; all food nut-free (feedback:1) | Host |")
    assert "Excluded" not in plan["Constraints"]  # one reading: the food rule
    assert driven.flags == []


async def test_a_rule_said_in_the_goal_and_again_is_told_once() -> None:
    goal = "Plan a nut-free birthday party for 20 kids on 6 March 2027 with £400"
    driven = await drive(goal, {1: "Remember: no nuts at all."}, START)
    told = [row for row in driven.plan.splitlines() if "; all food " in row]
    assert len(told) == 1 and "all food nut-free (goal, feedback:1)" not in told[0], told
    assert "all food nut-free (" in told[0] and "nut-free and nut-free" not in told[0]
    assert "| Food rule | nut-free | goal |" in sections(driven.plan)["Constraints"]
    assert driven.flags == []


async def test_an_allergy_in_the_goal_is_told_to_whoever_brings_the_food() -> None:
    goal = (
        "Plan a 40th birthday party for 30 guests on 14 March in Manchester, budget £1,500,"
        " one guest has a nut allergy"
    )
    driven = await drive(goal, start=START)
    plan = sections(driven.plan)
    assert "| Food rule | nut allergy → nut-free | goal |" in plan["Constraints"]
    told = [row for row in driven.plan.splitlines() if "; all food nut-free (goal)" in row]
    assert len(told) == 1 and "Order the cake and the food" in told[0]
    assert driven.flags == []
