"""Applying to university programmes: a shortlist with each one's requirements and
deadline, referees asked in good time, transcripts and a language test, the personal
statement drafted, read and fitted to each programme, every application in before its
deadline (found by a new user's trial: "Apply to three master's programmes in data
science by 15 January 2027" was a personal project of "options found out" and "a small
treat when it is done", with no referee, statement or test in it). The personal project
family (plain.py) for applications to study."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_APPLIES = re.compile(
    r"\bappl(?:y|ying|ication|ications)\s(?:to|for)\s(?:[\w'’-]+\s){0,4}?"
    r"(?:master'?s|masters|mba|phd|doctorate|universit(?:y|ies)|colleges?|graduate\sschools?"
    r"|(?:degree|postgraduate|undergraduate)\s(?:programmes?|programs?|courses?)|ucas)\b",
    re.I,
)


_UCAS = re.compile(r"\bucas\b", re.I)


def applies_to_study(family: str, goal: str) -> bool:
    return family == "personal" and _APPLIES.search(goal) is not None


def for_admissions(family: Family, goal: str) -> Family:
    """The personal project for applications to study."""
    if not applies_to_study(family.id, goal):
        return family
    ucas = _UCAS.search(goal) is not None  # one statement and one form for every choice
    fitted = (
        "Personal statement finished, one for every choice; the UCAS form filled in"
        if ucas
        else "Statement fitted to each programme; every form filled in"
    )
    phases = (
        phase("Programmes shortlisted: each one's entry requirements, deadline and fee", 0.1,
              "You", "programmes shortlist requirements research"),
        phase("Referees asked, with the deadlines, your CV and what to stress", 0.2, "You",
              "referees ask"),
        phase("Transcripts and certificates requested; the English test booked if needed",
              0.3, "You", "transcripts certificates ielts toefl test"),
        phase("Personal statement drafted and read by someone who knows the field", 0.55,
              "You", "statement draft"),
        phase(fitted, 0.8, "You", "forms statement tailored"),
        phase("References written and sent", 0.9, "Referees", "reference references write"),
        phase("Every application submitted and its fee paid", 1.0, "You",
              "submitted applications fee"),
    )  # fmt: skip
    lines = (("Application fees", 0.45, ""), ("Language test", 0.35, ""),
             ("Transcripts and certified copies", 0.10, ""))  # fmt: skip
    return dataclasses.replace(family, title="Applications to study", phases=phases, lines=lines)


ADMISSIONS_HAZARD = Hazard(
    "A reference or a test score arrives after a deadline", "Medium", "High",
    "Ask referees four weeks ahead with the dates in writing, and a third as a spare; book"
    " the test so its result is out a fortnight before the first deadline",
    "You", "A referee has not confirmed two weeks before a deadline",
)  # fmt: skip
ADMISSIONS_OPPORTUNITIES = (
    "Each programme's open days and admissions tutors, to ask what they look for",
    "Scholarships and fee waivers, some with earlier deadlines",
)
ADMISSIONS_EXTRAS = (
    "A spare referee, asked in case one is late",
    "A tracker of each programme's portal and reply",
)
