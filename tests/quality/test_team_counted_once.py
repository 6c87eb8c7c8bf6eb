"""A person named by the title of a team counted already is one of it (found by a third new
user's trial: "Our developer Sam will do the App Store submission" of "a team of 3
developers" made "3 developers, Priya Patel, Sam", five people's person-weeks)."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from tests.quality.drive import drive

START = date(2026, 12, 7)
APP = (
    "Ship the first version of our mobile app for dog walkers by 30 April 2027 with a team of"
    " 3 developers and £40,000"
)


async def test_the_developer_named_is_one_of_the_three() -> None:
    said = "Our developer Sam will do the App Store submission. Priya Patel is our designer."
    driven = await drive(APP, {1: said}, START)
    resources = sections(driven.plan)["Budget and resources"]
    assert (
        "People: 3 developers (among them Sam), Priya Patel — 4 × 21 weeks ≈ 84 person-weeks."
        in resources
    )
