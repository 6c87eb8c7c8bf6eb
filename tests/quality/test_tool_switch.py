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
    # a tool named in passing is no switch
    assert pick("Clean up our Slack channels by March").id != "switch"
    assert pick("Build our app and track the work in Jira").id == "software"


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


async def test_a_pause_of_the_switch_is_no_exclusion_and_licences_are_per_user_a_month() -> None:
    """Found by a second trial of the switch: "No switch during the audit" excluded the
    switch itself ("Won't have: switch"), "Dev Shah from IT owns the switch" owned only
    switch day, and "Keep licences under £12 a user a month" was not in the budget (its
    check flagged it)."""
    goal = (
        "Switch our 25-person company from Google Workspace to Microsoft 365 by 31 March"
        " 2027 with a budget of £6,000"
    )
    said = (
        "Dev Shah from IT owns the switch. Keep licences under £12 a user a month. No switch"
        " during the audit in the second week of March."
    )
    assert pick(goal).id == "switch"
    run = await drive(goal, {1: said}, start=START)
    parts = sections(run.plan)
    assert "| Excluded |" not in parts["Constraints"] and "Won't have: switch" not in run.plan
    schedule = parts["Schedule"]
    assert (
        "| M1 | What moves agreed: mailboxes, shared mailboxes, calendars and files, an owner for"
        " each | Dev Shah |" in (schedule)
    )
    assert (
        "| Licences for the new service | £1,200 | £12 a user a month × 25 people × 4 months"
        " (feedback:1, goal) |" in parts["Budget"]
    )
    assert all(c.status == "pass" for c in run.checks[-1] if c.name == "budget_caps")
