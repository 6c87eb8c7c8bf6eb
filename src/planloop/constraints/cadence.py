"""How often something that recurs happens, said to change it: "make it fortnightly",
"meet every two weeks instead", "monthly rather than weekly". Read from a reviewer's
feedback or an edit only (a goal's own cadence, "a monthly book club", is the plan's
kind), as one constraint of kind "cadence" whose unit is "week", "fortnight" or "month";
the latest said holds. A club's meetings and a show's issues follow it
(planloop.planners.offline.families.meetings, .shows).

Found by a new user's trial: "make it fortnightly" on a monthly book club was read as no
constraint, and the plan kept twelve monthly meetings.
"""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint

_EVERY = (
    ("fortnight", r"fortnightly|bi-?weekly|every\s(?:two|2|other|second)\sweeks?|twice\sa\smonth"),
    ("week", r"weekly|every\sweek|each\sweek|once\sa\sweek"),
    ("month", r"monthly|every\smonth|each\smonth|once\sa\smonth"),
)
_CADENCE = re.compile("|".join(f"(?P<{unit}>\\b(?:{words})\\b)" for unit, words in _EVERY), re.I)
# what says the cadence is to be the plan's: just before it ("make it …", "meet …",
# "switch to …"), or anywhere in its clause ("… instead", "… rather than …"); not "I
# travel every other week" or "meet the builder every week" (a meeting of the work's)
_ASKED_BEFORE = re.compile(
    r"\b(?:make\s(?:it|them|this|that|the\s\w+)|meet(?:\sup)?|meetings?|hold\s(?:it|them)"
    r"|(?:switch|change|move|go)(?:\s(?:it|them))?\sto|send\s(?:it|them)|publish\w*"
    r"|issues?|episodes?|sessions?)\s(?:(?:should|must|will|could|can|to)\s)?(?:be\s)?$",
    re.I,
)
_ASKED_IN = re.compile(r"\b(?:instead|rather\sthan|not\s(?:weekly|monthly|fortnightly))\b", re.I)
# a cadence that is the one left behind: "instead of monthly", "rather than weekly"
_LEFT = re.compile(r"\b(?:than|of|not|no\slonger)\s$", re.I)
_CLAUSE = re.compile(r"[^.;!?\n]+")
# a day of the month, which is monthly whatever precedes it: "make it the second Saturday
# of each month" (a new user's trial: read as nothing; every session stayed on the first)
_NTH_OF_MONTH = re.compile(
    r"\b(?:first|second|third|fourth|last|1st|2nd|3rd|4th)\s"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\sof\s(?:each|every|the)\smonth\b",
    re.I,
)
UNITS = ("week", "fortnight", "month")


def read_cadence(text: str, source: str) -> list[Constraint]:
    """The cadence a feedback or an edit asks for, at most one per text (its last)."""
    if source == "goal":
        return []
    found: list[Constraint] = []
    for clause in _CLAUSE.finditer(text):
        words = clause.group()
        if nth := _NTH_OF_MONTH.search(words):
            found = [Constraint(kind="cadence", text=f"the {nth[0]}", source=source, unit="month")]
            continue
        asked_in = _ASKED_IN.search(words) is not None
        for m in _CADENCE.finditer(words):
            before = words[: m.start()]
            if _LEFT.search(before) or not (asked_in or _ASKED_BEFORE.search(before)):
                continue
            unit = next(u for u in UNITS if m.group(u))
            found = [Constraint(kind="cadence", text=words.strip(), source=source, unit=unit)]
            break
    return found


def every(unit: str) -> str:
    """The cadence as a plan says it: "every two weeks"."""
    return {"week": "every week", "fortnight": "every two weeks", "month": "every month"}[unit]
