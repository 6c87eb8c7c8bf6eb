"""A team listed with what each one does is read, and a website is built, not opened
(found by a new user's trial: "Our volunteer team of 4 (Sam on design, Priya coding, Ben
writing content, Elena coordinating) needs to launch a new website for the … food bank"
ignored all four and was planned as a venue's opening day)."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.constraints.extract import gather
from planloop.domain import Feedback
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 6)
WEBSITE = (
    "Our volunteer team of 4 (Sam on design, Priya coding, Ben writing content, Elena"
    " coordinating) needs to launch a new website for the Hackney community food bank by 28"
    " February 2027"
)


def people(goal: str) -> list[tuple[str, str]]:
    return [(c.name, c.role) for c in gather(goal, START).items if c.kind == "member"]


@pytest.mark.parametrize(
    ("goal", "found"),
    [
        (
            WEBSITE,
            [
                ("Sam", "works on the design"),
                ("Priya", "coding"),
                ("Ben", "writing content"),
                ("Elena", "coordinating"),
            ],
        ),
        (
            "Our 3-person café in Porto (me as owner, Marta the baker, Jonas on the till) wants"
            " to launch a Saturday brunch menu by 6 March 2027",
            [("Marta", "is the baker"), ("Jonas", "works on the till")],
        ),
        (
            "Launch the website with Sam on design and Priya on the code by 28 February 2027",
            [("Sam", "works on the design"), ("Priya", "works on the code")],
        ),
        ("A weekend in Rome (Colosseum, Vatican, Trastevere) by May 2027", []),
    ],
)
def test_each_person_of_a_listed_team_with_what_they_do(
    goal: str, found: list[tuple[str, str]]
) -> None:
    assert people(goal) == found


@pytest.mark.parametrize(
    ("goal", "family"),
    [
        (WEBSITE, "software"),
        ("Build a website for my bakery by March 2027", "software"),
        ("Launch our app to 1,000 users by March", "growth"),
        ("Open an online shop for my candles by May 2027", "shop"),
    ],
)
def test_what_is_delivered_chooses_the_plan(goal: str, family: str) -> None:
    assert pick(goal).id == family


async def test_the_website_plan_names_its_people_and_opens_no_doors() -> None:
    d = await drive(WEBSITE, start=START)
    assert "Plan type: a software delivery." in d.plan
    assert "| M1 | Scope, design and release plan agreed | Sam |" in d.plan
    for venue in ("Opening day", "Insurance, safety checks", "nobody named yet"):
        assert venue not in d.plan, venue


async def test_a_surprises_guests_of_honour_are_not_kept_informed() -> None:
    """Found by a new user's trial: "a surprise 40th wedding anniversary dinner for my
    parents" had "Parents | Named in the goal | Medium | Keep informed"."""
    d = await drive(
        "Organise a surprise 40th wedding anniversary dinner for my parents for 30 guests in"
        " Boston on Saturday 17 April 2027, budget $1,800",
        start=START,
    )
    assert "| Parents | Named in the goal | Medium | Kept from them: it is a surprise |" in d.plan
    assert "| Parents | Named in the goal | Medium | Keep informed |" not in d.plan
    # its guests are in on it (another trial's: "Guests | … | Kept from them")
    party = await drive(
        "Throw a surprise 40th birthday party for my husband at home in June 2027; the guests"
        " bring a dish each",
        start=START,
    )
    assert "| Guests | Named in the goal | Medium | Keep informed |" in party.plan


def test_a_person_who_will_also_do_something_is_given_it() -> None:
    """Found by a new user's trial: "Hannah will also handle the cake" gave the cake to
    the host."""
    said = [
        Feedback(
            checkpoint=1, text="Cut the budget to $1,500, and Hannah will also handle the cake"
        )
    ]
    cs = gather("Organise my parents' anniversary dinner by 24 April 2027", START, said)
    assert ("Hannah", "handle the cake") in [(c.name, c.role) for c in cs.members]
