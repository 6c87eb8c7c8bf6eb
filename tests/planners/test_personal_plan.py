"""A goal of one's own life that no family names is planned as a personal project (found as
a user: "Get ready for our first baby due in May" got the general plan: "First delivery" by
a "Delivery team", £300 for "Launch and hand-over" and a finance holder for the family's
own money)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.planners.test_memory_plans import _run

BABY = "Get ready for our first baby due in May with £3,000"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (BABY, "personal"),
        ("Adopt a rescue dog this spring", "personal"),
        ("Apply to five master's programmes by January", "personal"),
        ("I want to declutter the house by March", "personal"),
        ("Build a birdhouse with my son this spring with £50", "personal"),
        # an organisation's goal keeps the general plan's team and hand-over
        ("Run a community garden project with 20 volunteers", "community"),
        ("Reduce our team's meeting load by half", "general"),
        ("Improve onboarding for new employees", "general"),
    ],
)
def test_a_goal_of_ones_own_life_is_a_personal_project(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_a_personal_plan_is_the_readers_own() -> None:
    plan, _ = await _run(BABY, [])
    assert "Plan type: a personal project." in plan
    for general in ("Delivery team", "First delivery", "hand-over", "Finance", "assign owners"):
        assert general not in plan, general
    secs = sections(plan)
    assert "| M1 | Options, costs and what is needed found out | You |" in secs["Schedule"]
    assert "| Things to buy | £1,650 |" in secs["Budget"]
    raci = secs["RACI matrix"]
    assert raci.strip().splitlines()[0] == "| Activity | You (owner and doer) | Reviewer |"
    assert "| Budget control | A, R | I |" in raci
    assert "the work is yours to do; the budget (£3,000) is yours to keep." in raci
    assert "Read the plan's 8 framework sections through once" in secs["Next actions"]
    assert "Everyday life crowds out the steps" in secs["SWOT analysis"]


async def test_a_households_money_has_no_finance_holder() -> None:
    plan, _ = await _run("Plan my daughter's 7th birthday party for 15 kids with £300", [])
    raci = sections(plan)["RACI matrix"]
    assert raci.strip().splitlines()[0] == "| Activity | Host | Delivery (Helpers) | Reviewer |"
    assert "| Budget control | A, R | C | I |" in raci
    assert "the budget (£300) is theirs to keep." in raci


async def test_an_organisations_money_keeps_its_finance_holder() -> None:
    plan, _ = await _run("Plan a company offsite for 40 staff with €20,000", [])
    raci = sections(plan)["RACI matrix"]
    assert "| Finance |" in raci.strip().splitlines()[0]
    assert "finance is **R** for spending against €20,000." in raci
