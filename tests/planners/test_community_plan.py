"""A service a neighbourhood sets up and volunteers run is planned as one, and the days the
volunteers have are the days its milestones fall on (found as a user: "Open a
neighbourhood tool library in our church hall" got "First delivery" by a "Delivery team",
"Delivery work" as most of its money, and "only Saturdays" moved nothing)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.constraints.weekdays import days_text, work_days
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

LIBRARY = "Open a neighbourhood tool library in our church hall by March with a £2,000 budget"
START = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (LIBRARY, "community"),
        ("Plan a community garden opening in May", "community"),
        ("Set up a food bank at our church", "community"),
        ("Launch a volunteer-run community fridge", "community"),
        # run by volunteers, not opened as a business (found as a user)
        ("Launch a monthly repair café in the village hall by April", "community"),
        ("Start a repair cafe", "community"),
        ("Run a book club for my neighbourhood", "community"),  # a club that meets
        ("Open a cafe in Leeds by May", "venue"),
        # other families keep their goals
        ("Grow our Discord community to 5,000 members", "growth"),
        ("Run a community festival in July", "festival"),
        ("Raise £5,000 for the community centre roof", "fundraising"),
        ("Hold a church wedding for 80 guests in June", "event"),
    ],
)
def test_a_community_project_is_its_own_kind_of_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_a_tool_library_is_set_up_by_volunteers_on_their_days() -> None:
    said = "We have 6 volunteers, only Saturdays, and insurance must stay under £300"
    run = await drive(LIBRARY, {1: said}, START)
    plan = run.plan
    assert "Plan type: a community project run by volunteers." in plan
    for general in ("First delivery", "Delivery team", "Delivery work", "work packages"):
        assert general not in plan
    secs = sections(plan)
    budget = secs["Budget"]
    assert "| Equipment and supplies | £700 | 35% of £2,000 (goal) |" in budget
    assert "| Insurance | £299 |" in budget
    # the volunteers' one day: every milestone before the opening falls on a Saturday
    found = re.findall(r"^\| M\d+ \| [^|]+ \| [^|]+ \| (\S+) \|", secs["Schedule"], re.M)
    dates = [date.fromisoformat(d) for d in found]
    # the opening too: the last Saturday by the deadline ("we can't move on a weekend" put
    # a move on Saturday 31 July, found as a user)
    assert len(dates) == 6 and dates[-1] == date(2027, 3, 27)
    assert {d.strftime("%A") for d in dates} == {"Saturday"}
    assert (
        "From 2026-12-05 to 2027-03-27, the last day for it (Saturday only) by the deadline"
        " 2027-03-31 (“by March”, goal)." in secs["Schedule"]
    )
    constraints = secs["Constraints"]
    assert "| Days for the work | only Saturdays → Saturday only | feedback:1 |" in constraints
    assert (
        "only Saturdays → Saturday only” — every milestone falls on one of those days"
        in (secs["Feedback applied"])
    )
    assert "| Budget cap on a line | insurance must stay under £300 | feedback:1 |" in constraints
    assert (
        "People: 6 volunteers, Saturday only — 6 × 1 day a week × 16 weeks ≈ 96 person-days."
        in secs["Budget and resources"]
    )  # not 102 person-weeks, as if they worked full time
    # the risk watched first is the likeliest, not the reviewer's low one listed first
    assert "**Watch first:** R2 — Too few volunteers keep turning up" in secs["Risk register"]
    assert run.flags == []


@pytest.mark.parametrize(
    ("said", "days", "text"),
    [
        ("I cannot study on Sundays", {0, 1, 2, 3, 4, 5}, "not Sunday"),
        ("only Saturdays", {5}, "Saturday only"),
        ("weekends only please", {5, 6}, "Saturday and Sunday only"),
        ("no work at weekends", {0, 1, 2, 3, 4}, "not Saturday or Sunday"),
        ("we open on Saturdays and Sundays", set(range(7)), ""),  # no limit said
    ],
)
def test_the_days_for_the_work_are_read(said: str, days: set[int], text: str) -> None:
    cs = gather(said, START)
    assert set(work_days(cs)) == days
    c = cs.latest("days")
    assert (days_text(c) if c is not None else "") == text


async def test_who_the_goal_names_is_one_row_said_where() -> None:
    """Found as a user: "Communitys — Named in the goal", and "Volunteers — Named in the
    goal" beside the "12 volunteers" the feedback named."""
    goal = "Set up a community garden on the empty lot behind our school by May with £3,000"
    run = await drive(goal, {1: "We have 12 volunteers, only on Sundays"}, START)
    stakeholders = sections(run.plan)["Stakeholder map"]
    assert "Communitys" not in stakeholders
    assert "| The community | Named in the goal |" in stakeholders
    assert "| 12 volunteers | Does the work |" in stakeholders
    assert "| Volunteers |" not in stakeholders


