"""Work a part of it needs, said at a checkpoint: "the bathroom needs regrouting", "the
garden needs work", "the kitchen needs repainting first" (found by a new user's trial:
each was read as nothing, and none was in the plan). Each is a task the plan gains (an
addition), named by the part and the work: "bathroom regrouting"."""

from __future__ import annotations

import re

from planloop.constraints.holds import PHRASE_END
from planloop.constraints.model import Constraint
from planloop.terms import clean

_STOP = PHRASE_END
_NEEDS = re.compile(
    r"\b(?:the|our|my)\s([a-z]{3,20})\s(?:also\s|still\s|really\s)?needs\s(?:a\s|an\s|some\s)?"
    r"(?!to\b|more\b|less\b|fewer\b|it\b)([a-z][a-z-]{2,20}(?:\s[a-z][a-z-]{2,20}){0,2}?)" + _STOP,
    re.I,
)
# what needs more of something is the plan's, not a part of the work: "the plan needs …"
_NOT_PARTS = frozenset({"plan", "budget", "schedule", "deadline", "timeline", "team", "goal"})


def needed_spans(text: str) -> list[range]:
    """Where ``text`` says what a part needs (its "first" is no priority of its own)."""
    return [range(*m.span()) for m in _NEEDS.finditer(text)]


def read_needs(text: str, source: str) -> list[Constraint]:
    """A task for each part's work said, from feedback or an edit (a goal's is the goal)."""
    found = []
    for m in _NEEDS.finditer(text) if source != "goal" else ():
        part, work = m.group(1).lower(), _WHEN.sub("", m.group(2).lower())
        if part not in _NOT_PARTS:
            said = f"{part} {work}"  # "bathroom regrouting", "garden work"
            found.append(
                Constraint(kind="addition", text=clean(m.group(0)), source=source, subject=said)
            )
    return found


_WHEN = re.compile(r"\s(?:first|now|too|asap)$")  # when, not what: "repainting first"
