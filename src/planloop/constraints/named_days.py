"""Days known by name that people plan towards: "by Black Friday 2027", "before
Christmas", "for Valentine's Day". Each is the day it names in the year said, else the
next one from the start (found as a user: "by Black Friday 2027" was no deadline, and a
candle shop's launch was scheduled for March)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter


def _thanksgiving(year: int) -> date:
    """The United States' Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


# Each day: how it is written, and its date in a year.
_DAYS: list[tuple[str, Callable[[int], date]]] = [
    (r"black\sfriday", lambda y: _thanksgiving(y) + timedelta(days=1)),
    (r"cyber\smonday", lambda y: _thanksgiving(y) + timedelta(days=4)),
    (r"thanksgiving(?:\sday)?", _thanksgiving),
    (r"christ?mas\seve|xmas\seve", lambda y: date(y, 12, 24)),
    (r"christ?mas(?:\sday)?|xmas", lambda y: date(y, 12, 25)),
    (r"boxing\sday", lambda y: date(y, 12, 26)),
    (r"new\syear['’]?s\seve", lambda y: date(y, 12, 31)),
    (r"new\syear['’]?s(?:\sday)?", lambda y: date(y, 1, 1)),
    (r"valentine['’]?s(?:\sday)?", lambda y: date(y, 2, 14)),
    (r"hallowe['’]?en", lambda y: date(y, 10, 31)),
    (r"easter(?:\ssunday)?", easter),
]
_YEAR = r"(?:,?\s((?:19|20)[0-9]{2}))?"
# Any of them, with its year or not: for the patterns that find dates in a text.
NAMED_DAY_RE = "(?:" + "|".join(written for written, _ in _DAYS) + r")(?:,?\s(?:19|20)[0-9]{2})?"
_NAMED = [(re.compile(rf"\b(?:{written}){_YEAR}\b", re.I), day) for written, day in _DAYS]


def named_day(phrase: str, start: date) -> date | None:
    """The day a name in ``phrase`` says: in its year when one is said, else the next on
    or after ``start``; None when it names none."""
    for pattern, day in _NAMED:
        if (m := pattern.search(phrase)) is not None:
            if m.group(1):
                return day(int(m.group(1)))
            this_year = day(start.year)
            return this_year if this_year >= start else day(start.year + 1)
    return None
