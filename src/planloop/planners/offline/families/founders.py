"""A growth target one person works at alone: a founder's own app, a writer's newsletter
(found as a user: "Get my first 100 paying customers for my invoicing app … I have $3,000
for marketing and work on it 15 hours a week" had a "Growth team" run its experiments and
half the $3,000 spent on "People's time"). The person is the team, and their own hours are
not paid from the money: it goes on reaching customers."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family

_ME = re.compile(r"\b(?:I|I'm|I've|I'll|I'd)\b|\b(?i:my|me|myself)\b")
_US = re.compile(
    r"\b(?:we|we're|we've|our|ours|us|team|teams|staff|employees|colleagues|co-?founders?"
    r"|partners?|hires?|hiring|agency|contractors?|freelancers?\s(?:help|helps|work))\b",
    re.I,
)
# a founder's "freelancers" are often the market ("an app for freelancers"), not helpers:
# only the word for people working with them counts, so "for freelancers" is left out
_MARKET = re.compile(r"\bfor\s(?:\w+\s){0,2}freelancers\b", re.I)


def works_alone(goal: str) -> bool:
    """Whether a growth goal is one person's own: said in the first person singular, with
    nobody else named to do the work."""
    return _ME.search(goal) is not None and _US.search(_MARKET.sub(" ", goal)) is None


def for_founder(family: Family, goal: str) -> Family:
    """The growth family for one person: every phase theirs, the money on reaching people."""
    if family.id != "growth" or not works_alone(goal):
        return family
    phases = tuple(dataclasses.replace(p, owner="You") for p in family.phases)
    lines = (
        ("Ads and sponsored posts", 0.40, "month"),
        ("Content and design", 0.20, ""),
        ("Launch offers and referral rewards", 0.15, ""),
        ("Tools: email, analytics, landing pages", 0.15, "month"),
    )
    return dataclasses.replace(family, lead="You", team="You", phases=phases, lines=lines)
