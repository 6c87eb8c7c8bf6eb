"""What holds for a while, not for the whole plan: the goal's own work paused ("no switch
during the audit"), and a thing kept as it is until a date ("keep Trello read-only until end
of March"). Neither rules the work out nor moves its deadline (extract.py drops them)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint
from planloop.terms import stems

# Where a thing said ends: a mark, a conjunction that starts another clause, or the end
# ... and a dash between words: "no running - cycling and swimming only" (a trial's: unread)
PHRASE_END = (
    r"(?=[.,;:!?\n()]|\s[-–—]\s|\s(?:and|but|or|because|so|since|as|while|unless|then)\s|$)"
)


def clause_of(text: str, phrase: str) -> str:
    """The sentence of ``text`` that says ``phrase``."""
    at = text.lower().find(phrase.lower())
    if at < 0:
        return phrase
    start = max(text.rfind(mark, 0, at) for mark in ".;!?\n") + 1
    ends = [i for mark in ".;!?\n" if (i := text.find(mark, at + len(phrase))) >= 0]
    return text[start : min(ends) if ends else len(text)]


_FOR_A_WHILE = re.compile(
    r"\s(?:during|while|over\sthe|in\sthe\s(?:(?:first|last|final|second|third)\s)?"
    r"(?:week|weeks|fortnight|month|days))\b",
    re.I,
)


def paused_for_a_while(c: Constraint, text: str, goal: str) -> bool:
    """The goal's own work paused for a while ("no switch during the audit"), not ruled out
    of the plan (found by a new user's trial: a switch to a new tool excluded the switch)."""
    if c.kind != "exclusion" or c.source == "goal":
        return False
    at = text.find(c.text)
    if at < 0 or not _FOR_A_WHILE.match(text, at + len(c.text)):
        return False
    said = stems(c.subject)
    # "no moving during …" of "Move our practice": the -ing form is the goal's verb (found as
    # a user: the office move was excluded)
    said |= {w[:-3] + e for w in said if w.endswith("ing") for e in ("", "e")}
    return bool(said & stems(goal))


# what stays as it is ("keep Trello read-only"), not work that goes on ("keep working")
_KEPT_UNTIL = re.compile(
    r"\b(?:keep|keeping|leave|leaving|hold)\s(?!(?:working|going|at|on)\b)"
    r"|\b(?:stay|stays|remain|remains)\b",
    re.I,
)


def held_until(c: Constraint, text: str) -> bool:
    """A date something is kept as it is until, not the plan's deadline: "Keep Trello
    read-only until end of March" (found as a user: a switch due on 15 February moved to
    31 March)."""
    said = c.text.lower()
    return (
        c.kind == "deadline"
        and said.startswith(("until ", "till "))
        and _KEPT_UNTIL.search(clause_of(text, c.text)) is not None
    )
