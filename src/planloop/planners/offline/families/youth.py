"""A club for children: safeguarding before the first meeting, the families' consent, and
the school's yes where it meets at one (found by a new user's trial: "Run a weekly coding
club for 15 kids at the school from January 2027" had its children as "Members" who "do
the work", rooms to find at libraries and cafés, and no DBS check or consent form)."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.clubs import HALF_WAY, about, runs_a_club
from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard
from planloop.planners.offline.families.schools import meets_at_school

_CHILDREN = re.compile(
    r"\b(?:kids|children|child|pupils|teens|teenagers|young\speople|youth|juniors?"
    r"|under[\s-]?1?\d['’]?s|year\s\d{1,2}s?|primary[\s-]school|scouts|cubs|brownies|guides)\b",
    re.I,
)
HELPERS = "Helpers"
_OUTDOORS = ("route", "pick", "clean")  # what a club out of doors meets for (clubs.py)
CONSENT = "consent"  # the topic of the last step before the first meeting


def for_children(goal: str) -> bool:
    """The goal runs a club whose members are children."""
    return runs_a_club(goal) and (_CHILDREN.search(goal) is not None or meets_at_school(goal))


def for_youth_club(family: Family, goal: str) -> Family:
    """A club's steps when its members are children: the place (the school's yes), places
    offered to families, then safeguarding and consent before the first meeting; adult
    helpers do the work."""
    if family.id != "community" or not for_children(goal):
        return family
    pick = about(goal).noun.lower()
    if meets_at_school(goal):
        place = (
            "The school's yes: a room, the day and a staff contact agreed; the room booked"
            " for every date"
        )
    elif pick in _OUTDOORS:  # nothing to book: a meeting point, and the ground walked first
        place = "Meeting day and meeting point agreed; the first routes walked and risk-assessed"
    else:
        place = (
            "Meeting day and place agreed, with the venue's safeguarding rules; the place"
            " booked for every date"
        )
    phases = (
        phase(place, 0.05, "Organiser", "place room booking day school"),
        phase(f"Places offered to families: the day, the times, who collects, and the first"
              f" {pick}", 0.08, "Organiser", "first meeting invitations families places"),
        phase("Safeguarding in place: an enhanced DBS check for every adult helper, the"
              " safeguarding policy read, a first aider named; consent and medical forms back"
              " from every family", 0.09, "Organiser", f"safeguarding dbs {CONSENT} forms"),
        phase("Children and parents asked before the half-way meeting: what to keep, what"
              " to change", HALF_WAY, "Organiser", "review families"),
        phase(f"The rest of the {pick}s and the helpers' rota agreed", 0.55, "Organiser",
              "rota helpers"),
        phase("Stretch closed: the next one planned with the helpers and families", 1.0,
              "Organiser", "last meeting"),
    )  # fmt: skip
    return dataclasses.replace(family, team=HELPERS, phases=phases)


YOUTH_HAZARD = Hazard(
    "A child is hurt, taken ill or leaves without a grown-up", "Medium", "High",
    "Two DBS-checked adults at every meeting; a register at the door; each child signed out"
    " to a named adult; the first aider and the medical forms at hand",
    "Organiser", "A child not collected by the end time",
)  # fmt: skip


def youth_stakeholders(goal: str) -> list[tuple[str, str, str, str]]:
    """Who a children's club answers to besides its helpers: (who, stake, influence,
    engagement)."""
    rows = [
        ("Children and their parents or carers", "Consent, collection and what the club does",
         "High", "A note home before each term"),
    ]  # fmt: skip
    if meets_at_school(goal):
        rows.append(
            ("The school (head and safeguarding lead)", "Its room and its safeguarding policy",
             "High", "A check-in each term")
        )  # fmt: skip
    return rows


def youth_opportunities(goal: str) -> tuple[str, ...]:
    """What a children's club can draw on: the school's own rooms and kit, parents."""
    if meets_at_school(goal):
        return (
            "The school's own room and equipment after school",
            "Parents glad to help, once DBS-checked",
        )
    return ("Parents glad to help, once DBS-checked", "Schools glad to tell families about it")


YOUTH_EXTRAS = (
    "A show for parents at the end of term of what the children made",
    "A certificate for each child at the end of the year",
)
