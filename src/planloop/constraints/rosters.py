"""A team listed with what each one does, in brackets or after "with": "(Sam on design,
Priya coding, Ben writing content, Elena coordinating)", "(me as owner, Marta the baker,
Jonas on the till)", "with Sam on design and Priya on the code" (found by a new user's
trial: all four people were ignored, "People: volunteers (nobody named yet)")."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint
from planloop.constraints.names import NAME
from planloop.terms import clean

_BRACKETS = re.compile(r"\(([^()]{5,300})\)")
_WITH = re.compile(r"\bwith\s([A-Z][a-z]+\s(?:on|as)\s[^.;:()]{2,160})")
# where a listed role ends: "… and Priya on the code by 28 February"
_ROLE_END = re.compile(r"\s(?:by|before|until|from|for|in|at|to|so|but|who|which)\s")
_ITEMS = re.compile(r",\s(?:and\s)?|\sand\s(?=[A-Z])")
_NAME = rf"(?P<name>{NAME})"
_WORDS = r"[a-z][a-z-]*(?:\s[a-z][a-z-]*){0,3}"
_ITEM = re.compile(
    rf"{_NAME}\s(?:"
    rf"on\s(?:the\s)?(?P<on>{_WORDS})"
    rf"|as\s(?:the\s|our\s|a\s)?(?P<as>{_WORDS})"
    rf"|the\s(?P<the>{_WORDS})"
    rf"|(?P<doing>[a-z]{{3,20}}ing)(?:\s(?P<what>{_WORDS}))?"
    r")"
)
# ... or several people with one role: "with Ana, Tom and Priya as run leaders", "with Sam
# and Aisha leading" (found as a user: one of three was read, or none)
_SHARED = re.compile(
    rf"\bwith\s(?P<names>{NAME}(?:,\s{NAME})*,?\sand\s{NAME})\s(?:"
    rf"as\s(?:the\s|our\s)?(?P<as>{_WORDS})"
    rf"|(?P<doing>[a-z]{{3,20}}ing)(?:\s(?P<what>(?:the\s)?{_WORDS}))?"
    r")\b"
)
# ... or one person given a part: "make Priya the host", "led by Martha Jones"
_GIVEN = re.compile(
    rf"\bmake\s(?P<name>{NAME})\s(?:the|our)\s(?P<as>[a-z][a-z-]*(?:\s[a-z][a-z-]*)?)\b"
    rf"|\bled\sby\s(?P<leader>{NAME})"
)
_NAMES_IN = re.compile(r",\s(?:and\s)?|\sand\s")
# Words a capitalised bracket item starts with that are no one's name
_NOT_A_NAME = frozenset({"the", "our", "my", "a", "an", "me", "i", "we", "us", "all", "each"})


def read_roster(text: str, source: str, named: set[str]) -> list[Constraint]:
    """Each person of a listed team with what they do; ``named``: names already read."""
    out: list[Constraint] = []
    lists = [m.group(1) for m in _BRACKETS.finditer(text)]
    lists += [_ROLE_END.split(m.group(1), maxsplit=1)[0] for m in _WITH.finditer(text)]
    for said in lists:
        items = _ITEMS.split(said.strip())
        people = [m for item in items if (m := _ITEM.fullmatch(item.strip()))]
        if len(people) < max(1, len(items) // 2):
            continue  # a list of other things, a person or two among them by chance
        for m in people:
            name = m.group("name")
            if name in named or name.split()[0].lower() in _NOT_A_NAME:
                continue
            if m.group("on"):
                role = f"works on the {m.group('on')}"
            elif m.group("as") or m.group("the"):
                role = f"is the {m.group('as') or m.group('the')}"
            else:
                role = clean(f"{m.group('doing')} {m.group('what') or ''}")
            out.append(
                Constraint(
                    kind="member", text=clean(m.group(0)), source=source, name=name, role=role
                )
            )
            named.add(name)
    for m in _SHARED.finditer(text):
        if m.group("as"):
            words = _ROLE_END.split(m.group("as"), maxsplit=1)[0]
            role = f"is a {words[:-1] if words.endswith('s') else words}"
        else:
            what = _ROLE_END.split(m.group("what") or "", maxsplit=1)[0]
            role = clean(f"{m.group('doing')} {what}")
        for name in _NAMES_IN.split(m.group("names")):
            if name.split()[0].lower() in _NOT_A_NAME:
                continue
            out.append(
                Constraint(kind="member", text=clean(m.group(0)), source=source, name=name,
                           role=role)
            )  # fmt: skip
            named.add(name)
    for m in _GIVEN.finditer(text):
        name = m.group("name") or m.group("leader")
        if name.split()[0].lower() in _NOT_A_NAME:
            continue
        role = f"is the {m.group('as')}" if m.group("as") else "leads it"
        out.append(
            Constraint(kind="member", text=clean(m.group(0)), source=source, name=name, role=role)
        )
        named.add(name)
    return out
