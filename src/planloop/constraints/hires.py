"""Whether people counted are hires, not the team that does the work: "hire 3 backend
engineers" counts the hires (found as a user: they became the plan's owners), "hire 2
contractors" adds to the team."""

from __future__ import annotations

import re

# What people are called by the work they do: the hiring cue's (cues.HIRE) and the count
# of people's (extraction: "3 line cooks", found as a user: "measured by 3 line")
ROLES = (
    r"(?:engineers?|developers?|designers?|managers?|staff|employees|people"
    r"|analysts?|scientists?|nurses?|teachers?|salespeople|reps?|assistants?|marketers?"
    r"|accountants?|chefs?|cooks?|baristas?|waiters?|waitresses?|agents?|specialists?"
    r"|interns?|apprentices?|leads?|heads?|directors?|officers?|coordinators?|researchers?"
    r"|administrators?|technicians?|consultants?|writers?|editors?|cleaners?|drivers?"
    r"|carers?|bookkeepers?|receptionists?|bakers?|nannies|nanny|tutors?|mechanics?"
    r"|coaches?)"
)

# People counted after a hiring verb are the hires, not the team that does the work
# ("hire 3 backend engineers"; found as a user: they became the plan's owners).
HIRED_BEFORE = re.compile(
    r"\b(?:hire|hiring|recruit(?:ing)?|onboard(?:ing)?|employ(?:ing)?)\s(?:and\strain\s)?(?:the\s)?"
    r"(?:(?:up\sto|about|around|at\sleast)\s)?$",
    re.I,
)
# ... unless they are brought in to do the work: "hire 2 contractors" adds to the team.
BROUGHT_IN = re.compile(r"\b(?:contractors?|freelancers?|consultants?|temps?|agency)\b", re.I)


# A hire listed after another: "hire 4 backend engineers and 1 QA engineer"
_HIRED_LIST_BEFORE = re.compile(
    r"\b(?:hire|hiring|recruit(?:ing)?|onboard(?:ing)?|employ(?:ing)?)\s[^.;:]{0,50}?"
    r"(?:,\s(?:and\s)?|\sand\s)$",
    re.I,
)


def hired(text: str, start: int, end: int) -> bool:
    """Whether the people counted at ``text[start:end]`` are hires, not the team."""
    return (
        HIRED_BEFORE.search(text, max(0, start - 30), start) is not None
        or _HIRED_LIST_BEFORE.search(text, max(0, start - 70), start) is not None
    ) and BROUGHT_IN.search(text, start, end) is None
