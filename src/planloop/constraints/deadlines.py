"""Deadlines and starts read from text: "by 12 March 2027", "within 6 months", "on Saturday
6 March", "10-12 March" (an event's days: the last is the deadline), "starting 4 January".

Each is a :class:`~planloop.constraints.model.Constraint` of kind ``deadline`` or
``start`` with the day it names (planloop.constraints.dates reads the phrase); a date not
after the start is no deadline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from planloop.constraints import dates, named_days
from planloop.constraints.model import Constraint
from planloop.constraints.said_dates import trade_before
from planloop.terms import clean

# A day with its year ("1 December 2026", "2026-12-01", "01/12/2026"): a date that can be
# past, unlike "by March" (the next March).
_WHOLE_DATE = re.compile(
    r"\b[0-9]{4}-[01][0-9]-[0-3][0-9]\b|\b[0-3]?[0-9][/.][0-3]?[0-9][/.](?:19|20)[0-9]{2}\b"
    r"|\b[0-3]?[0-9](?:st|nd|rd|th)?\s(?:of\s)?" + dates.MONTH_RE + r",?\s(?:19|20)[0-9]{2}\b"
    r"|\b" + dates.MONTH_RE + r"\.?\s[0-3]?[0-9](?:st|nd|rd|th)?,?\s(?:19|20)[0-9]{2}\b",
    re.I,
)
_FIRST_PERIOD = re.compile(r"\bfirst\s*$", re.I)


# the first of things that recur, just before its day: "first supper in …", "first one in …"
_FIRST_OF_MANY = re.compile(
    r"\bfirst\s(?:supper|dinner|meeting|session|walk|run|ride|rehearsal|class|game|night"
    r"|gathering|meetup|meet-up|episode|issue|one|caf[eé])\s$",
    re.I,
)
# someone who cannot help before a day: "our web developer is not free until January" (found
# by a new user's trial: January became the deadline of a launch moved to April)
_UNAVAILABLE = re.compile(
    r"(?:(?:\bnot|n['’]t|\bnever)\s(?:free|available|around|back|here|able\sto\s\w+)"
    r"|\bbusy|\baway|\bon\s(?:leave|holiday)|\bbooked\sup|\btied\sup)\s$",
    re.I,
)
# "from January to June 2027": the month it ends (found as a user: read as nothing)
_TO_MONTH = re.compile(
    r"\bfrom\s"
    + dates.MONTH_RE
    + r"(?:\s(?:19|20)[0-9]{2})?\s(?:to|until|till|through)\s("
    + dates.MONTH_RE
    + r"(?:\s(?:19|20)[0-9]{2})?)\b",
    re.I,
)
# The opening stretch of something that goes on, planned as a whole: "plan the first year
# of our book club" (found as a user: twelve weeks were assumed) ...
_FIRST_STRETCH = re.compile(
    r"\b(?:plan|planning|organi[sz]e|run|map\sout)\s((?:the|our|my|its|their)\sfirst\s"
    r"(?:(" + dates.NUMBER_RE + r")\s)?(week|month|quarter|year)s?)\sof\b",
    re.I,
)
# ... or how long something that recurs is kept up: "meeting on the last Thursday of each
# month, for 6 months", "running 3 times a week for 12 weeks", a club "for 6 months"
_KEPT_UP = re.compile(
    r"\b(?:meet(?:s|ing)?|run(?:s|ning)?|rehears\w*|gather\w*|hold(?:s|ing)?|train(?:s|ing)?"
    # ... or a club's: "a fortnightly chess club … starting 12 January 2027, for 6 months"
    r"|club|group|circle|society|weekly|fortnightly|monthly)"
    r"\b[^.;]{0,60}?\s(for\s(" + dates.NUMBER_RE + r"|a|an)\s(week|month|year)s?)\b",
    re.I,
)


_DEADLINE = re.compile(
    # "through 2027": a year's newsletters (a new user's trial: read as no deadline)
    r"\b(?:by|before|until|through(?:out)?|no later than|due|deadline(?:\sis|\sof)?:?|on|for|"
    + dates.MOVED_TO  # "move it to 21 May 2027", "push the launch back to June"
    + r")\s(?:"
    + dates.WEEKDAY_RE  # "on Saturday 6 March 2027": the date holds
    + r",?\s)?"
    r"((?:the\s)?end\sof\s(?:the\s|this\s)?year|(?:the\s)?end\sof\s(?:19|20)[0-9]{2}|(?:the\s)?"
    + named_days.NAMED_DAY_RE  # "by Black Friday 2027", "before Christmas"
    + r"|(?:the\s)?end\sof\s"
    + dates.MONTH_RE
    + r"(?:\s(?:19|20)[0-9]{2})?|next\syear|(?:next\s|this\s)?[QH][1-4](?:\s(?:20)?[0-9]{2})?"
    r"|[0-9]{4}-[01][0-9]-[0-3][0-9]|[0-3]?[0-9][/.][0-3]?[0-9][/.](?:19|20)[0-9]{2}"
    r"|(?:next\s|this\s|(?:early|mid|late)[\s-])?"
    + dates.MONTH_RE
    + r"\.?(?:\s[0-3]?[0-9](?:st|nd|rd|th)?)?(?:,?\s(?:19|20)[0-9]{2})?"
    r"|[0-3]?[0-9](?:st|nd|rd|th)?\s(?:of\s)?" + dates.MONTH_RE + r"(?:,?\s(?:19|20)[0-9]{2})?"
    r"|(?:19|20)[0-9]{2})\b"
    r"|\b(?:next|this|coming)\s" + dates.WEEKDAY_RE + r"\b"
    # "for the next 6 months", "over the coming year": how long the plan runs
    r"|\b(?:within|in|inside|(?:over|for|during)\s(?:the\s)?(?:next|coming))\s("
    + dates.NUMBER_RE
    + r"|a|an)[\s-](day|week|month|quarter|year)s?\b"
    r"|\b(" + dates.NUMBER_RE + r")[\s-](week|month|day)s?[\s-](?:plan|programme|program|"
    r"schedule|block|build|course|cycle|sprint)\b"
    r"|\b(next\s" + dates.MONTH_RE + r"|this\s" + dates.MONTH_RE + r"|next\s[QH][1-4]"
    r"|[QH][1-4]\s(?:19|20)[0-9]{2})\b"
    r"|\b(?:in|during)\s((?:(?:early|mid|late)[\s-])?"
    + dates.MONTH_RE
    + r"(?:\s(?:19|20)[0-9]{2})?|[QH][1-4])\b"
    # a season: "by next summer", "this spring", "in autumn 2027" (dates.season_end)
    r"|\b(?:(?:by|before|until|in|during|for)\s(?:the\s)?(?:(?:this|next)\s)?|(?:this|next)\s)"
    + dates.SEASON_RE
    + r"(?:\s(?:19|20)[0-9]{2})?\b"
    # one of them: "over the coming year", "for the next month"
    r"|\b(?:over|for|during)\sthe\s(?:next|coming)\s(?P<one>day|week|month|quarter|year)\b",
    re.I,
)
# A day that someone else's life starts on, in a goal that has its own day to be done by:
# "move by 31 January, the kids start their new school on 3 February" (found by a new
# user's trial: the move was planned for the children's first school day)
_THEIRS = re.compile(
    r"(?:^|[,;]\s*|\band\s)(?:the|my|our|his|her|their)\s[a-z]+(?:\s[a-z]+)?\s(?:starts?"
    r"|begins?|arrives?|returns?|comes?\sback|moves?\sin)\b[^,;.]*$",
    re.I,
)
_BY_ELSEWHERE = re.compile(r"\b(?:by|before)\s(?:the\s)?(?:end\sof\s)?[0-9A-Z]")
_START = re.compile(
    r"\b(?:start(?:ing|s)?|begin(?:ning|s)?|from|kick(?:ing)?\soff"
    # "the electrician can only come in the week of 8 March" (a new user's trial: unread)
    r"|(?:come|comes|be\shere|be\son\ssite)\s(?:in\s|during\s)?(?:the\s)?week\s(?:of|beginning"
    r"|commencing|starting))\s(?:on\s|in\s)?(?:" + dates.WEEKDAY_RE + r",?\s)?"
    r"((?:next\s)?"
    + dates.MONTH_RE
    + r"\.?(?:\s[0-3]?[0-9](?:st|nd|rd|th)?)?(?:,?\s(?:19|20)[0-9]{2})?"
    r"|[0-3]?[0-9](?:st|nd|rd|th)?\s" + dates.MONTH_RE + r"(?:\s(?:19|20)[0-9]{2})?"
    r"|[0-9]{4}-[01][0-9]-[0-3][0-9])\b",
    re.I,
)

_STARTS_HERE = re.compile(r"^(?:start|begin|kick)", re.I)
_STARTING = re.compile(
    r"\b(?:start|starting|begin|beginning|kick\soff|resume|restart|build|building|work"
    r"|working)\b[^.;,]*$",
    re.I,
)

# What a start date belongs to when it is the day the plan works towards: "revise for my
# exams starting 8 June" (found by a user: the revision was scheduled after the exams).
# ... or a season or a market the work is ready for: "the market season starts on Saturday 3
# April" (a new user's trial: the stall's preparation started on its first market day)
# a start said as one: "our contractor can start on 11 January" (a new user's trial: the
# conversion was due then, its works all in December)
_EACH_PERIOD = re.compile(r"\b(?:a|per|each|every)\s(?:day|week|fortnight|month)\s$", re.I)


def phrase_in(m: re.Match[str]) -> bool:
    """A deadline said as "in …" or "during …" ("in January")."""
    return re.match(r"(?:in|during)\s", m.group(0), re.I) is not None


# (the goal's own thing starting, "the wedding starts on 25 September", is its day)
_STARTS_THEN = re.compile(
    r"\b(?:can|could|will|able\sto|free\sto)\s(?:only\s|now\s)*(?:start|begin)\s$", re.I
)
_WHAT_IS_DUE = re.compile(
    r"\b(?:exams?|tests?|finals|assessments?|exam\sseason|season|markets?|festival|fair)\s*$",
    re.I,
)
# ... and so is the day releases begin: "10 episodes, released every Tuesday from 6 April"
# is a launch on 6 April (found as a user: the plan started in April and launched in July)
_RELEASED_FROM = re.compile(
    r"\b(?:released?|releasing|published|publishing|go(?:es|ing)?\slive|airing|aired"
    r"|coming\sout|going\sout)\b[^.;:,]{0,30}$",
    re.I,
)


# A reviewer moving the day by an amount: "postpone it by two weeks", "push the launch back
# 10 days", "bring it forward by a month", "make it a week later". Read as a deadline with
# no day of its own (``unit`` "shift", ``number`` the days, + later or - sooner); the
# gathering moves the deadline that held before it (extract.gather).
SHIFT = "shift"
_LATER = re.compile(
    r"\b(?:postpone[ds]?|delay(?:ed|s)?|push(?:ed|es)?|move[ds]?|shift(?:ed|s)?|put)"
    r"(?:\s(?:it|this|that|everything|(?:the|our)\s[a-z]{2,20}))?\s(?:back\s|out\s)?(?:by\s)?"
    rf"({dates.NUMBER_RE}|a|an)[\s-](day|week|month)s?\b(?!\s(?:before|earlier|sooner))"
    r"|\b(?:make|have)\s(?:it|the\s[a-z]{2,20})\s"
    rf"({dates.NUMBER_RE}|a|an)[\s-](day|week|month)s?\slater\b",
    re.I,
)
_SOONER = re.compile(
    r"\b(?:bring|brought|move[ds]?|pull(?:ed|s)?)(?:\s(?:it|this|everything|(?:the|our)\s"
    r"[a-z]{2,20}))?\s(?:forward|earlier|in)\s(?:by\s)?"
    rf"({dates.NUMBER_RE}|a|an)[\s-](day|week|month)s?\b"
    r"|\b(?:make|have)\s(?:it|the\s[a-z]{2,20})\s"
    rf"({dates.NUMBER_RE}|a|an)[\s-](day|week|month)s?\s(?:earlier|sooner)\b",
    re.I,
)
_DAYS = {"day": 1, "week": 7, "month": 30}


def _shifts(text: str, source: str) -> tuple[list[Constraint], list[range]]:
    out: list[Constraint] = []
    spans: list[range] = []
    for pattern, sign in ((_LATER, 1), (_SOONER, -1)):
        for m in pattern.finditer(text):
            amount = m.group(1) or m.group(3)
            unit = (m.group(2) or m.group(4)).lower()
            n = 1 if amount.lower() in ("a", "an") else dates.number(amount) or 0
            if n:
                days = sign * n * _DAYS[unit]
                out.append(
                    Constraint(
                        kind="deadline",
                        text=clean(m.group(0)),
                        source=source,
                        unit=SHIFT,
                        number=days,
                    )
                )
                spans.append(range(m.start(), m.end()))
    return out, spans


def shifted(moved: Constraint, held: Constraint | None) -> Constraint | None:
    """The deadline ``moved`` (a shift) makes of the one that ``held`` before it; None
    when no deadline held (there is no day to move)."""
    if held is None or held.when is None or moved.number is None:
        return None
    days = int(moved.number)
    if abs(days) % 30 == 0 and days:
        when = dates.add_months(held.when, days // 30)
    else:
        when = held.when + timedelta(days=days)
    return moved.model_copy(update={"when": when, "unit": "", "number": None})


def _read_ranges(text: str, source: str, start: date) -> tuple[list[Constraint], list[range]]:
    """Days of one month as an event's dates ("10-12 March"): the last is the deadline."""
    out: list[Constraint] = []
    spans: list[range] = []
    for m in dates.DAY_RANGE.finditer(text):
        found = dates.day_range(m.group(0), start)
        if found is not None and found[1] > start:
            out.append(
                Constraint(kind="deadline", text=clean(m.group(0)), source=source, when=found[1])
            )
            spans.append(range(m.start(), m.end()))
    return out, spans


