"""The open questions a plan asks: what the goal and the feedback leave unsaid (a budget, a
deadline, a measure, who does the work, which of two figures holds), as plain questions."""

from __future__ import annotations

import re

from planloop.constraints.dates import impossible_dates
from planloop.domain import DataPoint
from planloop.planners.offline.families.swims import swims
from planloop.planners.offline.families.traits import DONE_OR_NOT
from planloop.planners.offline.section_kit import TARGETS, SectionInput, cite
from planloop.terms import shorten

# a race trained for, whose measure is its finish time (a swim of a distance has none)
_RACE = re.compile(r"\b(?:race|marathon|10\s?k|5\s?k|parkrun|triathlon|ultra|half)\b", re.I)


# Results that are their own measure: a day held (a wedding, a trip), a level or an exam
# passed (found as a user: "Which number will show that “Plan our wedding …” succeeded?"
# and the same for "Learn Spanish to B1")
_DAYS_HELD = frozenset({"event", "party", "trip", "retreat", "gathering"})
_LEVEL = re.compile(r"\b[ABC][12]\b|\b(?i:exams?|grade|GCSEs?|A[- ]levels?|certificate|diploma)\b")


_OUTAGE = re.compile(r"\b(?:downtime|outage)\b", re.I)


def outage_cap(inp: SectionInput) -> DataPoint | None:
    """The downtime the goal allows ("less than 10 minutes of downtime"), the latest said:
    a move's or an upgrade's measure with its date."""
    caps = [p for p in inp.pick("limit") if _OUTAGE.search(p.value)]
    return caps[-1] if caps else None


def _its_own_measure(inp: SectionInput) -> bool:
    family = inp.family
    if family in DONE_OR_NOT or family in _DAYS_HELD or outage_cap(inp) is not None:
        return True
    cs = inp.outline.cs if inp.outline is not None else None
    if cs is not None and any(c.kind == "quantity" and c.scope == "hire" for c in cs.items):
        return True  # "recruit 20 volunteers", "hire 3 engineers": the count said
    if family == "training" and swims(inp.goal):
        return True  # "swim 400 m without stopping": the distance is the measure
    return family == "study" and _LEVEL.search(inp.goal) is not None


def gaps(inp: SectionInput) -> list[str]:
    """What the goal and feedback leave unsaid, as plain questions."""
    lead = shorten(inp.lead, 70)
    found = []
    cs = inp.outline.cs if inp.outline else None
    if inp.asks_for_a_budget:
        found.append(f"What is the budget for “{lead}”?")
    if cs is not None and cs.deadline is None and inp.outline is not None:
        wrong = impossible_dates(inp.goal)  # "31 February 2027": which day was meant?
        found.append(
            (f"“{wrong[0]}” is no day in the calendar: which day was meant? " if wrong else "")
            + f"By when must this be done? (the plan assumes {inp.outline.end.isoformat()})"
        )
    elif cs is None and not inp.pick("timeline", "deadline"):
        found.append("By when must this be done? (the plan assumes twelve weeks)")
    if not inp.pick(*TARGETS[:5], "audience", "count") and not _its_own_measure(inp):
        found.append(
            # a race's number is its time (a new user's trial: a 10k plan asked "Which number
            # will show that “Train for a 10k race …” succeeded?")
            "What finish time are you aiming for, or is finishing the race the goal?"
            if inp.family == "training" and _RACE.search(inp.goal) and not swims(inp.goal)
            else f"Which number will show that “{lead}” succeeded?"
        )
    given = cs is not None and cs.quantity("hour", "week") is not None  # "5 hours a week"
    if not inp.pick("team size") and not (cs and cs.has_team) and not inp.solo and not given:
        # a holiday or a dinner has helpers, not hours a week (a new user's trial)
        found.append(
            "Who helps, and with what?"
            if inp.family in _DAYS_HELD
            else "Who does the work, and how many hours a week can they give?"
        )
    for label in ("budget", "deadline", "timeline", "team size"):
        if cs is not None and label in ("deadline", "timeline"):
            continue  # the constraints say which one holds: the latest
        said = inp.pick(label)
        if label == "team size" and said and said[-1].source.startswith("feedback:"):
            continue  # "we are now 14 people, not 12": the person's latest count holds
        latest = cs.budget if cs is not None else None
        if label == "budget" and latest and latest.source.startswith(("feedback:", "edit:")):
            continue  # "the budget is now GBP 8000": the person's latest total holds
        values = list(dict.fromkeys(p.value for p in inp.pick(label)))
        if len(values) > 1:
            listed = " or ".join(cite(p) for p in inp.pick(label)[:3])
            found.append(f"Which {label} holds: {listed}?")
    return found
