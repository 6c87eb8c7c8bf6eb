"""Counts said again at a checkpoint that the readers of one text cannot see as changes:
a hired role counted again ("make it 3 backend engineers, not 4") and any count said with
the goal's number it replaces ("target 500 paid upgrades, not 400")."""

from __future__ import annotations

import re
from datetime import date

from planloop.constraints import dates
from planloop.constraints.model import Constraint
from planloop.constraints.quantities import changes


def hires_counted_again(items: list[Constraint], said_in: dict[str, str]) -> list[Constraint]:
    """A count of the roles the goal hires, said again, is how many to hire, not a team:
    "make it 3 backend engineers, not 4" of "hire 4 backend engineers" (found by a new
    user's trial: the 3 became the team that shortlisted the candidates)."""
    hired = [c.unit for c in items if c.kind == "quantity" and c.scope == "hire"]
    # by the role's last word where one role has it: "make it 4 engineers, not 3" of "hire 3
    # backend engineers", not of "hire 3 backend engineers and 1 QA engineer"
    lasts = [_role(unit) for unit in hired]
    hires = {last: unit for last, unit in zip(lasts, hired, strict=True) if lasts.count(last) == 1}
    hires |= {unit.rstrip("s"): unit for unit in hired}
    # "make it 22 people" of an "18-person" team's offsite: the people counted, changed (a
    # second new user's trial: 22 became a workforce, the 18 stayed)
    people = any(c.kind == "quantity" and c.unit == "person" and c.source == "goal" for c in items)
    out = []
    for c in items:
        said = said_in.get(c.source, "")
        if c.kind == "team" and _LEFT.match(said, max(0, said.find(c.text)) + len(c.text)):
            continue  # "two people dropped out": who no longer come, no team (a trial's)
        role = c.role.rstrip("s")
        unit = (hires.get(role) or hires.get(_role(c.role))) if c.kind == "team" else None
        scope = "hire"
        if c.kind == "team" and unit is None and c.role in ("people", "persons"):
            said = said_in.get(c.source, "")
            at = said.find(c.text)
            # "we are now 14": the team, where the goal is a team's ("a team offsite for
            # 12"); of a dinner for 18, "we are 22 people now" is who comes (a new user's
            # trial: 22 became a team with its coordination risk, the dinner stayed at 18)
            ours = bool(_WE_ARE_BEFORE.search(said[: max(0, at)])) and bool(
                _A_TEAMS.search(said_in.get("goal", ""))
            )
            # where the goal counts none, one said as a change is who comes ("only 40 people
            # now, not 60" of a quiz night: found by a new user's trial, 40 helpers)
            counted = people or (at >= 0 and changes(said, at, at + len(c.text)))
            if counted:
                unit, scope = (None, scope) if ours else ("person", "")
        if unit is not None and c.source != "goal":
            text = said_in.get(c.source, "")
            at = text.find(c.text)
            again = at >= 0 and changes(text, at, at + len(c.text))
            if scope or again:
                c = Constraint(
                    kind="quantity", text=c.text, source=c.source, number=c.number, unit=unit,
                    scope=scope, replaces=again,
                )  # fmt: skip
        out.append(c)
    return out


def _role(unit: str) -> str:
    return unit.split()[-1].rstrip("s") if unit.strip() else unit


_LEFT = re.compile(
    r"\s(?:have\s|has\s)?(?:dropped|pulled)\sout|\s(?:can['’]t|cannot|won['’]t)\scome", re.I
)
_A_TEAMS = re.compile(
    r"\b(?:team|staff|employees|department)\b(?![^.;]*\b(?:lunch|dinner|meal|party|drinks)\b)", re.I
)
_WE_ARE_BEFORE = re.compile(r"\bwe(?:['’]re|\sare)\s(?:now\s)?$", re.I)
# "Target 500 paid upgrades, not 400": a count of the goal's said again, in its own words
_NOT_THEN = re.compile(
    r"(?<![\w.,])([0-9][0-9,]*)\s((?:[a-z-]+\s){0,2}[a-z-]+),?\s(?:not|instead\sof|rather\sthan)"
    r"\s([0-9][0-9,]*)\b",
    re.I,
)


