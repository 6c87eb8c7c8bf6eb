"""Dates from words, counted from the run's start date.

Explicit calendar dates ("12 March 2027", "2027-03-12", "March 12th") go to ``dateparser``
(pinned in pyproject): it knows the many ways people write a date and resolves the ones
without a year from a base date, preferring the future. The phrases planners meet that it
does not resolve, or resolves as a point rather than the end of a period, are handled here:
"within 6 months", "in 12 weeks" (start + duration), "Q3" and "H2" (the end of the quarter
or half), "by the end of the year", "next September" / "by September 2027" (the end of
that month, the next one after the start when no year is given), "by next summer" / "this
spring" (the end of the season, northern: spring to May, summer to August, autumn to
November, winter to February).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

import dateparser

from planloop.constraints.named_days import named_day

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH_RE = _MONTH_RE
# Words that say a person is away, as the readers of time away share them (extract.py,
# wishes.py; the offline planner's data point labels): "away", "on leave", "skiing", "is off"
# ... or where the work happens is shut: "the pool is closed 20-27 February" (a user's)
AWAY_RE = (
    r"away|on\sleave|off\swork|on\sholiday|ski(?:ing)?|abroad|unavailable|(?:is|are|am)\soff"
    r"|(?:is|are|will\sbe)\s(?:closed|shut)"
)
# A reviewer moving the plan's day: "move it to 21 May", "push the launch back to June".
MOVED_TO = (
    r"(?:move|moved|push|pushed|shift|shifted|postpone|postponed|delay|delayed|bring|brought"
    # "move it to", "move race day to", "moved my slot to" (a new user's trial: the last two
    # were read as nothing, and a date said beside them became the day)
    r"|change|changed)\s(?:it|(?:(?:the|my|our|their|his|her)\s)?(?:[a-z]{2,20}\s)?[a-z]{2,20})"
    r"\s(?:back\s|forward\s)?to"
)
# A weekday said with a date ("on Saturday 6 March 2027", "by Friday, 21 May"): the date
# holds, the weekday is dropped before it is read. "next Saturday": the coming one.
WEEKDAY_RE = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_BEFORE_A_DATE = re.compile(rf"\b{WEEKDAY_RE},?\s+(?=(?:the\s+)?[0-9]|{_MONTH_RE})", re.I)
_COMING_WEEKDAY = re.compile(rf"\b(?:next|this|coming)\s+({WEEKDAY_RE})\b", re.I)
# Part of a month: "in mid-September 2027", "by early March", "late May".
_PART_OF_MONTH = re.compile(rf"\b(early|mid|late)[\s-]+(?=(?:{_MONTH_RE})\b)", re.I)
_PART_DAY = {"early": 10, "mid": 15}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "sixteen": 16, "eighteen": 18, "twenty": 20, "thirty": 30,
}  # fmt: skip
NUMBER_RE = r"(?:[0-9]{1,3}|" + "|".join(k for k in _NUMBERS if len(k) > 2) + ")"
_DURATION = re.compile(rf"({NUMBER_RE}|a|an)[\s-]+(day|week|month|quarter|year)s?\b", re.I)
_QUARTER = re.compile(r"\b([QH])([1-4])(?:\s*(?:of\s+)?'?((?:20)?[0-9]{2}))?\b", re.I)
_MONTH_YEAR = re.compile(
    rf"\b(?:(next|this)\s+)?({_MONTH_RE})\.?(?:,?\s+((?:19|20)[0-9]{{2}}))?\b", re.I
)
SEASON_RE = r"(?:spring|summer|autumn|fall|winter)"

# A ban that lasts for a while, not a thing ruled out nor a day to be done by: "the physio
# says no front crawl until 1 March 2027", "no meetings in August" (found by a new user's
# trial: the race was moved to the end of the ban, and the book club had no meetings at
# all). BANNED_BEFORE ends the text before the date; FOR_A_WHILE starts the text after
# the thing banned. "In June" is the ban's time only when the plan has a time of its own
# said elsewhere (for_a_while): "a wedding … with no live band in June" is in June.
BANNED_BEFORE = re.compile(
    r"\b(?:no|not\sany)\s(?!(?:later|sooner|earlier|more|longer|less)\b)[a-z][\w-]*"
    r"(?:\s[a-z][\w-]*){0,2}\s$",
    re.I,
)
FOR_A_WHILE = re.compile(
    r"\s?(?:until|till|in|during|before)\s(?:the\s)?(?:end\sof\s)?(?:[0-9]|(?:"
    + _MONTH_RE
    + r"|"
    + SEASON_RE
    + r")\b)",
    re.I,
)
_SEASON = re.compile(rf"\b(?:(next|this)\s+)?({SEASON_RE})(?:\s+((?:19|20)[0-9]{{2}}))?\b", re.I)
# The month each season ends with (northern hemisphere), and the month it begins.
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
_DAY = re.compile(r"\b[0-3]?[0-9](?:st|nd|rd|th)?\b|\b[0-9]{4}-[01][0-9]-[0-3][0-9]\b")
_SETTINGS = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}


def number(word: str) -> int | None:
    """``12`` for "12" or "twelve"."""
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _NUMBERS.get(w)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: date, months: int) -> date:
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def after(start: date, amount: int, unit: str) -> date:
    """``start`` plus ``amount`` days, weeks, months, quarters or years."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return start + timedelta(days=amount)
    if unit == "week":
        return start + timedelta(weeks=amount)
    months = {"month": 1, "quarter": 3, "year": 12}[unit]
    return add_months(start, amount * months)


