"""A household's move is planned as a move (found as a user: "Move our family of four from
London to Berlin in August" got the general plan: "First delivery" by a "Delivery team",
and "centred on “move”, “family”, “four”")."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from planloop.planners.offline.families import moves, outline
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.render import feedback
from planloop.planners.offline.families.tables import structure
from tests.planners.test_memory_plans import _run
from tests.quality.drive import drive

START = date(2026, 12, 4)
MOVE = "Move our family of four from London to Berlin in August with €12,000"


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (MOVE, "move"),
        ("Relocate to Lisbon for work by March", "move"),
        ("Moving house in Leeds by May with £5,000", "move"),
        ("Emigrate to Canada with my partner next year", "move"),
        ("Plan a move from Paris to Lyon for our family", "move"),
        # a household's people are not a party's guests (was a party: "kids" named it)
        ("Move from London to Berlin with my partner and 2 kids by September 2027", "move"),
        ("Move our billing service from Heroku to AWS by March", "migration"),
        ("Move our CI to GitHub Actions", "migration"),
        ("Relocate our servers to Frankfurt by March", "migration"),  # a system, not a home
        ("Move fast and launch the app by June", "software"),
    ],
)
def test_a_household_move_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


def test_a_move_counts_down_to_moving_day() -> None:
    out = outline.build(MOVE, gather(MOVE, START))
    assert out.end == date(2027, 8, 31)
    assert [m.title for m in out.milestones][-1] == "Moving day"
    table = structure(out)
    # signed for nine weeks before moving day, on the milestone that says so (found as a
    # user: nine months off, the home was signed for 23 weeks before the move, months of
    # rent paid twice; and earlier a day after the milestone that says it is done)
    assert out.milestones[1].due == date(2027, 6, 28)
    assert (out.end - out.milestones[1].due).days == 64
    assert "| With M2 | 2027-06-28 | Sign for the new home; give notice on the old one |" in (table)
    # the search before it; visas, which take longest, before it too
    assert "| 19 weeks before | 2027-04-20 | Start the home search; line up viewings |" in table
    assert "| 16 weeks before | 2027-05-11 | Apply for any visas; arrange the bank," in table
    # packed and cleaned before the day; the old home left on it, not days before (found as
    # a user: its keys were handed back five days before the move)
    assert out.milestones[-2].title == "Packed; old home cleaned"
    assert out.milestones[-2].due == date(2027, 8, 26)
    assert "| On the day | 2027-08-31 | Read the meters; hand back the old home's keys |" in (table)
    assert "Confirm school or childcare places (apply once the new address is known)" in table
    # packing said as done on the milestone that says so, started weeks before (found as a
    # user: "Pack room by room" on the day of "Packed; old home cleaned")
    assert "| With M6 | 2027-08-26 | Packing done room by room, started three weeks before;" in (
        table
    )
    assert "| Moving day | 2027-08-31 | The move | Move planner |" in table
    assert [name for name, _, _ in out.family.lines][:2] == [
        "Removal company",
        "Deposit and first month's rent",
    ]


@pytest.mark.parametrize(
    ("goal", "pet", "kit"),
    [
        (f"{MOVE} and a cat", "cat", "litter tray"),
        (
            "Move my flat from Leeds to Bristol on 20 March 2027 with our two dogs",
            "dogs",
            "bedding",
        ),
    ],
)
def test_a_pet_that_moves_has_its_tasks(goal: str, pet: str, kit: str) -> None:
    """Found as a user: the cat of "Move my two-bedroom flat from Leeds to Bristol … and a
    cat" was in no task of the plan."""
    table = structure(outline.build(goal, gather(goal, START)))
    assert f"Book the vet for the {pet}: records and any repeat treatment;" in table
    assert "update the microchip's address" in table
    assert f"| On the day | {outline.build(goal, gather(goal, START)).end.isoformat()} |" in table
    assert f"The {pet} in one closed, quiet room with a carrier, food, water and a {kit};" in table


@pytest.mark.parametrize(
    "goal", [MOVE, "Move our family to a house with a dog-friendly garden in Leeds by May"]
)
def test_a_move_without_a_pet_has_no_pet_tasks(goal: str) -> None:
    assert moves.moved_pet(goal) is None
    assert "vet" not in structure(outline.build(goal, gather(goal, START)))


def test_no_removal_company_keeps_the_transport() -> None:
    goal = f"{MOVE}, no removal company"
    out = outline.build(goal, gather(goal, START))
    table = structure(out)
    assert "Book the transport for the day; get three quotes" in table
    assert "removals" not in table.lower()
    assert "Removal company" not in [line.name for line in out.lines]


