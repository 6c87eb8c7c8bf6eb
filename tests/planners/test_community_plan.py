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
        # other families keep their goals
        ("Grow our Discord community to 5,000 members", "growth"),
        ("Run a community festival in July", "festival"),
        ("Raise £5,000 for the community centre roof", "fundraising"),
        ("Hold a church wedding for 80 guests in June", "event"),
        ("Run a book club for my neighbourhood", "general"),
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
    assert "| Insurance | £300 |" in budget
    # the volunteers' one day: every milestone before the opening falls on a Saturday
    found = re.findall(r"^\| M\d+ \| [^|]+ \| [^|]+ \| (\S+) \|", secs["Schedule"], re.M)
    dates = [date.fromisoformat(d) for d in found]
    assert len(dates) == 6 and dates[-1] == date(2027, 3, 31)
    assert {d.strftime("%A") for d in dates[:-1]} == {"Saturday"}
    constraints = secs["Constraints"]
    assert "| Days for the work | only Saturdays → Saturday only | feedback:1 |" in constraints
    assert "| Budget cap on a line | insurance must stay under £300 | feedback:1 |" in constraints
    assert (
        "People: 6 volunteers, Saturday only — 6 × 1 day a week × 17 weeks ≈ 102 person-days."
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


async def test_a_study_plan_keeps_its_milestones_off_the_day_said() -> None:
    """Found as a user: "I can't study on Sundays", and the mock exam was on a Sunday."""
    goal = "Pass the AWS Solutions Architect Associate exam in 10 weeks, studying 6 hours a week"
    run = await drive(goal, {1: "I work full time; I can't study on Sundays"}, START)
    schedule = sections(run.plan)["Schedule"]
    assert "| M4 | Mock exam or practice test | Learner | 2027-02-06 |" in schedule  # a Saturday