def duration(text: str) -> tuple[int, str] | None:
    """``(6, "month")`` for "6 months" or "six-month"."""
    m = _DURATION.search(text)
    if not m:
        return None
    n = number(m.group(1))
    return (n, m.group(2).lower()) if n else None


def _year(raw: str | None, start: date) -> int | None:
    if not raw:
        return None
    y = int(raw)
    return y + 2000 if y < 100 else y


def resolve_date(phrase: str, start: date) -> date | None:
    """The date ``phrase`` names, counted from ``start``; the end of a named period."""
    if (day := named_day(phrase, start)) is not None:  # before "Friday 2027" is cut
        return day
    text = _BEFORE_A_DATE.sub("", " ".join(phrase.lower().split()))
    if not text:
        return None
    if m := _COMING_WEEKDAY.search(text):
        wanted = _WEEKDAYS.index(m.group(1)[: -len("day")])
        return start + timedelta(days=(wanted - start.weekday()) % 7 or 7)
    if m := _PART_OF_MONTH.search(text):
        part = m.group(1)
        end = resolve_date(text[: m.start()] + text[m.end() :], start)
        if end is None or part == "late":
            return end
        return end.replace(day=_PART_DAY[part])
    if re.search(r"\bend of (?:the |this )?year\b|\byear[- ]end\b", text):
        return date(start.year, 12, 31)
    if m := re.search(r"\bend of ((?:19|20)[0-9]{2})\b", text):  # "by the end of 2027"
        return date(int(m.group(1)), 12, 31)
    if re.search(r"\bnext year\b", text):
        return date(start.year + 1, 12, 31)
    if re.search(r"\b(?:within|in|over|inside|after)\b", text) or re.search(
        r"\bfrom (?:now|today)\b|[0-9][\s-](?:day|week|month|year)", text
    ):
        found = duration(text)
        if found and not _DAY.search(text.replace(str(found[0]), "", 1)):
            return after(start, *found)
    if m := _QUARTER.search(phrase):
        kind, n = m.group(1).upper(), int(m.group(2))
        last_month = n * 3 if kind == "Q" else n * 6
        if kind == "H" and n > 2:
            return None
        year = _year(m.group(3), start) or start.year
        end = month_end(year, last_month)
        return end if m.group(3) or end >= start else month_end(year + 1, last_month)
    if m := NUMERIC_DATE.search(text):
        return numeric_date(m)
    if re.search(r"\b[0-9]{4}-[01][0-9]-[0-3][0-9]\b", text) or re.search(
        rf"\b[0-3]?[0-9](?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b"
        rf"|\b{_MONTH_RE}\.?\s+[0-3]?[0-9](?:st|nd|rd|th)?\b",
        text,
    ):
        return _parsed(text, start)
    if m := _SEASON.search(text):
        return season_end(m.group(2), start, m.group(1) == "next", _year(m.group(3), start))
    if m := _MONTH_YEAR.search(text):
        month = _month_number(m.group(2))
        stated = _year(m.group(3), start)
        year = start.year if month > start.month else start.year + 1
        if m.group(1) == "this" and month >= start.month:
            year = start.year
        return month_end(stated or year, month)
    if m := re.search(r"\b(?:in|by|before|until|through(?:out)?)\s+((?:19|20)[0-9]{2})\b", text):
        return date(int(m.group(1)), 12, 31)
    return None


def season_end(season: str, start: date, following: bool = False, year: int | None = None) -> date:
    """The last day of ``season``: in ``year`` (winter: the one that ends then), else the
    first to end on or after ``start``; ``following`` ("next summer" said in July) skips
    the one under way."""
    first, last = _SEASONS[season.lower()]
    if year is not None:
        return month_end(year, last)
    if first <= last:  # spring, summer, autumn
        end = month_end(start.year, last)
        if end < start:
            end = month_end(start.year + 1, last)
        begun = first <= start.month <= last
    else:  # winter, December to February
        begun = start.month >= first or start.month <= last
        end = month_end(start.year if start.month <= last else start.year + 1, last)
    return month_end(end.year + 1, last) if following and begun else end


def _month_number(word: str) -> int:
    w = word.lower()[:3]
    return next(i for i, name in enumerate(MONTHS, start=1) if name.startswith(w))


