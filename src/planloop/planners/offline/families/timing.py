"""When an event's plan runs to: an event that must happen within a named month ("a
two-week trip in April") begins early enough to end in it, so its schedule runs to its
first day, not to the month's last (where a two-week trip would begin on 30 April)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planloop.constraints import ConstraintSet, dates
from planloop.planners.offline.extraction import event_length

EVENT_FAMILIES = frozenset({"event", "gathering", "market", "race", "retreat", "trip"})
_IN_MONTH = re.compile(r"(?:in|during)\s+" + dates.MONTH_RE + r"(?:\s+[0-9]{4})?", re.I)


def first_day(goal: str, family: str, cs: ConstraintSet, end: date) -> tuple[date, str]:
    """The day the goal's event begins, and how long it lasts ("2 weeks"), when it must
    happen within a named month and ends on ``end`` (its last day, the month's); else
    ``end`` itself and "" (the deadline is the event's day)."""
    deadline = cs.deadline
    said = dates.day_range(deadline.text, cs.start) if deadline is not None else None
    if said is not None and said[1] == end and family in EVENT_FAMILIES:  # "10-12 March"
        lasts = (said[1] - said[0]).days + 1
        return max(cs.start + timedelta(days=1), said[0]), f"{lasts} days"
    written = event_length(goal) if family in EVENT_FAMILIES else None
    if deadline is None or written is None or not _IN_MONTH.fullmatch(deadline.text):
        return end, ""
    counted = dates.duration(written)
    if counted is None:
        return end, ""
    n, unit = counted
    days = (dates.after(end, n, unit) - end).days
    begins = max(cs.start + timedelta(days=1), end - timedelta(days=max(0, days - 1)))
    return begins, f"{n} {unit}{'s' if n != 1 else ''}"
