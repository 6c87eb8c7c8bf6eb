"""A ratio of people to what they serve: "one marshal per 50 runners", "two volunteer mentors
per table of six" (a new user's trial: the 50 runners were counted as the race's field and
its measure, the mentors were read as nothing, and no plan said how many of either to find).

Read as a constraint of kind "ratio": ``number`` of ``role`` for each ``scope`` of ``unit``
("1" marshal for each "50" runners; "2" mentors for each "6" people at a table). Where the
goal counts what they serve, :func:`worked_out` says how many that makes, as the task to
find them (``subject``: "find 10 marshals")."""

from __future__ import annotations

import math
import re

from planloop.constraints import dates
from planloop.constraints.amounts import singular
from planloop.constraints.model import PEOPLE, Constraint
from planloop.constraints.quantities import unit_of
from planloop.terms import clean

_NUMBER = rf"(?:[0-9]{{1,4}}|{dates.NUMBER_RE}|one|an?)"
PER = r"(?:per|for\severy|for\seach|to\severy)"  # the words between a ratio's two sides
_RATIO = re.compile(
    rf"\b(?P<n>{_NUMBER})\s(?P<who>(?:[a-z-]+\s){{0,2}}?[a-z-]{{3,}}?)\s"
    rf"{PER}\s(?:(?P<m>{_NUMBER})\s)?"
    rf"(?P<of>[a-z-]{{3,}})(?:\sof\s(?P<k>{_NUMBER}))?\b",
    re.I,
)
# what a ratio's people are counted against: the people the goal counts, or its groups of
# them ("per table of six")
_GROUPS = frozenset({"table", "group", "team", "room", "class", "pod", "tent", "cabin"})
PEOPLE_COUNTED = frozenset({*PEOPLE, "child", "teenager", "adult", "kid", "volunteer"})


def read_ratios(text: str, source: str, taken: bytearray) -> list[Constraint]:
    """Every ratio in ``text``; its words are taken, so "50 runners" is no count of the
    plan's."""
    out: list[Constraint] = []
    for m in _RATIO.finditer(text):
        n, per = dates.number(m["n"]), dates.number(m["m"]) if m["m"] else 1
        of = unit_of(m["of"])
        size = dates.number(m["k"]) if m["k"] else None
        if not n or not per or any(taken[m.start() : m.end()]):
            continue
        if of not in PEOPLE_COUNTED and not (of in _GROUPS and size):
            continue  # "£5 per person" is money's; "two sessions per week" a cadence
        out.append(
            Constraint(
                kind="ratio",
                text=clean(m[0]),
                source=source,
                number=float(n),
                role=_role(m["who"]),
                unit="person" if size else of,
                scope=f"{(size or 1) * per:g}",
            )
        )
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return out


def _role(said: str) -> str:
    """Who a ratio counts, in the singular: "volunteer mentors" → "volunteer mentor"."""
    *kind, who = said.lower().split()
    return " ".join([*kind, singular(who)])


def worked_out(items: list[Constraint]) -> list[Constraint]:
    """Each ratio with the number of people it makes, where the constraints count what
    they serve (500 runners at one marshal per 50: "find 10 marshals")."""
    counted = [c for c in items if c.kind == "quantity" and c.number]
    out = []
    for c in items:
        if c.kind == "ratio" and c.number and (served := _served(c, counted)) is not None:
            need = math.ceil((served.number or 0) / float(c.scope)) * c.number
            role = c.role if need == 1 else f"{c.role}s"
            c = c.model_copy(update={"subject": f"find {need:g} {role} for {served.text}"})
        out.append(c)
    return out


def _served(ratio: Constraint, counted: list[Constraint]) -> Constraint | None:
    """The count a ratio is of: its own unit's ("500 runners"), or for a group's size any
    count of people ("40 teenagers" at tables of six); the last said."""
    for q in reversed(counted):
        if q.unit == ratio.unit or (ratio.unit == "person" and q.unit in PEOPLE_COUNTED):
            return q
    return None
