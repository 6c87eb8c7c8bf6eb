"""A skill learned for its own use is not an exam to sit (found as a user: "Learn
conversational Italian for a trip to Rome" was planned to a "Mock exam or practice test",
an "Exam or goal date" and "Sit the exam", with past papers as its opportunity). The
study family (kinds.py) ends in an exam; a goal that names none gets a full practice run
under real conditions and the day it is for."""

from __future__ import annotations

import dataclasses
import math
import re

from planloop.planners.offline.families.family import Family, phase

_EXAM = re.compile(
    r"\b(?:exams?|tests?|certificat\w*|certified|certification|ielts|toefl|gcse|a-?levels?"
    r"|sat|gre|gmat|cfa|bar|qualif\w*|assessments?|finals|boards|modules?|degree|diploma"
    r"|thesis|dissertation|pass|passing|grade|cambridge|dele|delf|dalf|jlpt|hsk|cils"
    r"|level|[abc][12])\b",  # a level (B1) is one a test says
    re.I,
)
PRACTICE_RUN = "Full practice run under real conditions"
READY = "Ready for the day it is for"
# What the skill is for, when the goal says: "Ready for the trip" (found by a new user's
# trial: "Ready for the day it is for" read as a template's)
_FOR = re.compile(
    r"\b(trip|holiday|visit|move|wedding|interview|exchange|posting|stay|audition|concert"
    r"|recital|race|journey|birthday|anniversary|party|gig|christening)\b",
    re.I,
)


def ready(goal: str) -> str:
    """The last milestone of a skill learned for its own use."""
    said = _FOR.search(goal)
    return f"Ready for the {said.group(1).lower()}" if said else READY


FINISH = ("Use it", "use it on the day it is for; note what to keep practising")
OPPORTUNITIES = (
    "Conversation partners, clubs and meet-ups to practise with",
    "Films, podcasts and books to learn from between sessions",
)


def sits_exam(goal: str) -> bool:
    return _EXAM.search(goal) is not None


def for_practice(family: Family, goal: str) -> Family:
    """The study family for a goal that sits no exam: a practice run, then the day."""
    if family.id != "study" or sits_exam(goal):
        return family
    phases = tuple(
        phase(PRACTICE_RUN, p.share, p.owner, "mock practice")
        if "mock" in p.topics
        else phase(ready(goal), p.share, p.owner, "goal")
        if p.share >= 1.0
        else p
        for p in family.phases
    )
    lines = tuple(line for line in family.lines if "exam" not in line[0].lower())  # none sat
    return dataclasses.replace(family, phases=phases, lines=lines)


FIRST_WEEK = 7  # days: the materials chosen and the level tested, before any new material


def materials_first(family: Family, days: int) -> Family:
    """A study plan's materials chosen and level tested at the end of its first week, the
    week its table gives to them (found by a new user's trial: new material began in week
    1, three weeks before "Materials chosen"); and its first half covered in the week that
    ends the first half of its weeks of new material."""
    if family.id != "study" or days <= 4 * FIRST_WEEK:
        return family
    half = _half_share(family, days)
    phases = tuple(
        dataclasses.replace(p, share=min(p.share, (FIRST_WEEK - 1) / days))
        if "materials" in p.topics
        else dataclasses.replace(p, share=half)
        if p.title.startswith(FIRST_HALF) and half is not None
        else p
        for p in family.phases
    )
    return dataclasses.replace(family, phases=phases)


FIRST_HALF = "First half of the"


def _half_share(family: Family, days: int) -> float | None:
    """The share of the schedule on the last day of the week that ends the first half of
    the weeks of new material (weeks 2 to the one all material is covered by, every fourth
    a review week, as studies.study lays them out). Found as a user: at 45% of the
    schedule, part 1 of 4 had three weeks and part 4 one."""
    covered_at = next((p.share for p in family.phases if p.title.startswith("All material")), 0)
    covered = math.ceil(round(days * covered_at) / 7)
    learning = [w for w in range(2, covered + 1) if w % 4]
    if covered <= 4 or len(learning) < 2:
        return None
    last_of_half = learning[len(learning) // 2 - 1]
    return (7 * last_of_half - 1) / days
