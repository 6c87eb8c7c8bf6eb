"""A team's switch to a new tool is planned as one (found by a third new user's trial:
"Move our team of 12 from Slack to Microsoft Teams by 28 February 2027" was a general goal,
"First delivery", "All work packages delivered", and its owner owned no milestone)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)
GOAL = "Move our team of 12 from Slack to Microsoft Teams by 28 February 2027"


def test_a_tool_named_on_either_side_is_a_switch_and_a_home_or_a_server_is_not() -> None:
    assert pick(GOAL).id == "switch"
    assert pick("Switch the support team from Zendesk to Freshdesk by June").id == "switch"
    assert pick("Migrate our projects from Trello to Jira in Q2").id == "switch"
    assert pick("Move our family from London to Berlin by August 2027").id == "move"
    assert pick("Move our billing service to AWS by March").id == "migration"


async def test_a_switch_counts_down_to_switch_day_with_its_owner() -> None:
    run = await drive(GOAL, {1: "Priya Patel from IT owns the migration."}, start=START)
    parts = sections(run.plan)
    assert "First delivery" not in run.plan and "work packages delivered" not in run.plan
    schedule = parts["Schedule"]
    assert "| M6 | Switch day: everyone on the new tool, the old one read-only | Priya Patel |" in (
        schedule
    )
    countdown = parts["Countdown to switch day"]
    assert "| Switch day | 2027-02-28 | Everyone on the new tool |" in countdown
    assert "Export the history and files; import a test copy and check it" in countdown
    assert "Switch over" in parts["Work breakdown"]
