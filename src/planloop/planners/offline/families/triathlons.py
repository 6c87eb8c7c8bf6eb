"""A triathlon is swum, ridden and run (found by a second new user's trial: "Prepare for a
sprint triathlon … I can swim 400 m now" got a half marathon's running plan, 60 km a week
and a 21 km long run, with no swim or ride, and its "5 hours a week" unused). The training
family (kinds.py) for a triathlon: its milestones and lines; its week-by-week table of
swims, rides and runs within the hours given is weeks.py's."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_TRI = re.compile(r"\b(?:triathlon|triathlons|ironman|70\.3)\b", re.I)
# (pattern, name, swim m, bike km, run km)
_DISTANCES = (
    (re.compile(r"\b(?:ironman|full\sdistance|long\sdistance)\b(?!\s70)", re.I),
     "an Ironman", 3800, 180, 42),
    (re.compile(r"\b(?:half|middle\sdistance|70\.3)\b", re.I), "a half-distance triathlon",
     1900, 90, 21),
    (re.compile(r"\b(?:olympic|standard)\b", re.I), "an Olympic-distance triathlon",
     1500, 40, 10),
    (re.compile(r"\b(?:super\s?sprint)\b", re.I), "a super-sprint triathlon", 400, 10, 2.5),
)  # fmt: skip
_SPRINT = ("a sprint triathlon", 750, 20, 5.0)
_SWUM = re.compile(r"\bswim\s(?:about\s)?([0-9]{1,4}(?:\.[0-9])?)\s?(km|m|metres|meters)\b", re.I)
_RIDDEN = re.compile(r"\b(?:cycle|ride|bike)\s(?:about\s)?([0-9]{1,3})\s?km\b", re.I)


def swum_now(goal: str) -> int | None:
    """How far the athlete swims now, in metres ("I can swim 400 m", "swim 1 km")."""
    said = _SWUM.search(goal)
    if said is None:
        return None
    far = float(said.group(1))
    return round(far * 1000) if said.group(2).lower() == "km" else round(far)


def ridden_now(goal: str) -> int | None:
    """How far the athlete rides now, in km ("I can cycle 30 km")."""
    said = _RIDDEN.search(goal)
    return int(said.group(1)) if said else None


# the swim alone: a relay's swimmer, or one who cannot swim yet ("I can't swim at all … so I
# can do my daughter's family triathlon relay": a new user's trial got a bike budget)
_SWIM_LEG = re.compile(
    r"\b(?:can['’]?t|cannot|cant|never\s(?:learned|learnt)\sto)\sswim\b"
    r"|\bswim\b[^.]{0,100}\brelay\b|\brelay\b[^.]{0,100}\bswim",
    re.I,
)


def is_triathlon(goal: str) -> bool:
    return _TRI.search(goal) is not None and _SWIM_LEG.search(goal) is None


def race_of(goal: str) -> tuple[str, int, int, float]:
    """The triathlon's name and its swim (m), ride (km) and run (km); a sprint unless said."""
    for pattern, name, swim, bike, run in _DISTANCES:
        if pattern.search(goal):
            return name, swim, bike, run
    return _SPRINT


def for_triathlon(family: Family, goal: str) -> Family:
    """The training family for a triathlon: swims, rides and runs, then race day."""
    if family.id != "training" or not is_triathlon(goal):
        return family
    phases = (
        phase("Base done: easy swims, rides and runs each week", 0.3, "Athlete", "base"),
        phase("The race's swim done without stopping", 0.55, "Athlete", "swim pool"),
        phase("Brick sessions under way: a ride, then a run straight after", 0.75, "Athlete",
              "brick bike ride run"),
        phase("Rehearsal: the whole race at race effort", 0.88, "Athlete", "rehearsal"),
        phase("Race day", 1.0, "Athlete", "race"),
    )  # fmt: skip
    lines = (("Bike, helmet and cycling kit", 0.40, ""), ("Wetsuit, goggles and pool entry",
             0.25, ""), ("Race entry and travel", 0.25, ""), ("A club or coaching", 0.10,
             ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A triathlon", team="Athlete", phases=phases, lines=lines
    )
