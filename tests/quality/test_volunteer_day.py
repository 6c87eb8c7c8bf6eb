"""A volunteer day, and a budget said with what it is for. Found by a user trial: "Organise
a community litter pick for 30 volunteers in Riverside Park on 18 April 2027, budget £200
for gloves, bags and refreshments" was a community project to keep going (a rota, rules,
storage and fittings, an "Opening day"), its £200 on insurance and fittings and nothing on
gloves, bags or refreshments; "Council will lend us litter pickers, so don't buy any" made
the council a person and excluded "any"."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import pick
from planloop.planners.offline.families.listed import listed_lines
from tests.quality.drive import drive

START = date(2026, 12, 7)
PICK = (
    "Organise a community litter pick for 30 volunteers in Riverside Park on 18 April 2027,"
    " budget £200 for gloves, bags and refreshments"
)
SAID = "Council will lend us litter pickers, so don't buy any. Jo is handling the risk assessment."


@pytest.mark.parametrize(
    ("goal", "items"),
    [
        (PICK, ["gloves", "bags", "refreshments"]),
        (
            "Launch a podcast with a budget of €1,200 for mic, editing and hosting",
            ["mic", "editing", "hosting"],
        ),
        ("Plan a trip to Rome with £2,000 for flights and hotels.", ["flights", "hotels"]),
        ("Plan a party, budget £500 for the whole party", []),  # one thing: the whole budget
        ("Run a 10k with £300", []),
    ],
)
def test_what_a_budget_is_said_to_be_for(goal: str, items: list[str]) -> None:
    assert listed_lines(goal) == items


def test_a_council_that_lends_the_kit_is_no_person() -> None:
    cs = gather(PICK, START, [Feedback(checkpoint=1, text=SAID)])
    said = [(c.kind, c.subject or c.name, c.scope) for c in cs.items if c.source == "feedback:1"]
    assert said == [("member", "Jo", ""), ("exclusion", "litter pickers", "budget")]


async def test_a_litter_pick_is_a_day_with_permission_a_risk_assessment_and_its_kit() -> None:
    assert pick(PICK).title == "A volunteer day"
    driven = await drive(PICK, {1: SAID}, START)
    secs = sections(driven.plan)
    schedule = secs["Schedule"]
    assert "the land's owner (council or landowner) has said yes" in schedule
    assert "| M2 | Risk assessment written; insurance checked; a first-aider named | Jo |" in (
        schedule
    )
    assert "waste collection booked" in schedule
    for project in ("Opening day", "rota", "Storage", "fittings"):
        assert project not in driven.plan
    budget = secs["Budget"]
    for line in ("| Gloves | £60 |", "| Bags | £60 |", "| Refreshments | £60 |"):
        assert line in budget
    assert "Bad weather, or a sharp or hazardous find" in secs["Risk register"]
    assert "person-weeks" not in driven.plan
    assert driven.flags == []


@pytest.mark.parametrize(
    ("goal", "day"),
    [
        ("Organise a beach clean for 40 volunteers in June", True),
        ("Organise a community clean-up of Elm Street on 3 May", True),
        ("Hold a tree planting day at the school in November", True),
        # one's own tidying, or a clean kept going, is no volunteer day
        ("Clean up the garage and sell old stuff by May", False),
        ("Start a monthly community litter pick from January 2027", False),
    ],
)
def test_a_volunteer_day_is_a_shared_places_day(goal: str, day: bool) -> None:
    assert (pick(goal).id == "cleanup") is day
