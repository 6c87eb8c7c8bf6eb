"""A learner who has a provisional licence already does not apply for one (found by a new
user's trial: "starting from a provisional licence" was planned with "Apply for a
provisional licence" and £80 for one). The driving family (occasions.py) in their case."""

from __future__ import annotations

import dataclasses
import re

from planloop.constraints import Constraint
from planloop.planners.offline.families.family import Family, phase

_HELD = re.compile(
    r"\b(?:from|with|have|has|got|hold|holding|already\s(?:have|got|hold))\s(?:a|my|our)\s"
    r"provisional(?:\s(?:licence|license))?\b",
    re.I,
)


# "Learn to drive" names no keyword of its own; it counts as one of the driving family's.
_TO_DRIVE = re.compile(r"\b(?:learn(?:ing)?|pass(?:ing)?)\s(?:how\s)?to\sdrive\b", re.I)
# Someone who drives is no learner: "my husband James drives and pitches the tent" (found by
# a new user's trial: a camping trip was planned as driving lessons and a practical test)
_LEARNING = re.compile(
    r"\b(?:learn\w*|lessons?|instructor|licen[cs]e|test|theory|provisional|L-plates?)\b", re.I
)


def aims_to_drive(goal: str) -> bool:
    """The goal is to drive: "learn to drive", "pass how to drive"."""
    return _TO_DRIVE.search(goal) is not None


def learns_to_drive(goal: str) -> bool:
    """The goal says a learner's words (lessons, a test, a licence): a driving plan at all."""
    return _LEARNING.search(goal) is not None


def licence_held(goal: str) -> bool:
    return _HELD.search(goal) is not None


def for_licence_held(family: Family, goal: str) -> Family:
    """The driving family without applying for the provisional licence the learner has."""
    if family.id != "driving" or not licence_held(goal):
        return family
    first, *rest = family.phases
    phases = (phase("An instructor booked", first.share, first.owner, "licence instructor"), *rest)
    lines = tuple(line for line in family.lines if "provisional" not in line[0].lower())
    return dataclasses.replace(family, phases=phases, lines=lines)


def without_applying(
    steps: tuple[tuple[float, str, str], ...],
) -> tuple[tuple[float, str, str], ...]:
    """The countdown's steps with no application for the licence held."""
    return tuple(
        (share, task.replace("Apply for a provisional licence; book", "Book"), topic)
        for share, task, topic in steps
    )


def at_their_pace(
    steps: tuple[tuple[float, str, str], ...], lessons: Constraint | None
) -> tuple[tuple[float, str, str], ...]:
    """The countdown's lessons as often as said: "2 lessons a week" starts lessons, two a
    week, not weekly ones (found by a second new user's trial)."""
    if lessons is None or lessons.scope not in ("week", "month") or not lessons.number:
        return steps
    often = f"Start lessons, {lessons.number:g} a {lessons.scope}"
    return tuple(
        (share, task.replace("Start weekly lessons", often), t) for share, task, t in steps
    )


# A learner's countdown to the practical test (share of the run-up, task, topic)
DRIVING_COUNTDOWN = (
    (0.95, "Apply for a provisional licence; book an instructor", "licence instructor"),
    (0.85, "Start weekly lessons; practise between them with a qualified driver", "lessons"),
    (0.70, "Learn the rules of the road; take practice theory tests", "rules"),
    (0.60, "Take the theory test", "theory"),
    (0.55, "Book the practical test: waiting lists can run to months", "test"),
    (0.20, "Drive the test routes; a mock test with the instructor", "mock"),
    (0.05, "Last lesson; check the car, the licence and the booking for the day", "licence"),
)
