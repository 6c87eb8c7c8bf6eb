"""A ban that lasts for a while is neither the goal's deadline nor a thing left out (found
by a new user's trial: "the physio says no front crawl until 1 March 2027" moved a race on
5 June 2027 to 1 March and ruled front crawl out for good; "no meetings in August" gave a
book club a deadline at the end of August and no meetings at all)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.extract import gather
from tests.quality.drive import drive

START = date(2026, 12, 6)
TRIATHLON = (
    "Get ready for my first sprint triathlon in Dorney Lake on 5 June 2027 while recovering"
    " from a shoulder injury: the physio says no front crawl until 1 March 2027, I can train"
    " 6 hours a week, and $400 for a wetsuit and race entry"
)
BOOK_CLUB = (
    "Plan the first year of our new 8-person book club in Leeds starting January 2027: £10 a"
    " month each for snacks, no meetings in August"
)


def kinds(goal: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in gather(goal, START).items]


def test_the_end_of_a_ban_is_not_the_deadline_nor_the_ban_an_exclusion() -> None:
    found = kinds(TRIATHLON)
    assert ("deadline", "on 5 June 2027") in found
    assert not [c for c in found if c[0] in ("deadline", "exclusion") and "March" in c[1]]
    assert not [c for c in found if c[0] == "exclusion"]


def test_a_month_without_meetings_is_not_a_deadline_nor_an_exclusion() -> None:
    found = kinds(BOOK_CLUB)
    assert not [c for c in found if c[0] in ("deadline", "exclusion") and "August" in c[1]]
    assert not [c for c in found if c[0] == "exclusion"]


@pytest.mark.parametrize(
    ("goal", "kind", "text"),
    [
        ("Finish the report no later than 1 March 2027", "deadline", "no later than 1 March 2027"),
        ("Plan a party with no clowns, by 3 May 2027", "exclusion", "no clowns"),
        ("Write the grant with no marketing in the plan by May 2027", "exclusion", "no marketing"),
    ],
)
def test_a_deadline_and_an_exclusion_said_plainly_stay(goal: str, kind: str, text: str) -> None:
    assert (kind, text) in kinds(goal)


async def test_the_race_is_on_its_day_and_no_risk_is_about_the_ban() -> None:
    d = await drive(TRIATHLON, start=START)
    assert "| M5 | Race day | Athlete | 2027-06-05 |" in d.plan
    assert "The 1 March 2027 deadline" not in d.plan
    assert "| deadline | 1 March 2027 |" not in d.plan


def test_a_may_that_is_no_month_makes_no_ban_of_the_events_own_month() -> None:
    goal = (
        "We may want a DJ later, if the budget allows: host a wedding for 80 guests with no"
        " live band in June 2027"
    )
    found = kinds(goal)
    assert ("exclusion", "no live band") in found
    assert [c for c in found if c[0] == "deadline"]
