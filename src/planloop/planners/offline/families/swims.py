"""Learning to swim a distance is swum, in a pool, in metres (found by a new user's trial:
"Learn to swim 400 metres front crawl by June 2027; I can swim 2 lengths now" got a half
marathon's plan, "Long run 21 km" and "a gait check at a running shop"). The training
family (kinds.py) for a swim: its milestones and lines. Its week-by-week table of swims,
the longest grown from what is swum now to past the distance, is swim_weeks.py's."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.triathlons import is_triathlon

_SWIM = re.compile(r"\b(?:swim|swimming|front\scrawl|breaststroke|backstroke|butterfly)\b", re.I)
_RUN_OR_RIDE = re.compile(r"\b(?:run|running|marathon|10k|5k|cycle|cycling|ride|bike)\b", re.I)
POOL_LENGTH = 25  # metres, the usual public pool, when only lengths are said
_DISTANCE = re.compile(
    r"\b([0-9]{1,2}(?:[.,][0-9]{3})?|[0-9]{2,4}|a|one)\s?"
    r"(km|kilometres?|kilometers?|m|metres?|meters?|miles?|lengths?)\b",
    re.I,
)
_NOW = re.compile(r"\b(?:now|currently|at\sthe\smoment|already|can\sswim|I\scan)\b", re.I)


def swims(goal: str) -> bool:
    """A goal of swimming a distance, not a triathlon's swim nor a run."""
    return (
        _SWIM.search(goal) is not None
        and not is_triathlon(goal)
        and _RUN_OR_RIDE.search(goal) is None
    )


def _metres(number: str, unit: str) -> int:
    n = 1.0 if number.lower() in ("a", "one") else float(number.replace(",", ""))
    unit = unit.lower()
    if unit.startswith("k"):
        return round(n * 1000)
    if unit.startswith("mile"):
        return round(n * 1609)
    if unit.startswith("length"):
        return round(n * POOL_LENGTH)
    return round(n)


def distances(goal: str) -> tuple[int, int | None]:
    """The distance to swim and what is swum now (metres): "swim 400 metres … I can swim 2
    lengths now" is 400 from 50; a distance said with "now" or "I can" is where it starts."""
    target: int | None = None
    now: int | None = None
    for m in _DISTANCE.finditer(goal):
        metres = _metres(m.group(1), m.group(2))
        before = goal[max(0, m.start() - 25) : m.start()]
        if _NOW.search(before) or re.match(r"[^.;,]{0,12}\bnow\b", goal[m.end() :], re.I):
            now = metres
        elif target is None:
            target = metres
    return target or 400, now


def for_swim(family: Family, goal: str) -> Family:
    """The training family for a swim: lessons, then a quarter, half and all the distance
    without stopping, then the day it is swum."""
    if family.id != "training" or not swims(goal):
        return family
    far, _ = distances(goal)
    phases = (
        phase("Lessons or a coach booked; a pool and its session times chosen", 0.1,
              "Swimmer", "lessons coach pool booking"),
        phase(f"{far // 4:,} m without stopping; breathing to the side", 0.35, "Swimmer",
              "technique breathing"),
        phase(f"{far // 2:,} m without stopping", 0.6, "Swimmer", "endurance"),
        phase(f"The whole {far:,} m without stopping", 0.85, "Swimmer", "distance"),
        phase(f"{far:,} m swum, timed", 1.0, "Swimmer", "swim"),
    )  # fmt: skip
    lines = (("Lessons or coaching", 0.55, "lesson"), ("Pool entry", 0.30, "session"),
             ("Goggles, cap and costume", 0.10, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="Learning to swim a distance", lead="Swimmer", team="Swimmer",
        phases=phases, lines=lines,
    )  # fmt: skip