# "before June 2027", "before next summer", "before Q3": a month, a season, a quarter or
# a half named without a day
_PERIOD = re.compile(
    rf"(?:before|in|during)\s(?:the\s)?(?:(?:this|next)\s)?(?:({dates.MONTH_RE})|{dates.SEASON_RE}"
    r"|Q[1-4]|(H[12]))(?:\s(?:20)?[0-9]{2})?",
    re.I,
)
# "before our trip to Madrid in June 2027": what comes in that month is after the work
_BEFORE_AN_EVENT = re.compile(
    r"\bbefore\s(?:our|my|the|their|his|her|your|a|an)\s(?:[\w'’-]+\s){1,6}$", re.I
)


def _ahead_of(text: str, at: int, phrase: str, when: date) -> tuple[str, date] | None:
    """A deadline before a month or a season, and the day before it begins: "before June
    2027" is 31 May (found as a user: "learn Spanish before our trip to Madrid in June
    2027" was planned to 30 June, after the trip); None for any other phrase."""
    said = phrase
    event = _BEFORE_AN_EVENT.search(text, max(0, at - 60), at)
    if event is not None and phrase.lower().startswith("in "):
        said = clean(text[event.start() : at] + phrase)
    elif not phrase.lower().startswith("before "):
        return None
    period = _PERIOD.fullmatch(phrase)
    if period is None:
        return None
    months = 1 if period.group(1) else 6 if period.group(2) else 3  # a season, a quarter: 3
    first = dates.add_months(when.replace(day=1), 1 - months)
    return said, first - timedelta(days=1)


