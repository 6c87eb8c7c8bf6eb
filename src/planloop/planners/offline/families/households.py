"""Who moves: a move with no children in it finds no school places (found as a user: "Move
from London to Lisbon with my partner" was planned with "School or childcare places
confirmed" and a countdown step to apply for them). The move family (occasions.py) is a
family's; a household the goal names no child or family in gets it without the schools."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family

_CHILDREN = re.compile(
    r"\b(?:kids?|children|child|sons?|daughters?|baby|babies|toddlers?|schools?|nursery"
    r"|childcare|family|families)\b",
    re.I,
)


def has_children(goal: str) -> bool:
    return _CHILDREN.search(goal) is not None


def for_household(family: Family, goal: str) -> Family:
    """The move family without its school places when the goal names no child or family."""
    if family.id != "move" or has_children(goal):
        return family
    phases = tuple(p for p in family.phases if "school" not in p.topics)
    return dataclasses.replace(family, phases=phases)
