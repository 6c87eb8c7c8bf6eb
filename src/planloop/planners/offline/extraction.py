"""Data point extraction: money, percentages, durations, dates, counts and named constraints.

Every pattern is linear-time by construction: quantifiers are bounded, alternatives inside a
repetition are disjoint single characters, and numeric patterns may only start where a number
starts (a look-behind), so junk input cannot trigger catastrophic backtracking. Extraction
never raises on any text: unicode, NUL bytes and empty strings simply yield fewer points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from planloop.constraints import dates
from planloop.constraints.hires import ROLES, hired
from planloop.constraints.outlays import cap_subject
from planloop.constraints.quantities import GUEST_LIST, a_version, outage_said
from planloop.constraints.ratios import PER
from planloop.constraints.setting import length_spans, notice_spans
from planloop.domain import DataPoint
from planloop.planners.offline.labels import count_label, date_label, money_label, percent_label
from planloop.terms import clean

MAX_TEXT = 100_000  # longer text is read up to here; real goals and feedback are far shorter
_MAX_MATCHES = 200  # per kind and call: a bound on work for junk input, far above real text

# a whole number, never its first digits: "$99999999999999999999" is not "$999999999999"
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,15})(?:\.[0-9]{1,4})?(?![0-9])"
_SCALE = r"(?:k|m|mm|bn|b|thousand|million|billion)\b"
_CODE = r"(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|dollars?|euros?)\b"
_MONEY = re.compile(
    rf"(?:US|CA|A)?[$€£¥]\s?{_NUM}(?:\s?{_SCALE})?(?:\s?{_CODE})?"
    rf"|(?<![\w.,]){_NUM}(?:\s?{_SCALE})?\s?{_CODE}"
    rf"|\b(?:USD|EUR|GBP)\s?{_NUM}(?:\s?{_SCALE})?",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    r"(?<![\w.,])[0-9]{1,3}(?:\.[0-9]{1,3})?\s?(?:%|percent\b|per\s?cent\b|pct\b)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
}
_UNIT_DAYS = {"hour": 1, "day": 1, "week": 7, "sprint": 14, "month": 30, "quarter": 91, "year": 365}
_DURATION = re.compile(
    rf"(?<![\w.,])(?:[0-9]{{1,4}}(?:\.[0-9])?[\s-]?|(?:{'|'.join(_NUMBER_WORDS)})[\s-])"
    r"(?:business\s|working\s|calendar\s)?(?:hour|day|week|sprint|month|quarter|year)s?\b",
    re.IGNORECASE,
)
# A time on the clock a goal aims at: "under 3 hours 45 minutes", "in 1 hour 50 minutes",
# "sub 25 minutes" (found by a new user's trial: the marathon was "measured by 45 minutes")
_CLOCK_TIME = re.compile(
    r"(?<![\w.,])(?:[0-9]{1,2}\s?(?:hours?|hrs?|h)\s(?:and\s)?[0-9]{1,2}\s?(?:minutes?|mins?)"
    r"|[0-9]{1,3}\s?(?:minutes?|mins?)(?:\s(?:and\s)?[0-9]{1,2}\s?(?:seconds?|secs?))?"
    # "sub-3:30", "aim for 3:45 instead" (found by a new user's trial: read as "45 instead")
    r"|(?<=[\s-])[0-9]{1,2}:[0-5][0-9](?::[0-5][0-9])?(?![0-9:]|\s?(?:am|pm)\b))\b",
    re.I,
)
_RANGE_START = re.compile(r"\b([0-3]?[0-9])\s?[-–]\s?$")
_GIVEN_EACH = re.compile(
    r"\s(?:a|per|each|every)\s(?:day|week|night|evening|morning|session)\b|\sdaily\b", re.I
)
_EACH_PERIOD = re.compile(r"\s(?:a|per|each|every)\s(?:day|week|fortnight|month)\b", re.I)
_MOCK_WORDS = frozenset({"practice", "mock", "timed", "full"})
_MOCK_AFTER = re.compile(r"\s(?:exams?|tests?|papers?|runs?)\b", re.I)
_OF_EACH_PERIOD = re.compile(
    r"\s(?:a|per|each|every)\s(?:week|fortnight|month)\b|\s(?:of|in)\s(?:each|every|the)\s"
    r"(?:week|month)\b",
    re.I,
)
_AIMED = re.compile(
    r"\b(?:under|sub|below|within|in|faster\sthan|beat|break|aim(?:ing)?\sfor|target(?:ing)?)"
    r"[\s-]$",
    re.I,
)
# ... of a whole number of hours: only words that aim (not "in" or "within", which give
# a plan's time)
_AIMED_HOURS = re.compile(r"\b(?:under|sub|below|faster\sthan|beat|break)[\s-]$", re.I)
_NO_LONGER_THAN = re.compile(
    r"\b(?:no|without|never)\s[\w\s'-]{0,40}?\b(?:over|above|beyond|(?:more|longer)\sthan)\s$",
    re.I,
)
_LENGTH_OF = re.compile(
    r"\s(?:[a-z-]{2,20}\s)?(?:hackathon|conference|festival|workshop|retreat|offsite|summit"
    r"|event|fair|expo|camp|course|trip|tour|seminar|symposium|tournament|bootcamp)s?\b",
    re.IGNORECASE,
)


# A stay somewhere named: "a week in Rome", "10 days in Japan" (case-sensitive: a place).
_STAY_LENGTH = re.compile(
    r"\b((?:a|one|two|three|four|[0-9]{1,2})\s(?:weeks?|days))\s(?:in|at|on)\s(?:the\s)?[A-Z]"
)


def event_length(text: str) -> str | None:
    """How long the event ``text`` is about lasts, as written ("two-week" in "a two-week
    trip", "3-day" in "a 3-day hackathon", "a week" in "a week in Rome"); None when it
    does not say."""
    for m in islice(_DURATION.finditer(text), _MAX_MATCHES):
        if _LENGTH_OF.match(text, m.end()):
            return m.group(0)
    stay = _STAY_LENGTH.search(text)
    return stay.group(1) if stay else None


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE = re.compile(
    r"\b[0-9]{4}-[01][0-9]-[0-3][0-9]\b"
    rf"|\b(?:{_MONTHS})\.?\s[0-3]?[0-9](?:st|nd|rd|th)?(?:,?\s[0-9]{{4}})?\b"
    rf"|\b[0-3]?[0-9](?:st|nd|rd|th)?\s(?:{_MONTHS})\.?(?:,?\s[0-9]{{4}})?\b"
    rf"|\b(?:{_MONTHS})\.?,?\s[0-9]{{4}}\b"
    r"|\b(?:Q[1-4]|H[12])(?:\s?(?:FY)?'?[0-9]{2,4})?\b"
    # "by Friday" is a date; "on Saturday 6 March 2027" is the date that follows it
    rf"|\b(?i:by|before|until|on)\s(?:{_WEEKDAYS})\b(?!,?\s(?:[0-3]?[0-9]|{_MONTHS}))"
    r"|\b(?i:by|before|until|in|from)\s(?:19|20)[0-9]{2}\b(?![-/][0-9])"
)
_LEADING_PREPOSITION = re.compile(r"^(?:by|before|until|on|in|from)\s", re.IGNORECASE)
_HEAD_AFTER = re.compile(
    r"\s(?:projects?|pieces?|episodes?|posts?|videos?|articles?|samples?|case\sstudies|apps?"
    r"|websites?|items?|designs?|prototypes?)\b",
    re.I,
)
_NAMED_BEFORE = re.compile(r"\b[A-Z][\w-]+\s$")  # a capitalised word just before the number
_OLD_AFTER = re.compile(r"[\s-]?old\b", re.I)  # "10 week old", "a 3-year-old"
# "our 3-person team", "a four-strong crew": the team's size (a page trial's: "no team named")
_N_PERSON_TEAM = re.compile(
    rf"(?<![\w.])(?:[0-9]{{1,4}}|{dates.NUMBER_RE})-(?:person|people|strong|member)"
    r"\s(?:team|crew|squad)\b",
    re.I,
)
_PER_BEFORE = re.compile(rf"\b{PER}\s$", re.I)
# ... but "2 lessons per week" is how often
_PER_AFTER = re.compile(rf"\s{PER}\s(?!(?:day|week|fortnight|month|year)\b)", re.I)
_RELATIVE_AFTER = re.compile(
    r"\s(?:before(?:hand)?|ahead|earlier|prior|in\sadvance|after(?:wards)?|later)\b", re.I
)
_COUNT = re.compile(
    r"(?<![\w.,$€£¥/-])(?:[0-9]{1,3}(?:,[0-9]{3}){1,3}|[0-9]{1,7})\+?\s"
    r"(?:(?:new|more|additional|extra|full-time|part-time|active|paying|senior|junior|local"
    r"|retail|physical|monthly|weekly|daily|qualified|enterprise|small|large|paid|existing"
    r"|returning|regular|first-time|free|trial|older|elderly|young|younger|little|happy"
    r"|hungry|lucky|keen|eager|friendly|experienced|willing|real|trusted|loyal)\s){0,2}"
    r"([^\W\d_]{2,30}(?:-[^\W\d_]{2,30})?)"
    # "40 small-business owners", "12 team members", "10 dog walkers" (found as a user:
    # "10 friendly dog walkers" measured as "friendly: 10 friendly"): the noun, whole
    r"(?:\s(?:members|mates|leads|owners|founders|holders|makers|leaders|walkers|users|riders"
    r"|runners|testers|drivers|players))?",
)
_CONSTRAINT = re.compile(
    r"\b(must(?:\s{1,3}not|n't)?|without|no\s{1,3}more\s{1,3}than|at\s{1,3}most|at\s{1,3}least"
    r"|under(?=\s{1,3}[$€£¥0-9])|within|budget\s{1,3}of|deadline(?:\s{1,3}(?:of|is))?:?)"
    r"\s{1,3}((?:[^.;!?,\n\r]|[.,](?=[0-9])){2,80})",
    re.IGNORECASE,
)
_AWAY = re.compile(r"\s(?:of|from)\s|\s(?:drive|walk|away|by\s(?:car|train|bus))\b", re.I)
# "without stopping", "without a break": how a thing is done, not a limit on it
_HOW = re.compile(r"(?:stopping|a\s(?:break|rest|pause)|breaks|rests|walking|help)\b", re.I)
_ROLE_AFTER = re.compile(rf"(?:\s[a-z]{{2,20}}){{0,2}}?\s{ROLES}\b")
# not after a hyphen left hanging: "nut- and gluten-free" is one limit
_CLAUSE_END = re.compile(r"(?<!-)\s(?:and|but|or|so|while|because|which|then|unless|if)\s", re.I)
_QUANTITY_END = re.compile(r"\s(?:with|for|to|by|in|on|at|from|across)\s", re.IGNORECASE)


def _constraint_value(trigger: str, phrase: str, hit_limit: bool) -> str:
    """The constraint as written, cut at the end of its clause ("" when nothing is left)."""
    cut = _CLAUSE_END.split(phrase, maxsplit=1)[0]
    if not trigger.lower().startswith(("must", "without", "deadline")):
        cut = _QUANTITY_END.split(cut, maxsplit=1)[0]  # "within 6 months | with a budget"
    elif hit_limit and cut == phrase and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.strip(" '\"()[]-–—:")
    if trigger.lower().startswith("must") and _IS_A_DATE.fullmatch(cut):
        return ""  # "must be 10-12 March" is a date, read as the deadline
    return clean(f"{trigger} {cut}") if len(cut) >= 2 else ""


_IS_A_DATE = re.compile(
    r"(?:be|happen|take\splace|run|end|finish)\s(?:on\s|in\s|by\s|the\s)*(?:"
    + dates.DAY_RANGE.pattern
    + r"|[0-3]?[0-9](?:st|nd|rd|th)?\s(?:of\s)?"
    + dates.MONTH_RE
    + r"(?:\s[0-9]{4})?|"
    + dates.MONTH_RE
    + r"(?:\s[0-3]?[0-9](?:st|nd|rd|th)?)?(?:,?\s[0-9]{4})?)",
    re.I,
)


def extract_data_points(text: str, source: str) -> list[DataPoint]:
    """Find the data points in ``text``, each labelled and tagged with ``source``.

    Results are in order of appearance and de-duplicated by ``(label, value)`` ignoring case.
    """
    if not text:
        return []
    text = text[:MAX_TEXT].replace("\x00", " ")
    found: dict[tuple[str, str], tuple[int, int, str, str]] = {}
    taken = bytearray(len(text))  # characters already inside a numeric data point

    def free(m: re.Match[str]) -> bool:
        return not any(taken[m.start() : m.end()])

    def keep(start: int, order: int, label: str, value: str) -> None:
        value = clean(value)
        key = (label.lower(), value.lower())
        if key not in found or found[key][:2] > (start, order):
            found[key] = (start, order, label, value)

    def add(m: re.Match[str], order: int, label: str, value: str) -> None:
        keep(m.start(), order, label, value)
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    for m in islice(_MONEY.finditer(text), _MAX_MATCHES):
        add(m, 0, money_label(text, m.start(), m.end()), m.group(0))
    for m in islice(_PERCENT.finditer(text), _MAX_MATCHES):
        if free(m):
            add(m, 1, percent_label(text, m.start()), m.group(0))
    for m in islice(_DATE.finditer(text), _MAX_MATCHES):
        if free(m) and not dates.no_such_day(m.group(0)):  # "31 February": no date to record
            value = _LEADING_PREPOSITION.sub("", m.group(0))
            said_as = date_label(text, m.start(), m.group(0))
            # a time away by its whole range, "1-7 February 2027" (found by a new user's
            # trial: "time away 7 February 2027")
            if said_as == "time away" and (first := _RANGE_START.search(text, 0, m.start())):
                value = f"{first.group(1)}-{value}"
            add(m, 2, said_as, value)
    for m in islice(_CLOCK_TIME.finditer(text), _MAX_MATCHES):
        if free(m) and (outage := outage_said(text, m.start(), m.end())):
            add(m, 3, "limit", outage)  # "less than 10 minutes of downtime": a cap
        elif free(m):
            aimed = _AIMED.search(text, max(0, m.start() - 14), m.start())
            # "within 30 minutes of Bath": how far a place is (a trial's: "finish time")
            aimed = aimed if not _AWAY.match(text, m.end()) else None
            given = _GIVEN_EACH.match(text, m.end())  # "30 minutes a day": time given to it
            add(m, 3, "effort" if given else "target time" if aimed else "time", m.group(0))
    lasting, notices = length_spans(text), notice_spans(text)
    for m in islice(_DURATION.finditer(text), _MAX_MATCHES):
        if free(m):
            # "a 3-day hackathon", "make it 3 days": how long the event lasts, not how long
            # the plan has; "no flights over 3 hours": a limit on something, not the plan's
            # time either; "our notice period is two months": when notice is given
            if outage := outage_said(text, m.start(), m.end()):
                add(m, 3, "limit", outage)  # "at most 2 hours of downtime": a cap
                continue
            if _RELATIVE_AFTER.match(text, m.end()):
                # "a rehearsal two weeks before": when one thing comes against another,
                # not the plan's time (a page trial's: "The two weeks timeline slips")
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                continue
            if _OLD_AFTER.match(text, m.end()):
                # "a 10 week old puppy": an age, no timeline (a re-run: "The 10 week
                # timeline slips")
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                continue
            length = _LENGTH_OF.match(text, m.end()) or any(m.start() in r for r in lasting)
            bound = _NO_LONGER_THAN.search(text, max(0, m.start() - 60), m.start())
            notice = any(m.start() in r for r in notices)
            kind = "event length" if length else "notice period" if notice else ""
            if not kind and (each := _OF_EACH_PERIOD.match(text, m.end())):
                # "3 days a week", "the last 3 working days of each month": how often, not
                # how long (found as a user: "The 3 days timeline slips" was a risk)
                add(m, 3, "frequency", m.group(0) + each.group(0))
                continue
            # "a half marathon in under 2 hours": a time aimed at (a new user's trial: it was
            # the effort given), never a plan's length ("within 2 weeks")
            aimed = _AIMED_HOURS.search(text, max(0, m.start() - 14), m.start())
            if not kind and aimed and "hour" in m.group(0).lower():
                # "under 4 hours", as "sub-4-hour" means (a trial's: "finish time: 4-hour")
                n, _, unit = m.group(0).replace("-", " ").partition(" ")
                add(m, 3, "target time", f"under {n} {unit.rstrip('s')}{'' if n == '1' else 's'}")
                continue
            add(m, 3, kind or ("limit" if bound else "timeline"), m.group(0))
    for m in islice(_N_PERSON_TEAM.finditer(text), _MAX_MATCHES):
        if free(m):
            add(m, 4, "team size", m.group(0))
    for m in islice(_COUNT.finditer(text), _MAX_MATCHES):
        if _PER_BEFORE.search(text, max(0, m.start() - 16), m.start()) or _PER_AFTER.match(
            text, m.end()
        ):
            continue  # "one marshal per 50 runners": a ratio's, not a count of the plan's
        if (
            _NAMED_BEFORE.search(text, max(0, m.start() - 20), m.start())
            and m.group(1)[:1].isupper()
        ) or a_version(text, m.start(), m.group(0).split()[0].rstrip("+"), m.group(1)):
            continue  # "Microsoft 365 Business", "PostgreSQL 13 database": a product's name
        label = count_label(m.group(1), m.group(0))
        role = _ROLE_AFTER.match(text, m.end())  # "2 customer success managers": people
        # "hire 3 engineers": who is hired, not who does the work
        hires = hired(text, m.start(), role.end() if role else m.end())
        if label == "team size" and hires:
            label = "hires"
        if label and free(m):
            if role and label not in ("team size", "hires"):
                keep(m.start(), 4, "hires" if hires else "team size", m.group(0) + role.group(0))
                taken[m.start() : role.end()] = b"\x01" * (role.end() - m.start())
                continue
            if (mock := _MOCK_AFTER.match(text, m.end())) and m.group(1).lower() in _MOCK_WORDS:
                # "2 practice exams": trials before the day, no measure of it (found by a
                # third new user's trial: "measured by 2 practice")
                add(m, 4, "mock exams", m.group(0) + mock.group(0))
                continue
            if label == "count" and (each := _EACH_PERIOD.match(text, m.end())):
                # "2 lessons a week": how often, not how many (found as a user: a driving
                # plan was "measured by 2 lessons")
                add(m, 4, "frequency", m.group(0) + each.group(0))
                continue
            # "3 portfolio projects", not "3 portfolio" (a new user's trial: "measured by 3
            # portfolio")
            head = _HEAD_AFTER.match(text, m.end()) if label == "count" else None
            add(m, 4, label, m.group(0) + (head.group(0) if head else ""))
    for m in islice(GUEST_LIST.finditer(text), _MAX_MATCHES):  # "the guest list is now 75"
        if free(m):
            add(m, 4, "audience", f"{m.group(1)} guests")
    pos = 0
    for _ in range(_MAX_MATCHES):
        c = _CONSTRAINT.search(text, pos)
        if c is None:
            break
        phrase = c.group(2)
        if c.group(1).lower() == "without" and _HOW.match(phrase):
            pos = c.end(1)  # "swim 400 m without stopping": how, no constraint (a trial's)
            continue
        stated = _constraint_value(c.group(1), phrase, hit_limit=len(phrase) >= 80)
        # the amount opens the phrase ("under £3k") or follows its verb ("must stay under
        # £1,200"): either way, the thing it caps is named before the constraint
        capped = _MONEY.match(text, c.start(2)) or _MONEY.search(text, c.start(2), c.end(2))
        if stated and capped and (subject := cap_subject(text, capped.start(), capped.end())):
            keep(c.start(), 5, "constraint", f"{subject} {stated}")  # "catering under £3k"
        elif stated:
            keep(c.start(), 5, "constraint", stated)
        # continue right after what was kept, so "within 6 months with a budget of $2M"
        # also yields "budget of $2M"
        pos = max(c.start(2), c.start() + len(stated)) if stated else c.end()

    ordered = sorted(found.values())
    return [DataPoint(label=label, value=value, source=source) for _, _, label, value in ordered]


def merge_new(existing: Iterable[DataPoint], found: Iterable[DataPoint]) -> list[DataPoint]:
    """The points of ``found`` whose ``(label, value)`` key is in neither ``existing`` nor
    earlier in ``found``; order is kept."""
    seen = {dp.key() for dp in existing}
    fresh: list[DataPoint] = []
    for dp in found:
        if dp.key() not in seen:
            seen.add(dp.key())
            fresh.append(dp)
    return fresh


def duration_days(value: str) -> int | None:
    """Calendar days in a duration such as ``6 weeks`` or ``three months``; None if unknown."""
    m = re.match(r"\s*([0-9]{1,4}(?:\.[0-9])?|[A-Za-z]+)[\s-]*", value)
    unit = re.search(r"(hour|day|week|sprint|month|quarter|year)", value, re.IGNORECASE)
    if not m or not unit:
        return None
    raw = m.group(1).lower()
    number = float(raw) if raw[0].isdigit() else float(_NUMBER_WORDS.get(raw, 0))
    if number <= 0:
        return None
    days = number * _UNIT_DAYS[unit.group(1).lower()]
    if unit.group(1).lower() == "hour":
        days = number / 8  # working hours
    return max(1, round(days))
