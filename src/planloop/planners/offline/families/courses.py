"""A training course arranged for a group: a first aid, food hygiene or safeguarding course
for a club's coaches, a workplace's staff or a group's volunteers. The course is chosen with
its provider, a date and a room are booked, the places filled, the course held and the
certificates kept with their renewal dates (found by a new user's trial: "Organise a first
aid course for 12 coaches at our hockey club" was a community project with the space's
owner on board, publicity, sign-ups and an opening day, and no course provider)."""

from __future__ import annotations

import re

from planloop.planners.offline.families.family import Family, phase

_SUBJECT = (
    r"(?:(?:emergency\s|paediatric\s|sports\s|mental[\s-]health\s)?first[\s-]aid|cpr"
    r"|defibrillator|aed|safeguarding|food[\s-]hygiene|fire[\s-](?:safety|marshal)"
    r"|manual[\s-]handling|coaching|refereeing|umpiring)"
)
_COURSE = re.compile(
    r"\b(?:organi[sz]e|book|arrange|run|hold|get|set\sup|sort\sout|put\son)\s"
    r"(?:a\s|an\s|the\s|our\s)?(?:[\w'’-]+\s){0,2}?"
    + _SUBJECT
    + r"\s(?:course|training|session|workshop|qualification|certificate)s?\b",
    re.I,
)
# ... or a group put through one: "get 14 volunteer coaches through an Emergency First Aid
# course", "an Emergency First Aid at Work course for the 8 coaches" (a fifth trial's: both
# were one learner's study schedule)
_NAMED_COURSE = re.compile(
    _SUBJECT + r"(?:\s(?:at\swork|awareness|level\s[1-3]))?\s(?:course|training|qualification)s?\b",
    re.I,
)
_GROUP = re.compile(
    r"\b(?:[0-9]{1,3}|all\s(?:the|our)|our|the)\s(?:[\w-]+\s)?(?:coaches|volunteers|staff"
    r"|members|players|parents|leaders|helpers|employees|team|marshals|stewards|teachers)\b",
    re.I,
)
_AED = re.compile(r"\b(?:aed|defibrillator)s?\b", re.I)
COURSE_STRUCTURE = "Course steps"


def arranges_a_course(goal: str) -> bool:
    """A course arranged, or a group put through one (not one person's own course)."""
    return _COURSE.search(goal) is not None or bool(
        _NAMED_COURSE.search(goal) and _GROUP.search(goal)
    )


def course_for(goal: str) -> Family:
    """The family of a course arranged for a group, with a defibrillator's steps when the
    goal names one."""
    phases = [
        phase("Course chosen: its level, a provider and the price for the group", 0.15,
              "Organiser", "course provider trainer level price"),
        phase("Date and room booked; the trainer confirmed in writing", 0.3, "Organiser",
              "date room venue trainer booking"),
        phase("Places offered; names, any needs and the fee collected", 0.55, "Organiser",
              "places names sign-ups fee"),
        phase("Reminders sent a week before; the room and kit ready", 0.85, "Organiser",
              "reminders kit room"),
        phase("Course held; certificates issued and each renewal date recorded", 1.0,
              "Organiser", "course certificates renewal"),
    ]  # fmt: skip
    lines = [("Trainer or course fee", 0.6, ""), ("Room hire", 0.1, ""),
             ("Manuals, kit and certificates", 0.15, ""), ("Refreshments", 0.05, "")]  # fmt: skip
    if _AED.search(goal):
        bought = phase("Defibrillator bought, registered with The Circuit, its checks on a rota",
                       0.7, "Organiser", "defibrillator aed cabinet")  # fmt: skip
        phases.insert(3, bought)
        lines = [("Defibrillator and cabinet", 0.45, ""), ("Trainer or course fee", 0.35, ""),
                 ("Room hire", 0.05, ""), ("Manuals, kit and certificates", 0.05, "")]  # fmt: skip
    return Family(
        "course", "A training course for a group", (), 90, "Organiser", "Organiser",
        tuple(phases), tuple(lines), COURSE_STRUCTURE,
    )  # fmt: skip
