"""A schedule cell ("2027-03-15", "week 3", "15 March 2027", "June 2027") read as a date.

Plans count weeks and days from the run's start ("due week 3"), so those resolve against
the start date; anything else goes to dateparser, which reads written-out dates in many
forms. A cell that names no date ("ongoing", "—") gives none: it is left out of the
calendar rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_COUNTED = re.compile(r"^\s*(?:by\s+|end\s+of\s+)?(week|day|month)\s+(\d{1,3})\b", re.I)
_RANGE = re.compile(r"^\s*(week|day)s?\s+(\d{1,3})\s*[–—-]\s*(\d{1,3})\b", re.I)
_NO_DATE = re.compile(r"^\s*([—–-]|n/?a|tbd|tbc|ongoing|none|)\s*$", re.I)
_BARE = re.compile(r"^\s*(\d{1,3})\s*$")
_UNIT_HEADER = re.compile(r"^\s*(week|day|month)s?\s*(?:#|no\.?|number)?\s*$", re.I)
# "Offsite: 3 days, 2027-09-12 to 2027-09-14": an event of several days as planloop's
# planner titles it, exported from its first day to its last (it was one day long).
_SPAN = re.compile(r"\b([0-9]{4}-[01][0-9]-[0-3][0-9]) to ([0-9]{4}-[01][0-9]-[0-3][0-9])\b")


def counted_unit(header: str) -> str:
    """ "week" for a column headed "Week" (its cells count weeks: "1", "2"), else ""."""
    m = _UNIT_HEADER.match(header)
    return m.group(1).lower() if m else ""


def parse_due(text: str, started: date, *, end: bool = True, counts: str = "") -> date | None:
    """The date a cell names, counted from ``started`` for "week N"/"day N"/"month N".

    ``end``: a week or a range read as its last day (a due date) rather than its first
    (a start date). ``counts``: the unit a bare number counts in its column (a "Week"
    column's "3" is week 3); elsewhere a bare number is no date (found as a user:
    dateparser read a study schedule's week 1 as January, week 10 as October)."""
    if _NO_DATE.match(text):
        return None
    if bare := _BARE.match(text):
        return _counted(counts, int(bare[1]), started, end=end) if counts else None
    iso = _ISO.search(text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    ranged = _RANGE.match(text)
    if ranged:
        unit, first, last = ranged[1].lower(), int(ranged[2]), int(ranged[3])
        return _counted(unit, last if end else first, started, end=end)
    counted = _COUNTED.match(text)
    if counted:
        return _counted(counted[1].lower(), int(counted[2]), started, end=end)
    return _written(text, started, end=end)


def _counted(unit: str, n: int, started: date, *, end: bool) -> date | None:
    if n < 0 or n > 520:
        return None
    if unit == "day":
        return started + timedelta(days=max(n - 1, 0))
    if unit == "week":
        first = started + timedelta(weeks=max(n - 1, 0))
        return first + timedelta(days=6) if end else first
    month = started.month - 1 + n
    year, month = started.year + month // 12, month % 12 + 1
    return date(year, month, min(started.day, 28))


def _written(text: str, started: date, *, end: bool) -> date | None:
    import dateparser  # its language data takes a moment to load: only when needed

    settings = {
        "RELATIVE_BASE": datetime(started.year, started.month, started.day),
        "PREFER_DATES_FROM": "future",
        "PREFER_DAY_OF_MONTH": "last" if end else "first",
        "REQUIRE_PARTS": ["month"],
        # Written dates only: "41 weeks before" or "in 3 days" is not read relative to the
        # start (that is what "week N" above is for); such a cell gives no date.
        "PARSERS": ["absolute-time"],
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found is not None else None


def title_span(title: str) -> tuple[date, date] | None:
    """The first and last day a title says its event takes, if it says so."""
    m = _SPAN.search(title)
    if m is None:
        return None
    try:
        first, last = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
    except ValueError:
        return None
    return (first, last) if first <= last else None
