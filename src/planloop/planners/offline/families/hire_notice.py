"""A new hire's notice at the job they leave, served before they start here.

Found as a user: "Hire a senior backend engineer for our Lisbon team by March 2027" had
its offer accepted on 8 March and the hire starting on 31 March, three weeks later. Most
people in a salaried job give a month's notice or more, and a notice period said
("candidates here have two months' notice") moved nothing. The offer now comes a notice
period before the start: the one said, else a month (two weeks for hourly and seasonal
work, whose notice is shorter). The steps before the offer are drawn in to make room, down
to a shortest process; where even that leaves too little, the offer comes as soon as it
can and a risk says when the hire can start at the earliest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planloop.constraints import ConstraintSet, dates
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.moves import with_notice
from planloop.planners.offline.families.volunteers import recruits_volunteers

SHORTEST = 0.3
"""The least share of the plan's time for the role, the ad, a shortlist and interviews."""

# Work whose notice is usually a week or two: hourly, seasonal, temporary, students.
_HOURLY = re.compile(
    r"\b(?:baristas?|waiters?|waitress(?:es)?|waiting\sstaff|bar\sstaff|bartenders?"
    r"|cleaners?|cashiers?|shop\sassistants?|sales\sassistants?|kitchen\sporters?"
    r"|dishwashers?|line\scooks?|seasonal|temps?|temporary|part-time|summer\sstaff"
    r"|students?|interns?|internships?|pickers?|packers?|delivery\sdrivers?)\b",
    re.I,
)


# Work done on a floor, a kitchen or a road, not at a desk: no laptop to order (found as a
# user: "Hire 3 line cooks" had "Order laptops and accounts")
_HANDS_ON = re.compile(
    r"\b(?:chefs?|cooks?|bakers?|baristas?|waiters?|waitress(?:es)?|waiting\sstaff|bar\sstaff"
    r"|bartenders?|kitchen\sporters?|dishwashers?|cleaners?|drivers?|carers?|mechanics?"
    r"|pickers?|packers?|warehouse|electricians?|plumbers?|gardeners?|labourers?)\b",
    re.I,
)
KIT = "Order uniforms and kit; set up rota and payroll access"


def hands_on(goal: str) -> bool:
    """Whether the hires work with their hands, not at a desk."""
    return _HANDS_ON.search(goal) is not None


@dataclass(frozen=True)
class Notice:
    number: int
    unit: str
    source: str  # "goal", "feedback:2", or "" where it is assumed

    @property
    def words(self) -> str:
        """ "2 months", "a month"."""
        if self.number == 1:
            return f"a {self.unit}"
        return f"{self.number} {self.unit}s"

    @property
    def said_as(self) -> str:
        """ "2 months, goal", "a month allowed for": what the plan's words say of it."""
        return f"{self.words}, {self.source}" if self.source else f"{self.words} allowed for"


def notice_of(cs: ConstraintSet, goal: str) -> Notice:
    """The notice a new hire serves: the latest said, else what is usual for the work."""
    said = cs.notice
    if said is not None and said.number is not None:
        unit = said.unit.lower().rstrip("s") if said.unit else "month"
        return Notice(int(said.number), unit, said.source)
    return Notice(2, "week", "") if _HOURLY.search(goal) else Notice(1, "month", "")


def hires(family: Family, goal: str) -> bool:
    """A hiring plan whose hires give notice somewhere (volunteers give none)."""
    return family.id == "hiring" and not recruits_volunteers(family.id, goal)


def with_notices(family: Family, cs: ConstraintSet, end: date, goal: str) -> Family:
    """The family with a notice period allowed for: the old home's on a move
    (moves.with_notice), a new hire's before the start on a hiring plan."""
    if family.id == "move":
        return with_notice(family, cs, end)
    if not hires(family, goal):
        return family
    days = (end - cs.start).days
    offer = next((p for p in family.phases if "offers" in p.topics), None)
    if offer is None or days <= 0:
        return family
    notice = notice_of(cs, goal)
    latest = (dates.after(end, -notice.number, notice.unit) - cs.start).days / days
    if latest >= offer.share:
        return family
    drawn_in = max(_quickest(offer.share, days, goal), latest) / offer.share
    phases = tuple(
        replace(p, share=round(p.share * drawn_in, 4)) if p.share <= offer.share else p
        for p in family.phases
    )
    late = late_by(replace(family, phases=phases), cs, end, goal)
    if late is not None:  # the start the goal dates cannot be: the day says when it can
        phases = tuple(
            replace(p, title=f"{p.title} ({notice.words} of notice: {late[1]} at the earliest)")
            if p.share >= 1.0
            else p
            for p in phases
        )
    return replace(family, phases=phases)


def _quickest(offer: float, days: int, goal: str) -> float:
    """The least share of the schedule before an offer: a share of it, and never under the
    quickest most hires go from a role agreed to an offer accepted, six weeks (three for
    hourly work). Found as a user: a head of finance's ad went live on a Sunday, its
    shortlist five days later and its interviews on Christmas Eve."""
    quickest = 21 if _HOURLY.search(goal) else 42
    return min(offer, max(SHORTEST, quickest / days))


def late_by(family: Family, cs: ConstraintSet, end: date, goal: str) -> tuple[date, date] | None:
    """When the offer comes and the hire can start at the earliest, where the notice puts
    the start past the deadline; else None."""
    offer = next((p for p in family.phases if "offers" in p.topics), None)
    days = (end - cs.start).days
    if not hires(family, goal) or offer is None or days <= 0:
        return None
    notice = notice_of(cs, goal)
    offered = cs.start + timedelta(days=round(days * offer.share))
    earliest = dates.after(offered, notice.number, notice.unit)
    return (offered, earliest) if earliest > end else None


def offer_task(task: str, cs: ConstraintSet, goal: str) -> str:
    """The countdown's offer, with the notice it allows for said: "Make the offer; agree a
    start date after the notice period (2 months, goal)"."""
    said = f"after the notice period ({notice_of(cs, goal).said_as})"
    return task.replace("around the notice period", said).replace(
        "around notice periods", f"after each one's notice period ({notice_of(cs, goal).said_as})"
    )
