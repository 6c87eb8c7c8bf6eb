"""A club's meetings: every date from the first to the end of the stretch planned, each
with what it is about and who hosts (clubs.py has the family)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planloop.constraints.cadence import every
from planloop.constraints.dates import MONTH_RE, MONTHS, add_months, resolve_date
from planloop.constraints.deadlines import first_of_many
from planloop.constraints.weekdays import work_days
from planloop.planners.offline.families.clubs import (
    FIRST_MEETING,
    FORTNIGHTLY,
    HALF_WAY,
    MAX_MEETINGS,
    ORDINAL,
    WEEKDAY,
    WEEKDAYS,
    WEEKLY,
    About,
    about,
)
from planloop.planners.offline.families.exclusions import banned_words
from planloop.planners.offline.families.outline import CLOSED, Outline, date_at
from planloop.planners.offline.families.schools import SAID as SCHOOL_HOLIDAYS_SAID
from planloop.planners.offline.families.schools import (
    in_school_holidays,
    meets_at_school,
    on_a_school_day,
)
from planloop.terms import cell, join_words

MONTHLY = re.compile(r"\b(?:monthly|every\smonth|each\smonth|once\sa\smonth)\b", re.I)
# several weekdays said together: "on Mondays, Wednesdays and Fridays", "Tuesdays & Thursdays"
_DAY = r"(?:" + "|".join(WEEKDAYS) + r")s?"
_SEVERAL = re.compile(rf"\b{_DAY}(?:(?:,\s(?:and\s)?|\sand\s|\s&\s){_DAY})+\b", re.I)


def weekdays_met(out: Outline) -> list[int]:
    """The weekdays (Monday 0) a weekly club meets on when it meets on several: said
    together in the goal, or the days a reviewer left ("only Tuesdays and Thursdays");
    [] when it meets on one (found by a new user's trial: an after-school club "on Mondays,
    Wednesdays and Fridays" met on Mondays only)."""
    if step_of(out) != "week" or ORDINAL.search(out.goal):
        return []
    said = _SEVERAL.search(out.goal)
    named = (
        sorted({WEEKDAYS.index(d[1].lower()) for d in WEEKDAY.finditer(said[0])}) if said else []
    )
    if out.cs.latest("days") is not None and len(left := work_days(out.cs)) < 7:
        # the days a reviewer left: of those said, or all of them ("only Thursdays now")
        named = [d for d in named if d in left] if named else sorted(left)
    return named if len(named) > 1 else []


def step_of(out: Outline) -> str:
    """How far apart meetings are: "week", "fortnight" or "month" (the default), as a
    reviewer last asked ("make it fortnightly"), else as the goal says."""
    if (asked := out.cs.latest("cadence")) is not None:
        return asked.unit
    if FORTNIGHTLY.search(out.goal):
        return "fortnight"
    if WEEKLY.search(out.goal) or (meets_at_school(out.goal) and not MONTHLY.search(out.goal)):
        return "week"  # an after-school club meets weekly unless said otherwise
    return "month"


def meeting_days(out: Outline) -> list[date]:
    """Every meeting from the first to the end: the first once the plan's first meeting is
    due (on the day said, if one is: "Saturdays", "the first Thursday of the month"), then
    one or two weeks apart, or a month apart on the same weekday of the month."""
    step, school = step_of(out), meets_at_school(out.goal)
    # the day said with a cadence asked for ("make it monthly, on Sundays": found by a new
    # user's trial, every meeting stayed on a Saturday), else the goal's
    asked = out.cs.latest("cadence")
    # ... unless one day is left ("we can only use the hall on Thursdays now")
    one_left = out.cs.latest("days") is not None and len(work_days(out.cs)) == 1
    named = None if one_left else (asked and WEEKDAY.search(asked.text)) or WEEKDAY.search(out.goal)
    first = out.begins or date_at(out, FIRST_MEETING)  # "from February": its first day on
    while (first.month, first.day) in CLOSED:  # "starting January 2027": not New Year's Day
        first += timedelta(days=1)
    if (said_first := first_of_many(out.goal, out.start)) is not None:  # "first supper in …"
        first = max(first, said_first)
    in_month = None  # the weekday and week of the month said: (3, 2) the third Thursday
    # that weekday of its month, or the next; a reviewer's first ("make it the second
    # Saturday of each month")
    nth = (asked and ORDINAL.search(asked.text)) or ORDINAL.search(out.goal)
    if nth is not None:
        in_month = (WEEKDAYS.index(nth.group(2).lower()), _WEEK[nth.group(1).lower()])
        due, first = first, _nth(first.replace(day=1), *in_month)
        if first < due:
            first = _nth(add_months(first.replace(day=1), 1), *in_month)
    elif named is not None:
        first += timedelta(days=(WEEKDAYS.index(named.group(1).lower()) - first.weekday()) % 7)
    elif len(only := work_days(out.cs)) == 1:  # "only on Thursdays" (a third trial's)
        first += timedelta(days=(next(iter(only)) - first.weekday()) % 7)
    elif school:  # after school, mid-week, not on the Saturday the month began with
        first = on_a_school_day(first)
    elif about(out.goal).noun in _ON_SATURDAYS:
        # a repair café or a walk meets when people are free, not on whatever weekday the
        # month said begins on (a new user's trial: every session on a Monday)
        first += timedelta(days=(5 - first.weekday()) % 7)
    said = out.cs.quantity("meeting")  # "make it 10 meetings"
    several = weekdays_met(out)
    most = min(MAX_MEETINGS, int(said.number)) if said and said.number else MAX_MEETINGS
    skipped = {MONTHS.index(c.subject) + 1 for c in out.cs.exclusions if c.subject in MONTHS}
    skipped |= {MONTHS.index(m.group(1).lower()) + 1 for m in _NONE_IN.finditer(out.goal)}
    if several:  # each of its days, every week ("make it 10 meetings": ten in all)
        most = most if said and said.number else MAX_MEETINGS * len(several)
        monday = first - timedelta(days=first.weekday())
        weeks = range((out.end - monday).days // 7 + 1)
        each = [monday + timedelta(weeks=w, days=d) for w in weeks for d in several]
        return [
            d
            for d in each
            if first <= d <= out.end
            and (d.month, d.day) not in CLOSED
            and not (school and in_school_holidays(d))
            and d.month not in skipped
            and out.cs.away_on(d) is None
        ][:most]
    days: list[date] = []
    when, n = first, 0
    while when <= out.end and len(days) < most:
        held: date | None = when
        if (when.month, when.day) in CLOSED:  # no meeting on Christmas or New Year's Day:
            # a month's goes a week later, a week's is missed
            held = when + timedelta(weeks=1) if step == "month" else None
            held = held if held is not None and held <= out.end else None  # not past the end
        while held is not None and school and in_school_holidays(held):
            # a school's club does not meet in its holidays: a month's meets after them
            held = (
                held + timedelta(weeks=1) if step == "month" and held.month == when.month else None
            )
        if held is not None and when.month not in skipped and out.cs.away_on(held) is None:
            days.append(held)
        n += 1
        if step == "week":
            when = first + timedelta(weeks=n)
        elif step == "fortnight":
            when = first + timedelta(weeks=2 * n)
        elif in_month is not None:
            when = _nth(add_months(first.replace(day=1), n), *in_month)
        else:
            when = _nth_weekday(add_months(first.replace(day=1), n), first)
    return days


_ON_SATURDAYS = frozenset({"Session", "Route", "Pick", "Clean"})
_HOSTS = re.compile(r"\b(?:host|lead|run|chair|co-|take|teach|coach|cook|is\s)\w*", re.I)
# a month the club takes off: "no meetings in August", "except in December" (said in the
# goal; a reviewer's "skip August" is an exclusion)
_NONE_IN = re.compile(
    r"\b(?:no\s(?:meetings?|sessions?|club)\s(?:in|during)|except(?:\sin)?|not\sin"
    r"|(?:a\s)?break\sin|off\sin)\s(" + "|".join(MONTHS) + r")\b",
    re.I,
)
_IN_TURNS = re.compile(r"\b(?:in\sturns?|take\sturns|taking\sturns|rotat\w+)\b", re.I)
# what a club puts on, said with its day: "a summer concert on 3 July 2027", "a Christmas
# concert in December"
_SHOW = re.compile(
    r"\b((?:[A-Za-z]+\s)?(?:concert|show|performance|recital))\s(?:on|in)\s((?:[0-9]{1,2}\s)?"
    + MONTH_RE
    + r"(?:\s[0-9]{4})?)\b",
    re.I,
)


def _shows(out: Outline) -> list[tuple[date, str]]:
    """The concerts the goal dates, in order; one said by its month alone falls on the
    month's third Saturday, its day to be fixed."""
    found = []
    for m in _SHOW.finditer(out.goal):
        when = resolve_date(m.group(2), out.start)
        if when is None:
            continue
        title = m.group(1)[0].upper() + m.group(1)[1:]
        if not re.match(r"[0-9]", m.group(2)):  # a month said: its third Saturday
            when, title = _nth(when.replace(day=1), 5, 2), f"{title} (its day to fix)"
        if out.start < when <= out.end:
            found.append((when, title))
    return sorted(found)


_WEEK = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "last": -1,
}  # fmt: skip


def _nth(month: date, weekday: int, week: int) -> date:
    """The ``week``-th (from 0; -1 the last) ``weekday`` of ``month`` (its first day)."""
    if week < 0:
        end = add_months(month, 1) - timedelta(days=1)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    return month + timedelta(days=(weekday - month.weekday()) % 7, weeks=week)


def _nth_weekday(month: date, like: date) -> date:
    """The day of ``month`` that is ``like``'s weekday, as many weeks in as ``like`` is."""
    first = month + timedelta(days=(like.weekday() - month.weekday()) % 7)
    day = first + timedelta(weeks=(like.day - 1) // 7)
    return day if day.month == month.month else day - timedelta(weeks=1)


def meetings(out: Outline) -> str:
    """The meetings table: each date, what it is about, who hosts."""
    days = meeting_days(out)
    kind = about(out.goal, banned_words(out.cs, out.goal))
    # who hosts, leads or runs them; not one who books the room (a user's trial: "Raj Patel
    # the librarian will book the room" hosted every meeting)
    hosts = [m.name for m in out.cs.members if _HOSTS.search(m.role)] or [
        "A member, in turn" if _IN_TURNS.search(out.goal) else out.lead
    ]
    if any(m.role.startswith("co-") or "with me" in m.text for m in out.cs.members):
        hosts = [out.lead, *hosts]  # "Sue Jones will co-lead the walks with me": in turns
    stretch = "year" if out.days >= 330 else "season"
    if several := weekdays_met(out):
        return _weeks(out, days, several, hosts, stretch)
    shows = _shows(out)
    rows = ["| # | Date | What | Host |", "|---|---|---|---|"]
    half = date_at(out, HALF_WAY)
    # the first after the members were asked (M3, on ``half``)
    middle = next((i for i, d in enumerate(days) if d > half), -1) if len(days) >= 6 else -1
    for i, day in enumerate(days):
        what = _what(kind, i, len(days), middle, stretch)
        while shows and shows[0][0] <= day:  # a concert said, among the rehearsals
            when, title = shows.pop(0)
            rows.append(f"| — | {when.isoformat()} | {cell(title)} | All members |")
        rows.append(f"| {i + 1} | {day.isoformat()} | {cell(what)} | {hosts[i % len(hosts)]} |")
    rows += [f"| — | {when.isoformat()} | {cell(title)} | All members |" for when, title in shows]
    return _lead(out, f"{len(days)} meetings, {every(step_of(out))}") + "\n".join(rows)


def _lead(out: Outline, held: str) -> str:
    """The meetings' first line ("35 meetings, every week"), then a blank line."""
    at_school = f", {SCHOOL_HOLIDAYS_SAID}" if meets_at_school(out.goal) else ""
    return f"{held}{at_school}; where the place takes bookings, book every date at once.\n\n"


def _what(kind: About, i: int, count: int, middle: int, stretch: str, weekly: bool = False) -> str:
    """What meeting ``i`` of ``count`` is about, or week ``i`` of a club that meets on
    several days a week (``weekly``)."""
    name = f"{kind.noun}s" if weekly else f"{kind.noun} {i + 1}"
    if i == 0:
        return f"{'Introductions' if weekly else name + ' and introductions'}; agree {kind.first}"
    if i == count - 1:
        return (
            f"Last {'week' if weekly else 'meeting'} of the {stretch}: look back, and plan the next"
        )
    if i == middle:
        return f"{name}; half-way check: what to keep, what to change"
    return f"{name}: {kind.settled}"


def _weeks(
    out: Outline, days: list[date], several: list[int], hosts: list[str], stretch: str
) -> str:
    """A club that meets on several days a week: a row a week, with its days."""
    kind = about(out.goal, banned_words(out.cs, out.goal))
    weeks: dict[date, list[date]] = {}
    for day in days:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    half = date_at(out, HALF_WAY)
    middle = next((i for i, w in enumerate(weeks) if w > half), -1) if len(weeks) >= 6 else -1
    rows = ["| Week | Days | What | Host |", "|---|---|---|---|"]
    for i, held in enumerate(weeks.values()):
        what = _what(kind, i, len(weeks), middle, stretch, weekly=True)
        said = ", ".join(f"{d.strftime('%a')} {d.isoformat()}" for d in held)
        rows.append(f"| {i + 1} | {said} | {cell(what)} | {hosts[i % len(hosts)]} |")
    on = join_words(WEEKDAYS[d].capitalize() + "s" for d in several)
    return _lead(out, f"{len(days)} meetings in {len(weeks)} weeks, on {on}") + "\n".join(rows)
