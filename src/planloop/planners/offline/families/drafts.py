"""A first draft is not a book to publish (found as a user: "Finish the first draft of my
novel by 31 October" was planned through revision, editing, a cover and publication, with
the draft squeezed into the first 60% of the time). The writing family (kinds.py) writes
a book to publication; a goal that asks only for a draft gets the draft, to its day."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_DRAFT_ONLY = re.compile(r"\b(?:first\s|rough\s|full\s)?draft\b", re.I)
_PUBLISH = re.compile(r"\b(?:publish\w*|self-publish\w*|print\w*|launch\w*|release\w*)\b", re.I)


def draft_only(goal: str) -> bool:
    return _DRAFT_ONLY.search(goal) is not None and _PUBLISH.search(goal) is None


def for_draft(family: Family, goal: str) -> Family:
    """The writing family for a goal that asks for a draft: the draft fills the time."""
    if family.id != "writing" or not draft_only(goal):
        return family
    phases = (
        phase("Outline and a writing routine set", 0.08, "Writer", "outline"),
        phase("A quarter of the first draft written", 0.3, "Writer", "draft"),
        phase("Half the first draft written", 0.55, "Writer", "draft"),
        phase("Three quarters of the first draft written", 0.8, "Writer", "draft"),
        phase("First draft finished", 1.0, "Writer", "draft"),
    )
    lines = (("Writing software and backups", 0.20, ""), ("Books and research", 0.25, ""),
             ("A writing course or retreat", 0.40, ""))  # fmt: skip
    return dataclasses.replace(family, phases=phases, lines=lines)
