"""A goal's words as the choice of its family reads them (choice.py): what it rules out,
what it must be done in time for, and when the person is free say nothing of what it is;
two-word names of one thing read as one word."""

from __future__ import annotations

import re

# An occasion the goal's work must be done before is its deadline, not the goal: "makeover
# of our back garden before my daughter's 18th birthday party" (found by a new user's
# trial: it was planned as the party), "lose 5 kg before our wedding".
_IN_TIME_FOR = re.compile(
    r"\b(?:before|ahead\sof|in\stime\sfor)\s(?:(?:my|our|the|his|her|their|a)\s)?"
    r"(?:[\w'’-]+\s){0,3}?(?:party|wedding|birthday|celebration|reunion|christening"
    r"|anniversary)\b",
    re.I,
)


# When the person is free is no event: "on Saturdays and Wednesday evenings" (found by a
# new user's trial: an allotment was planned as an event, with a venue and catering)
_FREE_TIMES = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s|week(?:day|night)\s)?evenings\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\sevening\b",
    re.I,
)
# What a goal rules out does not say what it is: "…, no events" is not an event.
_RULED_OUT = re.compile(r"\b(?:no|without)\s+[\w'-]+(?:\s+[\w'-]+)?", re.I)


# Two-word names of one thing, read as the one keyword they are written as elsewhere.
_COMPOUND = re.compile(
    r"\b(away|kick|team|bake|jumble|cake|plant|book|yard|garage|rummage|boot|design)"
    r"\s(days?|offs?|building|sales?|sprints?)\b",
    re.I,
)


def as_read(goal: str) -> str:
    """The goal without what says nothing of its kind, its compounds joined."""
    goal = _RULED_OUT.sub(" ", _COMPOUND.sub(r"\1-\2", goal))
    return _FREE_TIMES.sub(" ", _IN_TIME_FOR.sub(" ", goal))
