"""A budget said with what it is for: "budget £200 for gloves, bags and refreshments", "a
budget of €1,200 for mic, editing and hosting". Those are its lines, in equal shares, with
the family's own contingency, instead of the family's usual lines (found by a user trial: a
litter pick's £200 went to insurance, storage and fittings, and an opening day, and nothing
to gloves, bags or refreshments)."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.exclusions import KIN, words_of
from planloop.planners.offline.families.family import Family

_ITEM = r"[a-z][a-z'’-]{1,20}(?:\s[a-z][a-z'’-]{1,20}){0,2}"
_LISTED = re.compile(
    r"(?:\bbudget(?:\sof|\sis|:)?\s|\bwith\s|\bhave\s)(?:about\s|around\s)?[£$€][0-9][0-9,.]*k?"
    r"\s(?:budget\s)?for\s(?:the\s)?(?P<items>"
    + _ITEM
    + r"(?:,\s"
    + _ITEM
    + r"){0,3},?\s(?:and|&)\s"
    + _ITEM
    + r")(?=\s*(?:[.;!?)]|$))",
    re.I,
)
_SPLIT = re.compile(r",\s(?:and\s)?|\s(?:and|&)\s", re.I)
SHARE = 0.9  # the lines said; the contingency keeps the rest


def listed_lines(goal: str) -> list[str]:
    """The things a budget is said to be for, in the order said; [] when none are listed."""
    m = _LISTED.search(goal)
    if m is None:
        return []
    items = [i.strip() for i in _SPLIT.split(m["items"]) if i.strip()]
    return items if 2 <= len(items) <= 5 else []


def for_listed_lines(family: Family, goal: str) -> Family:
    """The family with the lines its goal's budget is said to be for."""
    items = listed_lines(goal)
    if not items:
        return family
    share = round(SHARE / len(items), 4)
    fitted = [_fitted(i, family) for i in items]
    names = [f[0] for f in fitted if f is not None]
    lines = tuple(
        (f[0], share, f[1])
        if f is not None and names.count(f[0]) == 1  # one line for one thing said
        else (i[:1].upper() + i[1:], share, "")
        for i, f in zip(items, fitted, strict=True)
    )
    return dataclasses.replace(family, lines=lines)


def _fitted(item: str, family: Family) -> tuple[str, str] | None:
    """The family's own line for a thing said (its name and unit: "classes" are the "Tutor
    sessions", paid a session), if one names it."""
    said = {KIN.get(w, w) for w in words_of(item)}
    for name, _, unit in family.lines:
        if said & {KIN.get(w, w) for w in words_of(name)}:
            return name, unit
    return None
