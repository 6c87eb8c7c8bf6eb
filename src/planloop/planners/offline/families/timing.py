"""When an event's plan runs to, and the days the event itself takes.

An event that must happen within a named month ("a two-week trip in April") or by a day
("a 3-day hackathon by 30 June") begins early enough to end by it, so its schedule runs to
its first day, not to the deadline (where a two-week trip would begin on 30 April). One
that happens on a named day ("a 2-day workshop on 14 May") begins that day and ends when
its length says (15 May). The length
is the latest said: a reviewer's "make it a 2-day workshop" over the goal's "1-day".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planloop.constraints import Constraint, ConstraintSet, dates
from planloop.constraints.weekdays import work_days
from planloop.planners.offline.extraction import event_length
from planloop.planners.offline.families.family import Family

EVENT_FAMILIES = frozenset(
    {"event", "fair", "festival", "gathering", "market", "party", "race", "retreat", "sale"}
    | {"concert"}
    | {"talk", "trip"}
)
# What a person calls the event of a family ("the trip begins"), where not "event".
EVENT_NOUNS = {
    "retreat": "offsite",
    "trip": "trip",
    "race": "race",
    "market": "market",
    "sale": "sale",
    "fair": "fair",
    "concert": "concert",
    "festival": "festival",
    "talk": "talk",
}
# The event's own day: "on 14 May", or a day it was moved to ("move it to 21 May").
_ON_DAY = re.compile(rf"(?:on|{dates.MOVED_TO})\s", re.I)
_DAY_OF_MONTH = re.compile(r"\b[0-3]?[0-9](?:st|nd|rd|th)?\b")


@dataclass(frozen=True)
class EventDays:
    """The event's first and last day, and how long it lasts as a person says it."""

    first: date
    last: date
    lasts: str  # "2 days", "2 weeks"

    @property
    def span(self) -> str:
        return f"{self.lasts}, {self.first.isoformat()} to {self.last.isoformat()}"


def event_days(goal: str, family: str, cs: ConstraintSet, end: date) -> EventDays | None:
    """The days the goal's event takes when it lasts more than one and its dates can be
    placed (``end``: the deadline); None when the deadline is simply the event's day."""
    if family not in EVENT_FAMILIES:
        return None
    deadline = cs.deadline
    said = dates.day_range(deadline.text, cs.start) if deadline is not None else None
    if said is not None and said[1] == end:  # "10-12 March"
        first = max(cs.start + timedelta(days=1), said[0])
        return EventDays(first, end, _counted((end - first).days + 1, "day"))
    length = _length(goal, cs)
    if deadline is None or length is None:
        return None
    n, unit = length
    # "a 10-night holiday": 11 days, from the day it leaves to the day it comes home
    days = n + 1 if unit == "night" else (dates.after(end, n, unit) - end).days
    if days <= 1:
        return None
    if _ON_DAY.match(deadline.text) and _DAY_OF_MONTH.search(deadline.text):
        # "on 14 May", "move it to 21 May": the event begins that day ("push it back to
        # October" is a month it ends by)
        return EventDays(end, end + timedelta(days=days - 1), _counted(n, unit))
    # "in April", "by 30 June": it ends by the deadline
    first = max(cs.start + timedelta(days=1), end - timedelta(days=days - 1))
    return EventDays(first, end, _counted(n, unit))


def _length(goal: str, cs: ConstraintSet) -> tuple[int, str] | None:
    held = cs.length
    if held is not None and held.number:
        return int(held.number), held.unit
    written = event_length(goal)
    return dates.duration(written) if written else None


def _counted(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


# What a countdown calls its last row, the day itself, and what happens on it
DAY_OF: dict[str, tuple[str, str]] = {
    "market": ("First market day", "The first market"),
    "sale": ("Sale day", "The sale"),
    "fair": ("Fair day", "The fair"),
    "show": ("Launch day", "The launch"),
    "concert": ("Concert day", "The concert"),
    "festival": ("Festival opens", "The festival"),
    "talk": ("Talk day", "The talk"),
    "hiring": ("Target date", "Every hire started"),
    "retreat": ("Offsite", "The offsite"),
    "trip": ("Departure", "The trip begins"),
    "party": ("Party day", "The party"),
    "race": ("Race day", "The race"),
    "move": ("Moving day", "The move"),
    "job": ("Target date", "Offer accepted"),
    "driving": ("Test day", "The practical test"),
    "home": ("Completion", "Keys collected"),
    "switch": ("Switch day", "Everyone on the new tool"),
}


# The families whose steps keep their lead times before the day, however far off it is
IN_LEAD_TIMES = frozenset({"move", "party"})


def in_lead_times(family: Family, days: int) -> Family:
    """A move or a party further off than the family's horizon keeps its steps as close to
    its day as over that horizon: a home is signed for some nine weeks before the move, not
    at two fifths of the way from today (found as a user: a move nine months off signed for
    the new home 23 weeks before moving day, months of rent paid twice), and a child's party
    15 weeks off does not order its cake 6 weeks before (a new user's trial). The first
    step, the budget and the date, stays early, and a party's place booked."""
    if days <= family.default_days or len(family.phases) < 2:
        return family
    scale = family.default_days / days
    # a party's place is booked early as well: restaurants and halls fill up
    early = 2 if family.id == "party" else 1
    phases = (
        *family.phases[:early],
        *(replace(p, share=1 - (1 - p.share) * scale) for p in family.phases[early:]),
    )
    return replace(family, phases=phases)


# what must be in place before the first of what recurs: "We need public liability
# insurance" (found by a new user's trial: due nine months after a repair café opened)
_BEFORE_IT = re.compile(
    r"\b(?:insurance|permits?|licen[cs]es?|dbs|risk\sassessments?|pat\stest\w*|first\said"
    r"|safety|consent|registration|safeguarding)\b",
    re.I,
)


def ahead(asked: Constraint, begins: date | None) -> date | None:
    """When an addition that must be in place first is due: a week before the first
    meeting; None for anything else, or where nothing recurs."""
    if begins is None or not _BEFORE_IT.search(asked.subject):
        return None
    return begins - timedelta(days=7)


# Work an organisation does in office hours: its milestones fall on a weekday unless days
# were said (found as a user: a hiring plan's shortlist on a Sunday, its interviews on a
# Saturday; a bakery's premises agreed on a Sunday). A plan's own day (its deadline) is
# left where it is: a Saturday opening is the owner's to choose. A home's works, a
# founder's or a person's own plans keep every day (a shed built over the weekend).
OFFICE_FAMILIES = frozenset(
    {"hiring", "software", "migration", "switch", "venue", "shop", "accounts", "fundraising",
     "grants"}
)  # fmt: skip
WEEKDAYS = frozenset(range(5))


def milestone_days(family_id: str, cs: ConstraintSet, when: date) -> frozenset[int]:
    """The weekdays (Monday 0) a plan's milestone on ``when`` may fall on: the days said,
    else every day, or Monday to Friday for work an organisation does, unless ``when`` is
    a date someone said ("my accountant needs them by 10 January", a Sunday: that day)."""
    days = work_days(cs)
    said = any(c.when == when for c in cs.items)
    if len(days) == 7 and family_id in OFFICE_FAMILIES and not said:
        return WEEKDAYS
    return days
