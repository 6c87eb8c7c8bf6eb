"""A beta as the goal's day. Found as a user: "Launch our SaaS invoicing app's public beta
by 1 May 2027" had "M4 Beta with real users; fixes" three weeks before "M5 Release", so the
public beta came before its own launch day and the plan ended on a release nobody asked
for. A public beta is now the day, with a private one before it; a private (closed) beta is
the day, with the team's own testing before it. The software family (kinds.py) in those
words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family

_BETA = re.compile(r"\bbeta\b", re.I)
# a beta for invited users only: "a closed beta", "beta testers", "run a beta test"
_PRIVATE = re.compile(r"\b(?:private|closed|invite-only)\s?beta\b|\bbeta[\s-]?test", re.I)
_BUILT = re.compile(r"\b(?:apps?|website|platform|product|saas|software|service)\b", re.I)


def beta_of(goal: str) -> str | None:
    """ "public" or "private" for a goal whose day is a beta, else None ("beta" alone is a
    public one: open to whoever signs up)."""
    if _BETA.search(goal) is None:
        return None
    return "private" if _PRIVATE.search(goal) else "public"


def launches_a_beta(goal: str) -> bool:
    """A beta of something built ("a closed beta of our language-learning app"): software,
    whatever else its words name (found as a user: that goal was a study schedule)."""
    return beta_of(goal) is not None and _BUILT.search(goal) is not None


def for_beta(family: Family, goal: str) -> Family:
    """The software family for a beta launched on the day."""
    kind = beta_of(goal)
    if family.id != "software" or kind is None:
        return family
    before, day = (
        ("A private beta with a few invited users; fixes", "Public beta live; rollback plan ready")
        if kind == "public"
        else (
            "The team's own testing on real data; fixes",
            "Private beta live with its first invited users; rollback plan ready",
        )
    )
    phases = tuple(
        dataclasses.replace(p, title=before)
        if p.title.startswith("Beta with real users")
        else dataclasses.replace(p, title=day)
        if p.share >= 1.0
        else p
        for p in family.phases
    )
    return dataclasses.replace(family, phases=phases)
