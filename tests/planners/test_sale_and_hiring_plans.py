"""A bake sale is planned as a sale and a hiring goal as hiring (found as a user: a
charity bake sale got the wedding template, with a caterer, photography, invitations and
flowers; "Hire 3 backend engineers and a product designer" was a general plan whose owners
were the 3 engineers still to be hired, with a key-person risk on them; a candle shop "on
Etsy" was premises with staff and a fit-out)."""

from __future__ import annotations

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.planners.offline.extraction import extract_data_points
from planloop.planners.offline.families import build
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.section_kit import SectionInput
from planloop.planners.offline.sections_delivery import kpis
from tests.planners.test_memory_plans import START, _run

BAKE_SALE = "Hold a charity bake sale at St Mary's church hall on Saturday 6 March 2027"
HIRING = "Hire 3 backend engineers and a product designer by 30 June 2027, budget €40,000"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (BAKE_SALE, "sale"),
        ("Run a jumble sale for the school PTA in May", "sale"),
        ("Organise a car boot sale in the church car park on 10 April 2027", "sale"),
        ("Hold a cake sale to raise £500 for the hospice", "sale"),
        (HIRING, "hiring"),
        ("Recruit our first sales rep by March", "hiring"),
        ("Hire two nurses for the clinic's night shift within 3 months", "hiring"),
        ("Launch a handmade candle shop on Etsy by 1 March 2027", "shop"),
        # hiring a thing or a service is no hiring plan
        ("Hire a DJ and a marquee for our wedding on 12 June 2027", "event"),
        ("Hire a van and move house from Leeds to York in March", "move"),
        ("Plan a market with 40 stalls in the town square", "market"),
    ],
)
def test_each_goal_gets_its_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_a_bake_sale_counts_down_to_the_sale_without_a_weddings_vendors() -> None:
    plan, _ = await _run(BAKE_SALE, [])
    secs = sections(plan)
    assert "Plan type: a bake sale or charity sale." in secs["Schedule"]
    countdown = secs["Countdown to the sale"]
    assert "| Sale day | 2027-03-06 | The sale |" in countdown
    assert "price labels that list allergens" in countdown
    assert "Get the float in coins" in countdown
    for wedding in ("caterer", "Photography", "invitations", "flowers", "guest count"):
        assert wedding not in plan, wedding


async def test_a_hiring_plan_is_run_by_its_hiring_manager_not_by_the_hires() -> None:
    plan, points = await _run(HIRING, [])
    secs = sections(plan)
    assert "Plan type: a hiring plan." in secs["Schedule"]
    timeline = secs["Hiring timeline"]
    assert (
        "Make offers; agree start dates after each one's notice period (a month allowed for)"
        in timeline
    )
    assert "| Target date | 2027-06-30 | Every hire started | Hiring manager |" in timeline
    assert ("hires", "3 backend engineers") in [(p.label, p.value) for p in points]
    assert "| Team |" not in secs["Constraints"]
    assert "Key-person dependency" not in secs["Risk register"]
    assert "| M3 | A shortlist for every role | Hiring panel |" in secs["Schedule"]


def test_hires_are_not_the_team_but_contractors_brought_in_are() -> None:
    assert not gather("Hire 3 backend engineers by June", START).teams
    (team,) = gather("Ship the app by June and hire 2 contractors", START).teams
    assert team.number == 2 and team.role == "contractors"


async def test_a_jumble_sale_sorts_and_prices_donations_and_bakes_nothing() -> None:
    """Found as a user: a jumble sale was planned with bakers, allergen labels and
    "Ingredients and packaging"."""
    plan, _ = await _run("Run a jumble sale at St Mary's church hall on 17 April 2027", [])
    secs = sections(plan)
    assert "Plan type: a bake sale or charity sale." in secs["Schedule"]
    countdown = secs["Countdown to the sale"]
    assert "Sort the donations; throw out what is broken or unsafe" in countdown
    assert "| Sale day | 2027-04-17 | The sale |" in countdown
    for bakery in ("bakers", "allergen", "Ingredients", "recipe", "pledged bake"):
        assert bakery not in plan, bakery


def test_a_fundraising_target_is_a_kpi_not_progress_on_the_first_word() -> None:
    """Found as a user: a bake sale "to raise £1,500" had the KPI "Progress on “hold”"."""
    goal = "Hold a charity bake sale at the church hall on 6 March 2027 to raise £1,500"
    out = build(goal, gather(goal, START))
    inp = SectionInput.build(goal, extract_data_points(goal, "goal"), outline=out)
    table = kpis(inp)
    assert "| Raised toward £1,500 | £1,500 | goal | weekly | lagging |" in table
    assert "Progress on" not in table
