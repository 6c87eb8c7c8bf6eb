"""What a price per unit comes to: "£38 a lesson" with "2 lessons a week", or "lessons cost
£38 an hour" (an hour each, assumed), paid over the plan's weeks from the milestone a
teacher is booked by; "£12 a user a month" for 25 people over its months (found as a user:
a learner driver's lessons had no line, and a tutor's "£30 an hour" with "2 hours a week"
was capped at £60 in all). Also how many periods a cost per period is paid for."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from planloop.constraints import Constraint, ConstraintSet
from planloop.constraints.quantities import as_count
from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.timing import EventDays
from planloop.terms import article


class Spanned(Protocol):
    """What a rate reads of an outline: its constraints and how long it runs."""

    cs: ConstraintSet
    event: EventDays | None
    family: Family

    @property
    def days(self) -> int: ...

    @property
    def months(self) -> int: ...


EACH = ("day", "week", "fortnight", "month")
# What comes each week and may be priced by the hour
HAD_EACH = ("lesson", "session", "class", "workshop")


@dataclass(frozen=True)
class Rate:
    """A price per unit times the units had each period, over the periods paid for."""

    total: float
    basis: str
    unit: str  # what is counted: "lesson", "hour"
    each: bool = True  # counted each period; False: a count in all ("120 guests")


def rate_of(out: Spanned, cap: Constraint) -> Rate | None:
    """What the price ``cap`` comes to when what it is paid for comes each day, week or
    month; None when its count is a whole (``ConstraintSet.cap_total`` has it) or unsaid."""
    if out.family.id == "hiring" and cap.unit == "hour":
        return None  # a hire's pay starts with the hire, after the plan (found as a user:
        # "£14 an hour, 16 hours a week" was paid through the 13 weeks of hiring)
    counted = out.cs.counted(cap.unit)
    if cap.scope in EACH and cap.money and counted and counted.number and counted.scope not in EACH:
        # "£12 a user a month" and "25 users": each month, over the plan's months
        n, over = periods(out, counted.model_copy(update={"unit": cap.scope, "number": None}))
        said = _cited(cap, counted)
        who = as_count(counted)
        if "-" in who:  # "25-person": 25 people
            plural = "people" if counted.unit == "person" else f"{counted.unit}s"
            who = f"{counted.number:,g} {plural}"
        basis = (
            f"{cap.money.text()} {article(cap.unit)} a {cap.scope} × {who}"
            f" × {n} {cap.scope}{'' if n == 1 else 's'}{over} ({said})"
        )
        return Rate(cap.money.amount * counted.number * n, basis, cap.unit)
    hour_each = ""
    if counted is None and cap.unit == "hour":
        said = f"{cap.text} {cap.subject}".lower()
        unit = next(
            (
                q.unit
                for q in out.cs.of("quantity")
                if q.unit in HAD_EACH and q.scope in EACH and q.unit in said
            ),
            None,
        )
        counted = out.cs.quantity(unit) if unit else None  # the count that holds
        hour_each = ", an hour each (assumed)"
    if cap.money is None or counted is None or not counted.number or counted.scope not in EACH:
        return None
    n, over = periods(out, counted.model_copy(update={"unit": counted.scope, "number": None}))
    if counted.scope in ("week", "fortnight") and not over and (first := _first_lesson(out)):
        # lessons start once a teacher is booked (found by a second new user's trial: a
        # learner's lessons were paid from the plan's first day)
        at, share = first
        n, over = max(1, math.ceil(n * (1 - share))), f", from M{at}"
        if counted.scope == "week" and (off := _weeks_off(out, share)):
            # none while away or closed (a new user's trial: a pool's two weeks shut, paid)
            weeks = f"{off[0]} week{'' if off[0] == 1 else 's'}"
            n, over = max(1, n - off[0]), f"{over}, less {weeks} away ({off[1]})"
    said = _cited(cap, counted)
    basis = (
        f"{cap.money.text()} {article(cap.unit)} × {as_count(counted)} a {counted.scope}"
        f" × {n} {counted.scope}{'' if n == 1 else 's'}{over}{hour_each} ({said})"
    )
    return Rate(cap.money.amount * counted.number * n, basis, counted.unit)


_BOOKS_A_TEACHER = frozenset({"instructor", "teacher", "tutor", "coach", "lessons"})
# ... or the day a pet comes home, which its walks are paid from (found as a user: a dog
# walker was paid from the plan's first day, months before the dog came)
_COMES_HOME = frozenset({"collection"})


def _first_lesson(out: Spanned) -> tuple[int, float] | None:
    """The milestone (its number and share) a teacher is booked by, or a pet comes home by,
    when the plan has one: what comes each week is paid from then."""
    return next(
        (
            (i, p.share)
            for i, p in enumerate(out.family.phases, start=1)
            if (_BOOKS_A_TEACHER & set(p.topics) and p.share < 0.5) or _COMES_HOME & set(p.topics)
        ),
        None,
    )


def _weeks_off(out: Spanned, share: float) -> tuple[int, str] | None:
    """The whole weeks away (or closed) after ``share`` of the plan, and as said."""
    begin = out.cs.start + timedelta(days=round(out.days * share))
    end = out.cs.start + timedelta(days=out.days)
    weeks, said = 0, list[str]()
    for c in out.cs.of("away"):
        if c.first and c.when and (days := (min(c.when, end) - max(c.first, begin)).days + 1) >= 7:
            weeks, said = weeks + days // 7, [*said, c.text]
    return (weeks, ", ".join(said)) if weeks else None


def _cited(cap: Constraint, counted: Constraint) -> str:
    """Where the price and its count were said: one source, or both."""
    return cap.source if counted.source == cap.source else f"{cap.source}, {counted.source}"


def periods(out: Spanned, cap: Constraint) -> tuple[int, str]:
    """How many periods a cost per period is paid for, and of what: as many as said ("£150
    a month for 2 months"), else the event's days (nights, weeks) when it has days of its
    own (a 5-day trip: 5 days, 4 nights), else the plan's span (rent for its months)."""
    unit = cap.unit
    if cap.number:
        return max(1, round(cap.number)), ", as said"
    if out.family.id == "move" and cap.subject == "rent" and unit == "month":
        # the new home's rent starts on moving day: the first month's, paid in advance, is
        # the move's (found as a user: 9 months of it took the whole £6,000, removals £0)
        return 1, ", the first, paid in advance on moving in"
    event = out.event
    if event is not None and unit in ("day", "night", "week"):
        days = (event.last - event.first).days + 1
        count = {"day": days, "night": max(1, days - 1), "week": math.ceil(days / 7)}[unit]
        return count, f", over the {event.lasts}"
    if unit == "month":
        return out.months, ""
    if unit == "year":
        return max(1, math.ceil(out.days / 365)), ""
    if unit == "week":
        return max(1, math.ceil(out.days / 7)), ""
    if unit == "fortnight":
        return max(1, math.ceil(out.days / 14)), ""
    return out.days, ""
