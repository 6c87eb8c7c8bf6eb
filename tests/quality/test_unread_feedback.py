"""Feedback the offline planner cannot read is said to be unread, not applied (found as a
user: "no framework or number matched it. Every section written from now on cites it", and
no section then cited it, while the plan check called the feedback reflected)."""

from __future__ import annotations

from planloop.checks import sections
from tests.quality.drive import drive

BAKERY = "Open a bakery in Lisbon with a budget of 40000 EUR by June 2027"
VAGUE = "Honestly this feels too generic, I want it to feel like a neighbourhood place."


async def test_unread_feedback_is_said_to_change_nothing() -> None:
    run = await drive(BAKERY, {1: VAGUE})
    direction = sections(run.plan)["Reviewer direction"]
    assert "cites it" not in direction
    assert "Applied from iteration" not in direction
    assert "nothing in it matched a framework, a number, a date, a person or a limit" in direction
    assert "so no section changed for it" in direction
    check = next(c for c in run.checks[-1] if c.name == "feedback_reflected")
    assert check.status == "pass"  # answered: the plan says what it did with it
    assert "reflected" not in check.message
    assert "Nothing to check was read from checkpoint 1's feedback" in check.message
    assert "Reviewer direction" in check.sections


async def test_read_feedback_says_what_it_changed() -> None:
    run = await drive(BAKERY, {1: "Focus more on the risks, and add a RACI."})
    direction = sections(run.plan)["Reviewer direction"]
    assert "Applied from iteration 3: read 2 constraints from it" in direction
    assert direction.rstrip().endswith("The sections it changed say so.")
    assert "_Adjusted for checkpoint 1 feedback" in run.plan
    check = next(c for c in run.checks[-1] if c.name == "feedback_reflected")
    assert check.message == "The feedback of checkpoint 1 is reflected in the plan."