async def test_a_move_plan_has_no_deliveries_and_is_measured_by_its_day() -> None:
    plan, _ = await _run(MOVE, [])
    assert "Plan type: a move to a new home." in plan
    assert "## Countdown to moving day" in plan
    for general in ("First delivery", "Delivery team", "Launch and hand over"):
        assert general not in plan
    smart = sections(plan)["SMART goal"]
    assert "centred on “family”, “london”, “berlin”" in smart
    assert (
        "| Measurable | Every milestone met on its date, the last (Moving day) on 2027-08-31"
        in (smart)
    )


async def test_a_couple_moving_finds_no_school_places_and_is_not_business_partners() -> None:
    """Found as a user: "Move from London to Lisbon with my partner" got "School or
    childcare places confirmed", a countdown step to apply for them, and a stakeholder row
    "Partners: named in the goal"."""
    plan, _ = await _run("Move from London to Lisbon with my partner by 30 April 2027", [])
    assert "Plan type: a move to a new home." in plan
    assert "school" not in plan.lower() and "childcare" not in plan.lower()
    assert "| Partners |" not in plan
    # a move within one country needs no visas: they are "any visas", not a step of their own
    assert "Papers in order: registration, bank, health cover and any visas" in plan
    assert "Sort visas" not in plan and "Papers in order: visas" not in plan
    family, _ = await _run(MOVE, [])  # "our family of four": schools stay
    assert "School or childcare places confirmed" in family


async def test_a_moves_opportunity_does_not_argue_with_its_date() -> None:
    """Found as a user: "by the end of August" was offered "Moving outside the summer peak,
    when removals cost less" as an opportunity: a day the goal had fixed."""
    plan, _ = await _run(MOVE, [])
    swot = sections(plan)["SWOT analysis"]
    assert "A mid-week, mid-month moving day, when removals cost less" in swot
    assert "summer" not in swot


NOTICE_GOAL = "Move my family of four from Leeds to Bristol by the end of August"
NOTICE_START = date(2026, 12, 5)


def _noticed(said: str) -> tuple[outline.Outline, list[Feedback]]:
    given = [Feedback(checkpoint=1, text=said)]
    return outline.build(NOTICE_GOAL, gather(NOTICE_GOAL, NOTICE_START, given)), given


def test_a_notice_that_fits_is_given_with_the_signing() -> None:
    """Two months before 31 August is 30 June: the signing (28 June) gives it in time."""
    out, given = _noticed("We rent; our notice period is two months")
    assert out.cs.notice is not None and out.cs.notice.text == "two months"
    titles = [m.title for m in out.milestones]
    assert "New home found and signed for; notice given on the old one" in titles
    assert moves.NOTICE_GIVEN not in titles
    assert out.milestones[1].due == date(2027, 6, 28)
    assert "notice due by 2027-06-30: given with M2, 2027-06-28" in feedback(out, given)


def test_a_longer_notice_is_its_own_milestone_the_notice_period_before_moving_day() -> None:
    """Found as a user: "our notice period is two months" moved nothing (a longer one left
    the notice late) and became the plan's "two months timeline"."""
    out, given = _noticed(
        "We rent; our notice period is three months and removals must stay under £1,200"
    )
    by_title = {m.title: m.due for m in out.milestones}
    assert by_title[moves.NOTICE_GIVEN] == date(2027, 5, 31)  # 31 August, less 3 months
    assert by_title["New home found and signed for"] == date(2027, 6, 28)  # not moved
    table = structure(out)
    assert (
        "| With M2 | 2027-05-31 | Give notice on the old home (three months' notice before"
        " moving day) |" in table
    )
    assert "| With M3 | 2027-06-28 | Sign for the new home |" in table
    assert "give notice on the old one" not in table
    assert "notice due by 2027-05-31: its own milestone, M2" in feedback(out, given)


def test_a_notice_longer_than_the_plan_says_the_homes_overlap() -> None:
    goal = "Move my family of four from Leeds to Bristol by 31 January 2027"
    said = Feedback(checkpoint=1, text="I have to give 3 months notice on the flat")
    cs = gather(goal, NOTICE_START, [said])
    out = outline.build(goal, cs)
    notice = next(m for m in out.milestones if m.title == moves.NOTICE_GIVEN)
    assert notice.due > date(2026, 10, 31)  # cannot be in the past
    assert out.milestones.index(notice) == 1  # as early as the plan allows
    said = feedback(out, [said])
    assert "notice is due by 2026-10-31, before the plan can give it: the old and" in said
    assert "the new home overlap" in said


async def test_a_notice_period_is_not_the_plans_timeline() -> None:
    run = await drive(NOTICE_GOAL, {1: "We rent; our notice period is two months"}, NOTICE_START)
    assert "timeline slips" not in run.plan
    assert "| notice period | two months | feedback:1 |" in run.plan
    assert "| Notice period | two months | feedback:1 |" in sections(run.plan)["Constraints"]
