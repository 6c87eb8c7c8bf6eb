"""A goal's clauses (planloop.terms.clauses): the units of work a plan is broken into."""

from __future__ import annotations

import pytest

from planloop.terms import clauses, done_form, shorten


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # found as a user: the second thing hired, and two of three exams, were lost from
        # the SMART statement and turned up as fragments ("3.2 a product designer by …")
        (
            "Hire 3 backend engineers and a product designer by 30 June 2027",
            ["Hire 3 backend engineers and a product designer by 30 June 2027"],
        ),
        (
            "Revise for my maths, physics and chemistry exams starting 8 June, 10 hours a week",
            ["Revise for my maths, physics and chemistry exams starting 8 June", "10 hours a week"],
        ),
        # two verbs are two clauses; a verb shared by two words is one
        (
            "Renovate the kitchen and paint the hall by May",
            ["Renovate the kitchen", "paint the hall by May"],
        ),
        (
            "Write and self-publish a novel by next October",
            ["Write and self-publish a novel by next October"],
        ),
        (
            "Plan our wedding in Harrogate, budget £20k",
            ["Plan our wedding in Harrogate", "budget £20k"],
        ),
        # found as a user: "Android by 1 May 2027 …" was a Should-have of its own
        (
            "Launch our budgeting app on iOS and Android by 1 May 2027",
            ["Launch our budgeting app on iOS and Android by 1 May 2027"],
        ),
        ("Open cafés in Leeds and York by June", ["Open cafés in Leeds and York by June"]),
    ],
)
def test_a_list_of_things_stays_in_its_clause(goal: str, expected: list[str]) -> None:
    assert clauses(goal) == expected


def test_an_aside_in_brackets_and_a_decimal_point_split_nothing() -> None:
    """Found as a user: "Run my first marathon (Berlin" was the goal's lead, and "€1.2k"
    was cut to "€1" at its decimal point."""
    assert clauses("Run my first marathon (Berlin, 26 September 2027) in under 4 hours") == [
        "Run my first marathon (Berlin, 26 September 2027) in under 4 hours"
    ]
    assert clauses("Host a party for 30 friends with €1.2k. Invite the neighbours") == [
        "Host a party for 30 friends with €1.2k",
        "Invite the neighbours",
    ]


def test_a_shortened_text_does_not_end_on_a_word_that_leads_on() -> None:
    """Found as a user: the SMART goal read "… on 19 September 2027 with a…"."""
    goal = (
        "Organise a 5k charity fun run in Bristol for 300 runners on 19 September 2027"
        " with a budget"
    )
    assert shorten(goal, 86) == (
        "Organise a 5k charity fun run in Bristol for 300 runners on 19 September 2027…"
    )


@pytest.mark.parametrize(
    ("subject", "done"),
    [
        ("shed roof needs fixing", "shed roof fixed"),
        ("the fence needs painting", "the fence painted"),
        ("the bed needs digging", "the bed dug"),
        ("the tiles need replacing", "the tiles replaced"),
        ("networking", "networking ready"),
    ],
)
def test_a_priority_is_said_done(subject: str, done: str) -> None:
    """A new user's trial: "Priority first: shed roof needs fixing ready"."""
    assert done_form(subject) == done
