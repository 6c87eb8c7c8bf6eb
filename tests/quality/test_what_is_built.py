"""What is built names a software delivery, and a plan with no number to aim at is measured
by its last milestone on its date. Found as a user: "Build an internal dashboard for the
support team by March 2027" was a general goal ("build" says little alone), and its SMART
goal's Measurable read "No number yet: set a target for “internal”"."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)


@pytest.mark.parametrize(
    "goal",
    [
        "Build an internal dashboard for the support team by March 2027",
        "Create a customer portal for our accounting firm by June 2027",
        "Build a chatbot for our shop's FAQs by April 2027",
    ],
)
async def test_a_dashboard_a_portal_or_a_chatbot_built_is_a_software_delivery(goal: str) -> None:
    plan = (await drive(goal, start=START)).plan
    assert "Plan type: a software delivery." in plan
    smart = sections(plan)["SMART goal"]
    assert "No number yet" not in smart and "set a target for" not in smart
    assert "| Measurable | Release; rollback plan ready by 20" in smart
    assert "the number that shows it worked is an open question | milestones |" in smart
    assert "Which number will show that" in sections(plan)["Open questions"]


async def test_a_number_said_is_still_the_measure() -> None:
    goal = "Launch our app to 1,000 paying users by June 2027"
    smart = sections((await drive(goal, start=START)).plan)["SMART goal"]
    assert "1,000" in smart.split("| Measurable |")[1].split("\n")[0]
    assert "open question" not in smart.split("| Measurable |")[1].split("\n")[0]