def counted_again(items: list[Constraint], said_in: dict[str, str], goal: str) -> list[Constraint]:
    """A count the goal gave, said again with what it replaces, of any noun: "target 500
    paid upgrades, not 400" (found by a new user's trial: the plan was "measured by 400
    paid and 500 paid"). The goal's count and the new one become quantities of that noun;
    and how many of us there are now (:func:`us_counted_again`)."""
    known = {c.text.lower() for c in items if c.kind in ("quantity", "team")}
    added: list[Constraint] = []
    for source, text in said_in.items():
        if not source.startswith("feedback:"):
            continue
        for m in _NOT_THEN.finditer(text):
            new, noun, was = m.group(1), m.group(2).lower(), m.group(3)
            before = f"{was} {noun}"
            if f"{new} {noun}" in known or before not in goal.lower():
                continue
            at = goal.lower().find(before)
            if before not in known:
                added.append(_count(goal[at : at + len(before)], "goal", _number(was), noun))
            added.append(
                _count(f"{new} {m.group(2)}", source, _number(new), noun).model_copy(
                    update={"replaces": True}
                )
            )
    return us_counted_again(
        [
            *(a for a in added if a.source == "goal"),
            *items,
            *(a for a in added if a.source != "goal"),
        ],
        said_in,
    )


# "only 5 of us now", "there are just 6 of us going": how many people go, said again
_OF_US = re.compile(
    rf"\b(?:only|just|now|so|there(?:['’]ll\sbe|\sare|\swill\sbe)(?:\sonly|\sjust)?)\s"
    rf"({dates.NUMBER_RE})\sof\sus\b",
    re.I,
)


def us_counted_again(items: list[Constraint], said_in: dict[str, str]) -> list[Constraint]:
    """How many of us there are, said at a checkpoint, where the goal counts people: the
    people counted now ("Only 5 of us now" of a trip for 6; found by a new user's trial:
    read as nothing)."""
    if not any(c.kind == "quantity" and c.unit == "person" and c.source == "goal" for c in items):
        return items
    added = [
        Constraint(
            kind="quantity",
            text=m.group(0),
            source=source,
            number=float(n),
            unit="person",
            replaces=True,
        )
        for source, text in said_in.items()
        if source.startswith("feedback:")
        for m in _OF_US.finditer(text)
        if (n := _number(m.group(1)))
    ]
    return [*items, *added]


def _number(said: str) -> int | None:
    return dates.number(said.replace(",", ""))  # "2,300"


def _count(text: str, source: str, n: int | None, unit: str) -> Constraint:
    return Constraint(kind="quantity", text=text, source=source, number=float(n or 0), unit=unit)


# "make it 6 months rather than 4" of a goal "within 4 months" (a thirteenth new user's trial:
# "Changed since the goal: 6 months", while every date still ran to the 4 months' end)
_WITHIN = re.compile(r"\b(?:within|in|over|inside)\s", re.I)
_MAKE_IT = re.compile(
    r"\b(?:make|change|extend|stretch)\s(?:it|that|this)\s(?:to\s)?$|\bgive\s(?:me|us|it)\s$", re.I
)


def duration_again(
    items: list[Constraint], said_in: dict[str, str], start: date
) -> list[Constraint]:
    """A goal that gives its time as a duration ("within 4 months") given another at a
    checkpoint ("make it 6 months"): the deadline that duration sets, from the same start."""
    given = [c for c in items if c.kind == "deadline" and c.source == "goal"]
    found = dates.duration(given[-1].text) if given and _WITHIN.search(given[-1].text) else None
    if found is None:
        return items
    unit = found[1].rstrip("s")
    added: list[Constraint] = []
    for c in items:
        if not c.source.startswith("feedback:") or c.kind not in ("length", "quantity"):
            continue
        text = said_in.get(c.source, "")
        at = text.find(c.text)
        if c.unit.rstrip("s") != unit or not c.number or at < 0:
            continue
        again = changes(text, at, at + len(c.text)) or _MAKE_IT.search(text[:at])
        if again and not any(a.text == c.text and a.source == c.source for a in added):
            when = dates.after(start, int(c.number), unit)
            added.append(Constraint(kind="deadline", text=c.text, source=c.source, when=when))
    return [*items, *added]
