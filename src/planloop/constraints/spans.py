"""The day a span of work ends, when only its start and its length are said: "Run a 6-week
Couch to 5K group … starting 10 January 2027" ends on 20 February (found as a user: it ran
12 weeks, the training plan's default)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from planloop.constraints.model import Constraint

# A course or a challenge of so many weeks: "a 6-week Couch to 5K group", "a 12-week plan"
_SPAN_OF = re.compile(r"\b([0-9]{1,2})-(week|month)\b", re.I)


def spanned(items: Sequence[Constraint], begin: date, goal: str) -> list[Constraint]:
    """With a start and no deadline, the last day of the span the goal says its work lasts
    ("Run a 6-week Couch to 5K group … starting 10 January 2027": 20 February; found as a
    user: it ran 12 weeks, the training plan's default)."""
    if any(c.kind == "deadline" for c in items) or not any(c.kind == "start" for c in items):
        return []
    said = _SPAN_OF.search(goal)
    if said is None:
        return []
    n = int(said.group(1))
    days = 7 * n if said.group(2).lower() == "week" else round(30.44 * n)
    return [
        Constraint(
            kind="deadline",
            text=said.group(0),
            source="goal",
            when=begin + timedelta(days=days - 1),
        )
    ]