# A date in numbers: "13/12/2027", "12/13/2027", "13.12.2027". Read as it can only be read
# when one part is over 12; day first when either could be (the plan's Constraints table
# shows the date it was read as, for the person to correct).
NUMERIC_DATE = re.compile(r"\b([0-3]?[0-9])[/.]([0-3]?[0-9])[/.]((?:19|20)[0-9]{2})\b")


def numeric_date(m: re.Match[str]) -> date | None:
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day, month = (b, a) if b > 12 else (a, b)
    try:
        return date(year, month, day)
    except ValueError:
        return None


_DAY_MONTH_YEAR = re.compile(
    rf"\b([0-3]?[0-9])(?:st|nd|rd|th)?\s(?:of\s)?({_MONTH_RE})\.?,?\s((?:19|20)[0-9]{{2}})\b"
    rf"|\b({_MONTH_RE})\.?\s([0-3]?[0-9])(?:st|nd|rd|th)?,?\s((?:19|20)[0-9]{{2}})\b",
    re.I,
)


def impossible_dates(text: str) -> list[str]:
    """Dates written with a day the month does not have ("31 February 2027", "April 31,
    2027"), as written: read as no date at all, they leave a plan without the deadline its
    person typed (found as a user: "Run a marathon by 31 February 2027" was planned to twelve
    weeks assumed, with nothing said of the date)."""
    found = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        try:
            date(int(year), _month_number(month), int(day))
        except ValueError:
            found.append(m[0])
    return found


def _parsed(text: str, start: date) -> date | None:
    """An explicit calendar date, read by dateparser from the start date."""
    cleaned = re.sub(rf"^(?:by|before|until|on|due|no later than|{MOVED_TO})\s+", "", text)
    settings = {**_SETTINGS, "RELATIVE_BASE": datetime.combine(start, datetime.min.time())}
    try:
        found = dateparser.parse(cleaned, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return found.date() if found else None


# Days of one month, as an event's dates: "10-12 March", "10 to 12 March 2027", "March
# 10-12". The last day is the deadline, the first the event's first day.
DAY_RANGE = re.compile(
    # "Friday 23 to Sunday 25 April 2027" too (a page trial's: a weekend away that departed
    # on the Sunday it ended)
    rf"\b(?:{WEEKDAY_RE}\s)?([0-3]?[0-9])(?:st|nd|rd|th)?\s?(?:-|–|to)\s?(?:{WEEKDAY_RE}\s)?"
    r"([0-3]?[0-9])(?:st|nd|rd|th)?\s(?:of\s)?("
    + _MONTH_RE
    + r")(?:,?\s((?:19|20)[0-9]{2}))?\b|\b("
    + _MONTH_RE
    + r")\.?\s([0-3]?[0-9])(?:st|nd|rd|th)?\s?(?:-|–|to)\s?([0-3]?[0-9])(?:st|nd|rd|th)?"
    r"(?:,?\s((?:19|20)[0-9]{2}))?\b",
    re.I,
)


def day_range(phrase: str, start: date) -> tuple[date, date] | None:
    """The first and last day ``phrase`` names ("10-12 March"), if it is such a range."""
    m = DAY_RANGE.fullmatch(" ".join(phrase.split()))
    if m is None:
        return None
    first, last, month, year = (
        m.group(1, 2, 3, 4) if m.group(3) else (m.group(6), m.group(7), m.group(5), m.group(8))
    )
    if int(first) >= int(last):
        return None
    ends = resolve_date(f"{last} {month} {year or ''}", start)
    if ends is None or int(last) - int(first) >= 31:
        return None
    return ends - timedelta(days=int(last) - int(first)), ends


# A day the calendar does not have: "31 February", "April 31" (found by a new user's trial:
# "Move the party to 31 February" was recorded as a date and nothing said it was none).
_DAYS_IN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAY_OF_MONTH = re.compile(
    rf"\b(?:([0-3]?[0-9])(?:st|nd|rd|th)?\s(?:of\s)?({_MONTH_RE})|({_MONTH_RE})\s([0-3]?[0-9])"
    r"(?:st|nd|rd|th)?)\b",
    re.I,
)


def no_such_day(text: str) -> str | None:
    """The first day said in ``text`` that no month has ("31 February"), or None."""
    for m in _DAY_OF_MONTH.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        number = next(i for i, name in enumerate(MONTHS) if name.startswith(month[:3].lower()))
        if int(day) > _DAYS_IN[number] or int(day) == 0:
            return m.group(0)
    return None


_UNTIL = re.compile(r"\s?(?:until|till)\b", re.I)
# a month as written, capitalised ("we may…" is no May), or a season
_TIME_SAID = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|(?i:spring|summer|autumn"
    r"|winter))\b"
)


def for_a_while(text: str, at: int) -> bool:
    """Whether the time said at ``at`` (just after a ban: "until 1 March", "in August")
    bounds the ban rather than the plan."""
    if _UNTIL.match(text, at):
        return True
    return any(not at <= m.start() < at + 40 for m in _TIME_SAID.finditer(text))
