"""What a reviewer leaves out is left out, in the words people use (found by a third new
user's trial: "Leave out the ferries" was read as nothing; "Don't book tours in advance"
ruled out every booking, the beds' too; "Skip the public beta" was said to be left out while
"M4 Beta with real users" stayed; "The £40,000 is our whole budget" was read as nothing)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.constraints.extract import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 7)
TRIP = (
    "Take the family (2 adults, kids 7 and 10) on a two-week road trip through Scotland in"
    " August 2027 for under £4,000"
)
APP = (
    "Ship the first version of our mobile app for dog walkers by 30 April 2027 with a team of"
    " 3 developers and £40,000"
)


def _read(goal: str, said: str) -> list[tuple[str, str]]:
    cs = gather(goal, START, [Feedback(checkpoint=1, text=said)])
    return [(c.kind, c.subject) for c in cs.items if c.source == "feedback:1"]


def test_what_is_left_out_is_read_as_said() -> None:
    assert _read(TRIP, "Leave out the ferries.") == [("exclusion", "ferries")]
    assert _read(TRIP, "Don't book tours in advance.") == [("exclusion", "tours")]
    assert _read(APP, "Skip the public beta.") == [("exclusion", "public beta")]
    assert _read(APP, "The £40,000 is our whole budget.") == [("budget", "")]


async def test_the_trip_keeps_its_beds_and_loses_the_ferries_and_tours() -> None:
    said = "Leave out the ferries. Don't book tours in advance."
    driven = await drive(TRIP, {1: said}, START)
    assert "Book a bed for every night" in driven.plan
    budget = sections(driven.plan)["Budget"]
    assert "| Fuel and tolls | £520 |" in budget and "| Sights and tickets | £200 |" in budget
    assert driven.flags == []


async def test_a_skipped_beta_is_no_milestone() -> None:
    driven = await drive(APP, {1: "Skip the public beta. The £40,000 is our whole budget."}, START)
    parts = sections(driven.plan)
    assert "Beta with real users" not in driven.plan
    assert "Total budget £40,000 (feedback:1); lines sum to it exactly." in parts["Budget"]
    assert "focus on public" not in driven.plan
    assert driven.flags == []


def test_money_said_with_a_team_of_several_words_is_the_budget() -> None:
    """Found by the same trial: "with a team of 3 developers and £40,000" was no budget."""
    cs = gather(APP, START)
    assert cs.budget is not None and cs.budget.money is not None
    assert cs.budget.money.amount == 40_000


async def test_the_first_version_is_no_priority_and_a_task_keeps_its_words() -> None:
    """Found by the same trial: "Ship the first version …" made a priority "Ship the first"
    and an increment whose scope was "the"; "We need to submit to the App Store …" lost its
    "to"; "Test with 10 friendly dog walkers first" lost its testing."""
    said = (
        "We need to submit to the App Store by 16 April 2027. Test with 10 friendly dog walkers"
        " first."
    )
    driven = await drive(APP, {1: said}, START)
    constraints = sections(driven.plan)["Constraints"]
    assert "Ship the first" not in constraints
    assert "| 1 | the |" not in driven.plan
    assert "| Request to add | We need to submit to the App Store by 16 April 2027 |" in (
        constraints
    )
    assert "| Priority | Test with 10 friendly dog walkers first | feedback:1 |" in constraints
    assert "10 friendly (" not in driven.plan  # the count is of dog walkers, not "friendly"


async def test_what_is_left_out_is_no_focus_and_what_is_sorted_out_is() -> None:
    said = "Can you sort out the budget? Leave out the marketing."
    driven = await drive(
        "Open a bakery in Lisbon with a budget of $40,000 within 6 months", {1: said}, START
    )
    assert "the reviewer's focus on budget" in driven.plan
    assert "focus on marketing" not in driven.plan