def read_dates(text: str, source: str, start: date, said: Sequence[range] = ()) -> list[Constraint]:
    """Deadlines (in the order they are said: a shift moves the day said before it) and
    starts; ``said``: where the event's own days were read already."""
    ranges, spans = _read_ranges(text, source, start)
    moves, moved = _shifts(text, source)
    dated = [(r.start, c) for r, c in zip(spans, ranges, strict=True)]
    dated += [(r.start, c) for r, c in zip(moved, moves, strict=True)]
    spans += [*said, *moved]
    for m in _DEADLINE.finditer(text):
        if any(m.start() in span or m.end() - 1 in span for span in spans):
            continue  # part of a range read above
        before = text[max(0, m.start() - 12) : m.start()]
        if _FIRST_PERIOD.search(before) or re.search(r"\bthe\s+first\s*$", before, re.I):
            continue
        if _FIRST_OF_MANY.search(text, max(0, m.start() - 30), m.start()):
            continue  # "first supper in February 2027": when it begins, not when it ends
        if _UNAVAILABLE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "our developer is not free until January": when they can start
        if phrase_in(m) and _EACH_PERIOD.search(text, max(0, m.start() - 16), m.start()):
            continue  # "1 lesson a week in January": how often then, not the day it is due
        if _STARTS_THEN.search(text, max(0, m.start() - 24), m.start()):
            continue  # "Marco can start on 11 January": a start, read below, not a day due
        phrase = clean(m.group(0))
        bare = re.fullmatch(r"(?:in|during)\s(\w+)", phrase, re.I)
        if bare and bare.group(1).islower() and not re.fullmatch(dates.SEASON_RE, bare.group(1)):
            continue  # "in may", "in march": a month is written capitalised (a season is not)
        when = dates.resolve_date(phrase, start)
        if when is None and m.group(4):
            when = dates.after(start, dates.number(m.group(4)) or 0, m.group(5))
        elif when is None and m.group("one"):
            when = dates.after(start, 1, m.group("one"))
        if when is not None and (ahead := _ahead_of(text, m.start(), phrase, when)):
            phrase, when = ahead
        if _THEIRS.search(text, 0, m.start()) and _BY_ELSEWHERE.search(text):
            continue  # "by 31 January, the kids start their new school on 3 February"
        if dates.BANNED_BEFORE.search(text, 0, m.start()) and dates.for_a_while(text, m.start()):
            continue  # "no front crawl until 1 March": a ban's end, not the goal's day
        if when is not None and when > start:
            dated.append(
                (m.start(), Constraint(kind="deadline", text=phrase, source=source, when=when))
            )
        elif when is not None and _WHOLE_DATE.search(phrase):
            # a calendar day already past: said so, not silently dropped (found as a user)
            dated.append(
                (m.start(), Constraint(kind="passed", text=phrase, source=source, when=when))
            )
    starts: list[Constraint] = []
    for m in _START.finditer(text):
        if any(m.start() in span for span in spans):
            continue  # "from 2 August for 5 days": the event's first day, read above
        if (
            source != "goal"
            and not _STARTS_HERE.search(m.group(0))
            and not _STARTING.search(text, max(0, m.start() - 40), m.start())
            and not trade_before(text[: m.start()])  # "the electrician can come in the week of"
        ):
            # a reviewer's "from April" is someone's or something's, unless it starts the
            # work: "my sister joins to handle the stall from April" (found as a user: the
            # plan started in April), "start building from 20 January" does
            continue
        when = dates.resolve_date(m.group(1), start)
        if when is not None and (
            _WHAT_IS_DUE.search(text[max(0, m.start() - 24) : m.start()])
            or _RELEASED_FROM.search(text[max(0, m.start() - 50) : m.start()])
        ):
            # "exams starting 8 June": the day the work is for, not the day it starts
            if when > start:
                due = Constraint(kind="deadline", text=clean(m.group(0)), source=source, when=when)
                dated.append((m.start(), due))
            continue
        if when is not None:
            if re.fullmatch(
                r"(?:next\s)?" + dates.MONTH_RE + r"\.?(?:,?\s[0-9]{4})?", m.group(1), re.I
            ):
                when = when.replace(day=1)
            starts.append(
                Constraint(kind="start", text=clean(m.group(0)), source=source, when=when)
            )
    if (upto := _TO_MONTH.search(text)) and not any(c.kind == "deadline" for _, c in dated):
        when = dates.resolve_date(upto.group(1), start)
        if when is not None and when > start:
            said_as = f"to {upto.group(1)}"
            dated.append(
                (upto.start(1), Constraint(kind="deadline", text=said_as, source=source, when=when))
            )
    stretch = _FIRST_STRETCH.search(text) or _KEPT_UP.search(text)
    if stretch and not any(c.kind == "deadline" for _, c in dated):
        # from the day it starts, if one is said ("starting January 2027")
        begin = (
            next((c.when for c in starts if c.when), None) or first_of_many(text, start) or start
        )
        n = dates.number(stretch.group(2)) if stretch.group(2) else 1
        whole = re.search(r"\bin\s((?:19|20)[0-9]{2})\b", text)  # "12 meetings in 2027"
        if n and whole and stretch.group(3).lower() == "year" and n == 1:
            when = date(int(whole.group(1)), 12, 31)  # the calendar year said (a trial's)
            dated.append((stretch.start(), Constraint(kind="deadline", text=clean(
                stretch.group(1)), source=source, when=when)))  # fmt: skip
        elif n:
            when = dates.after(begin, n, stretch.group(3)) - timedelta(days=1)
            said_as = clean(stretch.group(1))
            first = Constraint(kind="deadline", text=said_as, source=source, when=when)
            dated.append((stretch.start(), first))
    if not any(c.kind == "deadline" for _, c in dated):
        # a calendar day said alone ("my first marathon (Berlin, 26 September 2027)"): the
        # day the goal is for (found as a user: 12 weeks were assumed instead)
        said = [*spans, *(range(m.start(), m.end()) for m in _START.finditer(text))]
        for m in _WHOLE_DATE.finditer(text):
            when = dates.resolve_date(m.group(0), start)
            if when is not None and when > start and not any(m.start() in r for r in said):
                due = Constraint(kind="deadline", text=clean(m.group(0)), source=source, when=when)
                dated.append((m.start(), due))
                break
    return [c for _, c in sorted(dated, key=lambda placed: placed[0])] + starts


def first_of_many(text: str, start: date) -> date | None:
    """The day the first of things that recur is said to be ("first supper in February
    2027": 1 February; "first walk on 3 January"), if said: what "for a year" counts from,
    and a club's first meeting (meetings.py)."""
    for m in _DEADLINE.finditer(text):
        if _FIRST_OF_MANY.search(text, max(0, m.start() - 30), m.start()):
            when = dates.resolve_date(clean(m.group(0)), start)
            if when is not None and when > start:
                dated = re.search(r"[0-9]{1,2}\s[A-Za-z]", m.group(0))
                return when if dated else when.replace(day=1)
    return None
