"""One person hired, said in the singular. Found by a user trial: "Hire a senior product
designer for our team by 31 March 2027" was planned for many ("A shortlist for every role",
"Every hire started; first-week plans run", "each hire's first-week plan")."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.cues import HIRE
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.hazards import Hazard

_ONE = re.compile(r"^(?:a|an|our\s(?:first|next))$", re.I)
_SAID_ONCE = (
    ("Roles, levels and salary bands agreed", "Role, level and salary band agreed"),
    ("Job ads live", "Job ad live"),
    ("A shortlist for every role", "A shortlist of the strongest candidates"),
    ("Offers accepted; references checked; start dates agreed",
     "Offer accepted; references checked; start date agreed"),
    ("Every hire started; first-week plans run", "The new hire started; first-week plan run"),
    ("Write each role's profile, level and salary band", "Write the role's profile, level and"
     " salary band"),
    ("Post the ads", "Post the ad"),
    ("one scorecard per role", "one scorecard"),
    ("Make offers; agree start dates around notice periods",
     "Make the offer; agree a start date around the notice period"),
    ("write each hire's first-week plan", "write the first-week plan"),
    ("Every hire started", "The new hire started"),
)  # fmt: skip


def hires_one(goal: str) -> bool:
    """The goal hires one person: "hire a senior product designer", not "hire 3 engineers"."""
    m = HIRE.search(goal)
    if m is None:
        return False
    count = m.group(0).split()[1:]
    said = " ".join(count[:2]) if count[:1] == ["our"] else (count[0] if count else "")
    return _ONE.match(said) is not None


def in_the_singular(text: str, goal: str) -> str:
    """A hiring plan's words for one hire, when the goal hires one."""
    if not hires_one(goal):
        return text
    for many, one in _SAID_ONCE:
        text = text.replace(many, one)
    return text


def for_one_hire(family: Family, goal: str) -> Family:
    """The hiring family in the singular, for one hire."""
    if family.id != "hiring" or not hires_one(goal):
        return family
    phases = tuple(
        dataclasses.replace(p, title=in_the_singular(p.title, goal)) for p in family.phases
    )
    return dataclasses.replace(family, phases=phases)


ONE_HIRE_HAZARD = Hazard(
    "The finalist takes a counter-offer or another offer", "Medium", "High",
    "Agree the offer range before interviews; keep a second finalist warm until the start date",
    "Hiring manager", "The finalist slow to answer the offer, or asking for more time",
)  # fmt: skip