async def test_a_study_plan_keeps_its_milestones_off_the_day_said() -> None:
    """Found as a user: "I can't study on Sundays", and the mock exam was on a Sunday."""
    goal = "Pass the AWS Solutions Architect Associate exam in 10 weeks, studying 6 hours a week"
    run = await drive(goal, {1: "I work full time; I can't study on Sundays"}, START)
    schedule = sections(run.plan)["Schedule"]
    assert "| M4 | Mock exam or practice test | Learner | 2027-02-06 |" in schedule  # a Saturday


@pytest.mark.parametrize(
    ("goal", "said", "last"),
    [
        # a move by a Saturday, with no weekend: the Friday before
        (
            "Move our family of three from Manchester to Edinburgh by 31 July 2027",
            "we can't move on a weekend",
            date(2027, 7, 30),
        ),
        # a hall free on Saturdays only: the last Saturday by the end of April
        (
            "Launch a monthly repair café in the village hall by April",
            "the hall is only free on Saturdays",
            date(2027, 4, 24),
        ),
        # an exam's day is the exam board's: "I can't study on Sundays" leaves it
        (
            "Pass the AWS Solutions Architect Associate exam in 10 weeks",
            "I can't study on Sundays",
            date(2027, 2, 13),
        ),
    ],
)
async def test_the_last_day_falls_on_a_day_said_unless_others_set_it(
    goal: str, said: str, last: date
) -> None:
    run = await drive(goal, {1: said}, START)
    found = re.findall(
        r"^\| M\d+ \| [^|]+ \| [^|]+ \| (\S+) \|", sections(run.plan)["Schedule"], re.M
    )
    assert date.fromisoformat(found[-1]) == last
    assert run.flags == []


async def test_a_community_garden_is_grown() -> None:
    """Found as a user: a community garden had no clearing, soil, beds, water or planting."""
    goal = "Set up a community garden on the empty lot behind our school by May with £3,000"
    run = await drive(goal, {}, START)
    secs = sections(run.plan)
    for step in (
        "Organisers, site and the landowner's permission agreed",
        "Site cleared; soil tested; water supply arranged",
        "Beds built; tools, compost and seeds in",
        "First planting done; sign-ups open",
    ):
        assert step in secs["Schedule"], step
    assert "| Timber and materials for raised beds | £750 |" in secs["Budget"]
    assert "| Soil, compost and seeds | £600 |" in secs["Budget"]
    library = await drive(LIBRARY, {}, START)  # a tool library is no garden
    assert "Beds built" not in library.plan


async def test_a_day_rule_is_a_runners_rest_day_and_a_gift_costs_nothing() -> None:
    """ "I can't train on Mondays" keeps Mondays free of running, as "no runs on Mondays"
    did; "Cakes are donated by parents" is no spending, not "left out of every section"."""
    marathon = await drive(
        "Run my first marathon in Valencia on 5 December 2027",
        {1: "I can't train on Mondays"},
        START,
    )
    assert "Rest days kept free of running: Monday (as asked)." in marathon.plan
    sale = await drive(
        "Host a bake sale at the school by 20 March", {1: "Cakes are donated by parents"}, START
    )
    assert (
        "“Cakes are donated by parents” — excluded: given by others: no spending on it"
        in (sections(sale.plan)["Feedback applied"])
    )
