"""Work the household does itself that a trade would be hired for: "we do the painting
ourselves", "I'll tile the splashback myself". It is left out of the hired work (an
exclusion, scope ``self``) and is the household's own task (an addition, scope ``self``).
Found as a user: a bathroom's "we do the painting ourselves" was read as nothing, the
builder still decorated, and the painting was nobody's.

And what it keeps instead of buying new: "we keep the old cabinets and just repaint them"
is no new cabinets bought (an exclusion, scope ``kept``) and, when said, their refresh as a
task (found by a user trial: the kitchen plan ordered and installed new units)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint
from planloop.terms import clean

_OURSELVES = re.compile(
    r"\b(?:we|I)(?:['’]ll|\swill|\sare\sgoing\sto|\scan|\sshall)?\s(?:also\s)?"
    r"(?P<task>(?P<verb>do|paint|tile|lay|fit|build|dig|decorate|wallpaper|sand|strip|plaster"
    r"|install)\s"
    r"(?:(?!ourselves|myself)[\w'’-]+\s){1,8}?)(?:all\s)?(?P<who>ourselves|myself)\b",
    re.I,
)
# the work a trade would be hired for; a party's games done by the family are no one's trade
_TRADE = re.compile(
    r"painting|decorating|tiling|plastering|flooring|wallpapering|sanding|stripping|strip-out"
    r"|demolition|landscaping|fitting|laying|building|digging|installing"
)


def read_handiwork(text: str, source: str) -> list[Constraint]:
    """Each part the household does itself, as what the trades leave out and its own task."""
    out: list[Constraint] = []
    for m in _OURSELVES.finditer(text):
        task = clean(m["task"]).rstrip(" ,")
        verb = m["verb"].lower()
        if verb == "do":  # "do the painting": the painting
            doing = re.sub(r"^do\s(?:the\s|all\sthe\s|our\s|my\s)?", "", task, flags=re.I)
        else:  # "paint the walls": the painting
            doing = (verb[:-1] if verb.endswith("e") else verb) + "ing"
        if not _TRADE.fullmatch(doing.lower()):
            continue  # "we do games ourselves", "we can do it ourselves": no trade's work
        said, ours = clean(m.group(0)), f"{task.lower()} {m['who'].lower()}"
        out += [
            Constraint(kind="exclusion", text=said, source=source, subject=doing.lower(),
                       scope="self"),
            Constraint(kind="addition", text=said, source=source, subject=ours, scope="self"),
        ]  # fmt: skip
    return out


_KEPT = re.compile(
    r"\b(?:keep|keeping|reuse|reusing|re-use|re-using)\s(?:the\s|our\s|my\s|all\sthe\s)?"
    r"(?:old|existing|current|original|same)\s(?P<thing>[a-z]+(?:\s(?!and\b|but\b)[a-z]+)?)"
    r"(?:,?\s(?:and|but)\s(?:just\s|only\s|simply\s)?(?P<verb>repaint|paint|respray|refinish"
    r"|restain|re-stain|sand|clean|refresh|reface|re-face|spray)\s(?:them|it)\b)?",
    re.I,
)


def read_kept(text: str, source: str) -> list[Constraint]:
    """What is kept rather than replaced, as no new one bought; its refresh when said."""
    out: list[Constraint] = []
    for m in _KEPT.finditer(text):
        thing = m["thing"].lower()
        said = clean(m.group(0)[: m.end("thing") - m.start()])  # "keep the old cabinets"
        out.append(Constraint(kind="exclusion", text=said, source=source, subject=thing,
                              scope="kept"))  # fmt: skip
        if m["verb"]:  # "… and just repaint them": its own words, a task of its own
            again = clean(m.group(0)[m.start("verb") - m.start() :])
            task = f"{m['verb'].lower()} the old {thing}"
            out.append(Constraint(kind="addition", text=again, source=source, subject=task))
    return out
