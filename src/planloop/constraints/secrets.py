"""Who must not know: "don't tell Aunt Sue, she can't keep a secret", "keep it secret from
Dad". An exclusion of scope ``secret`` naming the person, kept from them in every message,
never a thing left out of the plan (found by a user trial: "Won't have: tell aunt sue" and
an excluded item, while the invitations told every guest)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint
from planloop.terms import clean

_KIN = r"(?:(?:aunt|auntie|uncle|cousin|grandma|grandad|granny|nan|nana|grandpa|my|our)\s)?"
_WHO = _KIN + r"(?-i:[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?)|(?:my|our)\s[a-z]+"
_SECRET = re.compile(
    r"\b(?:(?:don['’]t|do\snot|never|mustn['’]t|must\snot)\s(?:tell\s(?P<told>" + _WHO
    + r")|let\s(?P<let>" + _WHO + r")\s(?:know|find\sout))"
    + r"|keep\s(?:it|this|the\sparty|everything)\s(?:a\s)?secret\sfrom\s(?P<from>" + _WHO
    + r"))",
    re.I,
)  # fmt: skip


def read_secrets(text: str, source: str) -> list[Constraint]:
    """Each person the plan is to be kept from."""
    out: list[Constraint] = []
    for m in _SECRET.finditer(text):
        who = clean(m["told"] or m["let"] or m["from"] or "")
        who = who[:1].upper() + who[1:]
        out.append(Constraint(kind="exclusion", text=clean(m.group(0)), source=source,
                              subject=who, scope="secret"))  # fmt: skip
    return out


def told_secret(exclusion_text: str) -> bool:
    """An exclusion read from words that keep a secret ("don't tell Aunt Sue"), which the
    secret reads instead."""
    return _SECRET.search(exclusion_text) is not None
