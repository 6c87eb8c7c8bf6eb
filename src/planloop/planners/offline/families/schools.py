"""A club held at a school: it meets after school on a weekday, and not in the school
holidays (found by a new user's trial: "Run a weekly coding club for 15 kids at the
school from January 2027" met every Saturday, through Easter, the half-terms and the
whole summer). The holidays are the usual English ones, said as approximate: each
school's own dates differ by a few days."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter

_AT_SCHOOL = re.compile(
    r"\b(?:at|after|in)\s(?:the\s|our\s|my\s|a\s)?(?:[\w'’-]+\s)?(?:primary\s|secondary\s)?school\b"
    r"|\b(?:pupils|after-school)\b",
    re.I,
)
WEDNESDAY = 2
# (month, day) to (month, day): Christmas, February half-term, May half-term, summer,
# October half-term; Easter's fortnight is worked out for each year
_HOLIDAYS = (((12, 19), (12, 31)), ((1, 1), (1, 4)), ((2, 13), (2, 21)), ((5, 24), (5, 31)),
             ((7, 22), (9, 2)), ((10, 24), (11, 1)))  # fmt: skip
SAID = "none in the school holidays (the usual dates; check the school's own)"


def meets_at_school(goal: str) -> bool:
    return _AT_SCHOOL.search(goal) is not None


def in_school_holidays(day: date) -> bool:
    """Whether ``day`` is in a usual school holiday (Easter's: the fortnight around it)."""
    said = (day.month, day.day)
    if any(first <= said <= last for first, last in _HOLIDAYS):
        return True
    sunday = easter(day.year)
    return sunday - timedelta(days=9) <= day <= sunday + timedelta(days=8)


def on_a_school_day(day: date) -> date:
    """The first Wednesday on or after ``day``: after school, mid-week."""
    return day + timedelta(days=(WEDNESDAY - day.weekday()) % 7)
