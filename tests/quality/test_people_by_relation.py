"""People said by who they are to the writer, without a name, are people of the plan: "our
vicar will be quizmaster", "my sister will run the raffle" (found as a user: read as
nobody, so the quizmaster's milestone had no one's name), called "your vicar" in it. Who
does what is no work package of its own."""

from __future__ import annotations

from datetime import date

import pytest

from planloop.checks import sections
from planloop.constraints import gather
from planloop.domain import Feedback
from tests.quality.drive import drive

START = date(2026, 12, 5)
QUIZ = (
    "Organise a quiz night for the church roof fund on 20 March 2027; our vicar will be"
    " quizmaster and my sister will run the raffle"
)


@pytest.mark.parametrize(
    ("said", "people"),
    [
        ("Our vicar will be quizmaster.", [("your vicar", "is the quizmaster")]),
        ("My sister will make the cake.", [("your sister", "make the cake")]),
        ("Our treasurer handles the money.", [("your treasurer", "handles the money")]),
        ("my best friend will take the photos", [("your best friend", "take the photos")]),
        ("My brother Tom will drive the van.", [("Tom", "drive the van")]),  # named: his name
        ("My son will be there.", []),  # no role
        ("Our venue holds 80 people.", []),  # no person
    ],
)
def test_a_person_said_as_the_writers_is_a_member(said: str, people: list[tuple[str, str]]) -> None:
    cs = gather(
        "Organise a quiz night on 20 March 2027", START, [Feedback(checkpoint=1, text=said)]
    )
    assert [(m.name, m.role) for m in cs.members] == people


async def test_each_does_their_own_milestone_and_gets_a_column() -> None:
    run = await drive(QUIZ, {1: "Add a RACI please."}, start=START)
    parts = sections(run.plan)
    schedule = parts["Schedule"]
    assert "| M4 | Questions and rounds written and checked | your vicar |" in schedule
    assert "your sister" in schedule
    table = parts["RACI matrix"]
    assert "| Activity | Organiser | your vicar | your sister | Reviewer |" in table
    assert "| M4 Questions and rounds written and checked | A | R | I | I |" in table
    assert "Delivery (" not in table  # the crew is the two of them, each a column
    assert "will be quizmaster" not in parts["Work breakdown"]
    assert "will be quizmaster" not in parts["MoSCoW priorities"]
    assert not run.flags
