"""A quiz night is questions, a quizmaster, tickets and a raffle, not a wedding (found by a
third new user's trial: "Organise a charity quiz night for 80 people at the village hall"
was told to "Book photography and music", "Book the caterer; agree the per-guest price"
and "Order flowers and decoration", and its quizmaster owned nothing). The event family
(occasions.py) for a quiz night."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_QUIZ = re.compile(r"\b(?:quiz|trivia)(?:\snight|\sevening)?s?\b|\bpub\squiz\b", re.I)


QUIZ_STRUCTURE = "Countdown to quiz night"


def runs_a_quiz(goal: str) -> bool:
    return _QUIZ.search(goal) is not None


def for_quiz(family: Family, goal: str) -> Family:
    """The event family for a quiz night: its phases, lines and countdown's title."""
    if family.id != "event" or not runs_a_quiz(goal):
        return family
    phases = (
        phase("Date, hall, ticket price and team size fixed", 0.1, "Organiser",
              "venue hall date tickets budget"),
        phase("Quizmaster and helpers found; raffle prizes asked for", 0.3, "Organiser",
              "helpers volunteers raffle prizes"),
        phase("Tickets on sale; posters and messages out", 0.45, "Organiser",
              "tickets posters promotion"),
        phase("Questions and rounds written and checked", 0.75, "Quizmaster",
              "questions rounds quiz answers quizmaster"),
        phase("Tables, food and drink, the float and a card reader arranged", 0.95,
              "Organiser", "tables food drink float"),
        phase("Quiz night", 1.0, "Organiser", "quiz night"),
    )  # fmt: skip
    lines = (("Hall hire", 0.35, ""), ("Prizes: quiz and raffle", 0.20, ""),
             ("Food and drink", 0.30, "guest"), ("Printing: tickets, posters, answer sheets",
             0.05, ""))  # fmt: skip
    return dataclasses.replace(
        family,
        title="A quiz night",
        lead="Organiser",
        team="Organisers",
        phases=phases,
        lines=lines,
        structure=QUIZ_STRUCTURE,
    )


# (share of the run-up before the night, task, topic)
QUIZ_COUNTDOWN = (
    (0.95, "Book the hall; check its capacity and whether a licence covers the bar and raffle",
     "venue"),
    (0.80, "Ask the quizmaster; agree the rounds, teams of how many and the tie-break",
     "helpers"),
    (0.70, "Ask local shops and members for raffle prizes", "prizes"),
    (0.55, "Put tickets on sale; posters in the village and a message to every group",
     "tickets"),
    (0.30, "Write the questions and answers; check every answer twice", "questions"),
    (0.15, "Print answer sheets, team sheets and raffle tickets", "printing"),
    (0.07, "Arrange the food and drink; get a float and a card reader", "food"),
    (0.02, "Set out tables, pens and the scoreboard; brief the helpers", "setup"),
)  # fmt: skip

QUIZ_OPPORTUNITIES = (
    "Local shops and members glad to give raffle prizes",
    "A bar or refreshments, where the hall's licence allows, for more money on the night",
)
QUIZ_EXTRAS = ("A picture round and a music round", "A prize for the best team name")
