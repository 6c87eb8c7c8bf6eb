"""A first run for a beginner, or a group of them, walks before it runs (found by a new
user's trial: "Run a 6-week Couch to 5K group for 15 beginners" got a racer's plan, a 7 km
long run in week 1, a taper and race day). The training family (kinds.py) for a beginners'
run: run-walk sessions building to 30 minutes or 5 km without stopping; the week-by-week
table is run_walk.py's."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_BEGINNER = re.compile(
    r"\b(?:couch\s?to\s?5\s?k|c25k|from\s(?:the\s)?couch|non-runners?|never\s(?:run|ran)"
    r"|beginners?|new\sto\srunning)\b",
    re.I,
)
_RUNS = re.compile(r"\b(?:run|runs|running|runners?|jog|jogging|5\s?k|parkrun)\b", re.I)
_GROUP = re.compile(r"\b(?:group|club|class|beginners|for\s[0-9]{1,3}\s)", re.I)


def starts_running(goal: str) -> bool:
    """A first run, from walking: "Couch to 5K", "a beginners' running group"."""
    return _BEGINNER.search(goal) is not None and _RUNS.search(goal) is not None


def leads_a_group(goal: str) -> bool:
    return _GROUP.search(goal) is not None


def for_beginners(family: Family, goal: str) -> Family:
    """The training family for beginners: run-walk to 30 minutes, then a graduation run; a
    group's with its route, sign-ups and a first aid kit."""
    if family.id != "training" or not starts_running(goal):
        return family
    group = leads_a_group(goal)
    who = "Run leader" if group else "Runner"
    phases = (
        phase("Route, meeting point and session times set; a first aid kit packed", 0.1, who,
              "route meeting times kit"),
        *((phase("Runners signed up; health questions asked", 0.2, who, "signup runners"),)
          if group else ()),
        phase("Running 5 minutes at a time, walking between", 0.4, who, "run walk"),
        phase("Running 15 minutes without stopping", 0.7, who, "run"),
        phase("Graduation run: 5 km, or 30 minutes without stopping", 1.0, who,
              "graduation run"),
    )  # fmt: skip
    lines = (
        (("First aid kit and hi-vis", 0.30, ""), ("Run leader course and insurance", 0.40, ""),
         ("Graduation certificates or medals", 0.20, ""))
        if group
        else (("Running shoes, fitted", 0.60, ""), ("Kit for the weather", 0.30, ""))
    )  # fmt: skip
    return dataclasses.replace(
        family, title="A beginners' run-walk to 5 km", lead=who,
        team="Runners" if group else who, phases=phases, lines=lines,
    )  # fmt: skip


BEGINNER_HAZARD = Hazard(
    "A runner is hurt or gives up after a hard week", "Medium", "High",
    "Repeat a week rather than push on; walking is part of every session", "Run leader",
    "Someone misses two sessions in a row",
)  # fmt: skip
