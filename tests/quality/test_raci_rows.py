"""The RACI's rows are the Schedule's milestones, each **R** its owner there (found as a
user: the rows were the goal's clauses, "Jo Smith will be quizmaster" one of them, and the
named quizmaster was **R** for all of them). A quiz night for a church's fund is a quiz
night, not a community project."""

from __future__ import annotations

from datetime import date

from planloop.checks import sections
from planloop.planners.offline.families.choice import pick
from tests.quality.drive import drive

START = date(2026, 12, 5)
QUIZ = (
    "Organise a quiz night for the church roof fund on 20 March 2027 with tickets at £8 each;"
    " Jo Smith will be quizmaster"
)


def test_a_quiz_night_for_a_fund_is_a_quiz_night() -> None:
    assert pick(QUIZ).title == "A quiz night"
    assert pick("Run a quiz night on 20 March 2027 to raise £2,000 for the school").title == (
        "A quiz night"
    )


async def test_each_milestone_is_its_owners_to_do() -> None:
    run = await drive(QUIZ, {1: "Add a RACI please."}, start=START)
    parts = sections(run.plan)
    assert "| M4 | Questions and rounds written and checked | Jo Smith |" in parts["Schedule"]
    table = parts["RACI matrix"]
    assert "will be quizmaster" not in table
    assert "| M4 Questions and rounds written and checked | A | R | I |" in table
    assert "| M3 Tickets on sale; posters and messages out | A, R | C | I |" in table
    rows = [r for r in table.splitlines() if r.startswith("| M")]
    assert len(rows) == 6  # every milestone, and only those
    assert [r for r in rows if "| R |" in r] == [rows[3]]  # Jo Smith does M4 alone
    assert "**R** for the work is each milestone's owner in the Schedule" in table
    assert not run.flags


async def test_a_milestone_owner_of_their_own_gets_a_column() -> None:
    run = await drive(
        "Organise a charity 5k run for 300 runners in Bristol in June 2027",
        {1: "Add a RACI please."},
        start=START,
    )
    table = sections(run.plan)["RACI matrix"]
    assert "| Activity | Race director | Delivery (Race crew) | Volunteer lead | Reviewer |" in (
        table
    )
    assert "| M4 Marshals, first aid and water stations confirmed | A | I | R | I |" in table
