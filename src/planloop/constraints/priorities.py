"""Priorities said as what comes first: "billing module first", "start with the venue",
"prioritise the permits", "buy a kiln for about £350 first"; not a first stretch ("in the
first 2 weeks") nor a thing not done ("cannot do night shifts first")."""

from __future__ import annotations

import re
from collections.abc import Callable

from planloop.constraints.holds import PHRASE_END as _STOP
from planloop.constraints.model import Constraint
from planloop.constraints.needs import needed_spans
from planloop.terms import clean

_FIRST = re.compile(
    r"\b((?:[\w'-]{2,25}\s){1,6}?)first\b(?=\s?(?:[.,;:!?)]|$|\s(?:and|then|but|please)\b))",
    re.I,
)
_NOT_A_PRIORITY = re.compile(
    r"\bfirst\s(?:[0-9]+|few|couple|two|three|four|six|day|days|week|weeks|month|months"
    r"|year|fortnight|time|thing)\b|\b(?:cannot|can['’]t|can\snot|won['’]t|mustn['’]t|don['’]t)\s",
    re.I,
)
_LEADING_JOIN = re.compile(r"^(?:(?:so|and|but|then|also|please)\s)+", re.I)
_BOUGHT_FIRST = re.compile(
    r"\b(?:buy|hire|get|order|book)\s(?:a\s|an\s|the\s)?((?:[\w'’-]+\s){0,2}?[\w'’-]+)\sfor\s"
    r"[^.;,]{0,20}$",
    re.I,
)
_START_WITH = re.compile(
    r"\b(?:start\swith|begin\swith|prioriti[sz]e|put|do|ship|migrate|build|open)\s(?:the\s)?"
    # ... "first" ending the phrase: "Ship the first version" is no priority of "the" (found
    # as a user: "Priority: Ship the first", an increment "the")
    r"((?:[\w'-]{2,25}\s?){1,4}?)(?:\sfirst\b(?=\s?(?:[.,;:!?)]|$|\s(?:and|then|but)\b))|"
    + _STOP
    + ")",
    re.I,
)


def read_priorities(text: str, source: str, subject_of: Callable[[str], str]) -> list[Constraint]:
    """The priorities ``text`` says, each by its subject (``subject_of`` makes it)."""
    out: list[Constraint] = []

    seen: set[str] = set()
    needed = needed_spans(text) if source != "goal" else []
    for pattern in (_FIRST, _START_WITH):
        for m in pattern.finditer(text):
            subject, said = subject_of(m.group(1)), clean(m.group(0))
            if re.fullmatch(r"[\d.,]+", subject):  # "buy a kiln for about £350 first": the kiln
                bought = _BOUGHT_FIRST.search(text, 0, m.start(1))
                subject = bought.group(1) if bought else ""
                said = f"{subject} first"
            if len(subject) < 3 or subject.lower() in seen or re.match(r"no\b|not\b", subject):
                continue
            if any(m.start(1) in span for span in needed):
                continue  # "the kitchen needs repainting first": a task, done early (below)
            if _NOT_A_PRIORITY.search(text, m.start(), m.end() + 16):
                # "Preceptors cannot do night shifts in the first 2 weeks": a first stretch
                # and a thing not done (a new user's trial: "Priority first: night shifts")
                continue
            subject = _LEADING_JOIN.sub("", subject)  # "so chase Utrecht first": the chasing
            if (
                pattern is _START_WITH
                and "first" not in m.group(0).lower()
                and not re.match(r"(?:start|begin)\swith|prioriti", m.group(0), re.I)
            ):
                continue
            seen.add(subject.lower())
            out.append(
                Constraint(kind="priority", text=said, source=source, subject=subject.lower())
            )
    return out
