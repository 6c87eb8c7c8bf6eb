"""Reading quantities out of text: a number with a unit ("120 guests", "a 10 km run",
"3 mock tests"), and whether it was said to change one said before ("the guest list is
now 25 kids")."""

from __future__ import annotations

import re

from planloop.constraints import dates
from planloop.constraints.amounts import singular
from planloop.constraints.model import Constraint
from planloop.terms import clean

_QUANTITY_UNITS = {
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "mile": "mile",
    "guest": "guest",
    "attendee": "attendee",
    "participant": "participant",
    "person": "person",
    "people": "person",
    "cover": "cover",
    "seat": "seat",
    "table": "table",
    "user": "user",
    "customer": "customer",
    "store": "store",
    "shop": "store",
    "location": "location",
    "site": "site",
    "session": "session",
    "lesson": "lesson",
    "chapter": "chapter",
    "exam": "exam",
    "service": "service",
    "module": "module",
    "database": "database",
    "team": "team",
    "week": "week",
    "month": "month",
    "day": "day",
    "hour": "hour",
    "kg": "kg",
    "room": "room",
    "class": "class",
    "workshop": "workshop",
    "episode": "episode",
    "meeting": "meeting",
    "stall": "stall",
    "pitch": "pitch",
    "visitor": "visitor",
    "vendor": "vendor",
    "trader": "trader",
    "exhibitor": "exhibitor",
    "member": "member",
    "kid": "child",
    "child": "child",
    "children": "child",
    "minute": "minute",
    "word": "word",  # a draft's length, or a writer's pace ("500 words a day")
    "runner": "runner",
    "rider": "rider",
    "swimmer": "swimmer",
    "walker": "walker",
    "player": "player",
    "entrant": "entrant",
    "student": "student",
    "pupil": "pupil",
    "teenager": "teenager",
    "delegate": "delegate",
}
_QUANTITY = re.compile(
    r"(?<![\w$€£.,])([0-9]{1,3}(?:,[0-9]{3}){1,2}|[0-9]{1,6}(?:\.[0-9])?)[\s-]?"
    # an adjective may come between ("12 hungry guests"), but not a unit: "a 3-day team
    # offsite" lasts 3 days, it has no 3 teams
    # ... or two ("60 computer science students", a new user's trial: not counted)
    r"((?:(?!(?:days?|weeks?|months?|hours?|minutes?|km|person|people|and|or|of|to|in|at|for)\s)[a-z-]{2,20}\s){0,2})"
    r"(km|kilomet(?:re|er)s?|miles?|guests?|attendees?|participants?|people"
    r"|persons?|covers?|seats?|tables?|users?|customers?|stores?|shops?|locations?|sites?"
    r"|sessions?|lessons?|chapters?|exams?|services?|modules?|databases?|teams?|weeks?|months?"
    r"|days?|hours?|kg|rooms?|class(?:es)?|workshops?|episodes?|meetings?|stalls?|pitch(?:es)?"
    r"|visitors?"
    r"|vendors?|traders?|exhibitors?|members?|kids?|child(?:ren)?|minutes?"
    r"|runners?|riders?|swimmers?|walkers?|players?|entrants?|words?|students?|pupils?|teenagers?"
    r"|delegates?)\b",
    re.I,
)
# "the guest list is now 75": guests counted without the word after the number
GUEST_LIST = re.compile(
    # "head count is now 85 not 60" too (a fifth trial's: read as nothing)
    r"\b(?:guest\s+list|head[\s-]?count|guest\s+numbers?)\s+(?:is\s+|of\s+|at\s+|goes\s+to\s+"
    r"|grows\s+to\s+|has\s+gone\s+up\s+to\s+)?(?:now\s+)?"
    r"(?:about\s+|around\s+)?([0-9]{1,3}(?:,[0-9]{3})?|[0-9]{1,5})\b(\s+now\b)?"
    r"(?![\s-]*(?:%|(?!not\b|instead\b|now\b|people\b|guests\b)[a-z]))",
    re.I,
)
# Words that say a count changes one said before: right before it ("the guest list is now
# 25 kids", "make it 30 guests") or right after it ("25 kids instead", "25 kids, not 20").
# Not any "now" in the clause: "we now know 3 kids are vegetarian" changes no head count.
_CHANGED_TO = re.compile(
    r"(?:\bnow(?:\s+(?:inviting|expecting|having|hosting|planning\s+for|catering\s+for))?|\bmake\s+it|\bchanged?\s+(?:it\s+)?to|\brevised\s+to|\bmore\s+like"
    # "cut it to 80 riders", "reduce it to 40", "increase it to 60" (a second new user's
    # trial: the 120 riders stayed)
    r"|\b(?:cut|reduce|lower|drop|increase|raise|bring)(?:d)?\s+(?:it\s+|that\s+|this\s+"
    # or what is cut: "cut downtime to 2 hours" (a new user's trial: 4 hours stayed)
    r"|(?:the\s+)?[a-z]+\s+)?(?:down\s+|up\s+|back\s+)?to"
    r"|\b(?:gone|went)\s+(?:up|down)\s+to|\b(?:grown|grew|grows|risen|rose|rises|fallen|fell"
    r"|falls|dropped|drops)\s+to)\s+(?:about\s+|around\s+|roughly\s+)?"
    # another count said first: "we're now 2 adults and 2 kids"
    r"(?:[0-9]{1,4}\s+[a-z]+(?:,\s+|\s+and\s+))?$",
    re.I,
)
_A_PERIOD = r"\s*(?:(?:a|per|each)\s+(?:day|week|month)\s+)?"
_INSTEAD = re.compile(_A_PERIOD + r"(?:instead\b|,?\s*not\s+[0-9]|rather\s+than\b)", re.I)
# ... "only 8 people now", "4 hours a week now", said after the goal (a new user's trial: the
# 8 were added to the team); in the goal itself "I'm 82 kg now" is how things are
_NOW = re.compile(_A_PERIOD + r"now\b", re.I)


# ... and "I can only train 3 days a week", "we can only manage 2 evenings" (a thirteenth
# trial's: recorded, and the schedule kept its 4 sessions a week)
_ONLY = re.compile(
    r"\b(?:can|could)\s+only\s+(?:[a-z]+\s+){0,2}$|\bonly\s+(?:have|manage|get)\s+$", re.I
)


def changes(text: str, start: int, end: int, *, later: bool = True) -> bool:
    """Whether the quantity at ``text[start:end]`` was said to change an earlier count;
    ``later``: the text is said after the goal, where "… now" and "can only …" change one."""
    if _CHANGED_TO.search(text, max(0, start - 30), start) or _INSTEAD.match(text, end):
        return True
    if later and _ONLY.search(text, max(0, start - 40), start):
        return True
    return later and _NOW.match(text, end) is not None


_PER_WEEK = re.compile(r"\s*(?:a|per|each|every)\s+week\b|\s*weekly\b", re.I)
_LONG_RUN = re.compile(r"\blong(?:est)?\s+runs?\b(?:\s+\w+){0,3}\s*$", re.I)
_ONE_RUN = re.compile(r"\b(?:run|ran|running|jog|jogging|do|manage)\s*$", re.I)
_IN_ONE_GO = re.compile(r"\s*(?:in\s+one\s+go|non-?stop|without\s+stopping)\b", re.I)


# Time given to the work per day or per week: "30 minutes a day", "6 hours a week"
_PER_DAY = re.compile(r"\s*(?:a|per|each|every)\s+(?:day|night|evening|morning)\b|\s*daily\b", re.I)


# ... or on the days said: "1 hour on weekday evenings", "1,000 words on weekdays" are each
# day's (found by a new user's trial: "1 hours a week", and 2,150 words a week)
_ON_DAYS = re.compile(
    r"\s*(?:on|every|each)\s+(?:weekday|weekend|week\s?night|school\s?night|(?:mon|tues|wednes|thurs|fri"
    r"|satur|sun)day)s?(?:\s+(?:evening|morning|night|afternoon|lunchtime)s?)?\b",
    re.I,
)


def days_said(text: str, end: int) -> str:
    """ "weekend" or "weekday" when a time per day is said of those days ("5 hours on
    weekends", "2 hours on school nights"), else "" (a new user's trial: 5 hours a day every
    day, 30 hours a week, for 2 on school nights and 5 at weekends)."""
    m = _ON_DAYS.match(text[end : end + 40])
    if m is None:
        return ""
    said = m.group(0).lower()
    if "weekend" in said:
        return "weekend"
    return "weekday" if re.search(r"weekday|week\s?night|school\s?night", said) else ""


def _time_scope(text: str, end: int) -> str:
    after = text[end : end + 40]
    if _PER_DAY.match(after) or _ON_DAYS.match(after):
        return "day"
    return "week" if _PER_WEEK.match(after) else ""


# How often something countable is had: "2 lessons a week", "one class a month"
_EACH = re.compile(
    r"\s*(?:a|per|each|every)\s+(day|week|month)\b|\s*(daily|weekly|monthly)\b", re.I
)
_HAD_EACH = frozenset({"lesson", "session", "class", "workshop", "episode", "word"})


def _each_scope(text: str, end: int) -> str:
    m = _EACH.match(text, end)
    if m is None:
        return "day" if _ON_DAYS.match(text, end) else ""
    return m.group(1).lower() if m.group(1) else _PERIOD_OF[m.group(2).lower()]


_PERIOD_OF = {"daily": "day", "weekly": "week", "monthly": "month"}


# "peak weekly distance must not exceed 70 km", "at most 60 km a week": the most a week
_PEAK = re.compile(
    r"\b(?:peak|max(?:imum)?|at\smost|no\smore\sthan|not\s(?:go\s)?(?:exceed|over|above"
    r"|more\sthan)|never\smore\sthan|cap(?:ped)?(?:\sat)?)\b[^.;]{0,30}$",
    re.I,
)


def _distance_scope(text: str, start: int, end: int) -> str:
    after = text[end : end + 24]
    before = text[max(0, start - 40) : start]
    if _LONG_RUN.search(before):
        return "long run"
    if _PEAK.search(before):
        return "peak"
    if _PER_WEEK.match(after):
        return "week"
    if _ONE_RUN.search(before) or _IN_ONE_GO.match(after):
        return "run"
    return ""


# "two full practice exams", "3 mock tests", "three practice conversations": how many mock
# exams or practice runs a study plan has (found as a user: asked for two, it had one).
_MOCKS = re.compile(
    rf"\b({dates.NUMBER_RE}|a|an|one)\s(?:full\s|timed\s|complete\s|real\s)?"
    r"(?:practice|mock)\s(?:exams?|tests?|papers?|conversations?|runs?)\b",
    re.I,
)


# a weight one has now, not one to lose: "I'm 82 kg now" (a new user's trial: the plan was
# to lose 82 kg); its scope is NOW
NOW = "now"
_WEIGHS_NOW = re.compile(
    r"\b(?:I['’]m|I\sam|I\sweigh|weighing|currently|at)\s(?:about\s|around\s)?$", re.I
)


# a name's version or model before a singular noun: "PostgreSQL 13 database", "Windows 11
# laptop" (a page trial's: "13 database" was a count, and the plan's measure); measures
# ("the Leeds 10 km") are counted as said
_NAME_BEFORE = re.compile(r"(?:^|(?<=[^\s.!?:;]))\s+([A-Z][\w-]*)\s$")
_MEASURES = frozenset({"km", "kg", "mile", "minute", "hour", "day", "week", "month", "word"})


# an outage kept under a time: "with less than 10 minutes of downtime" (a page trial's: read
# as a bare "10 minutes", it reached no part of the plan)
_OUTAGE_AFTER = re.compile(r"\s+(?:of\s+)?(?:planned\s+|total\s+)?(?:downtime|outage)\b", re.I)
_UNDER_BEFORE = re.compile(
    r"\b(?:(?:less|fewer)\s+than|under|below|at\s+most|no\s+more\s+than|max(?:imum)?(?:\s+of)?"
    r"|within)\s+(?:about\s+|around\s+)?$",
    re.I,
)
OUTAGE = "downtime"


def outage_said(text: str, start: int, end: int) -> str:
    """The words of a cap on an outage around the time said at ``text[start:end]`` ("less
    than 10 minutes of downtime"), from the cap's first word to the outage's last; "" if
    the time is no such cap."""
    if not (after := _OUTAGE_AFTER.match(text, end)):
        return ""
    under = _UNDER_BEFORE.search(text, max(0, start - 24), start)
    return text[under.start() : after.end()] if under else ""


def unit_of(word: str) -> str:
    """The unit a counted word is counted in: "kids" and "children" are "child"."""
    said = singular(word.lower())
    return _QUANTITY_UNITS.get(said, said)


def a_version(text: str, start: int, number: str, noun: str) -> bool:
    """Whether ``number``, said at ``start`` before ``noun``, names a version or a model: it
    follows a capitalised word inside a sentence, and the noun is a count's in the singular."""
    said = noun.lower()
    if number == "1" or said != singular(said) or _QUANTITY_UNITS.get(said, said) in _MEASURES:
        return False
    return _NAME_BEFORE.search(text, 0, start) is not None


def read_quantities(text: str, source: str, taken: bytearray) -> list[Constraint]:
    out: list[Constraint] = []
    for m in _MOCKS.finditer(text):
        n = dates.number(m.group(1))
        if n and not any(taken[m.start() : m.end()]):
            said = clean(m.group(0))
            out.append(
                Constraint(kind="quantity", text=said, source=source, number=float(n), unit="mock")
            )
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _QUANTITY.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        unit = unit_of(m.group(3))
        if unit in ("week", "month", "day", "hour") and re.search(r"first\s*$", before, re.I):
            continue
        if text[m.end(1)] == " " and a_version(text, m.start(), m.group(1), m.group(3)):
            continue
        number = float(m.group(1).replace(",", ""))
        outage = outage_said(text, m.start(), m.end()) if unit in ("minute", "hour") else ""
        out.append(
            Constraint(
                kind="quantity",
                text=clean(outage or m.group(0)),
                source=source,
                number=number,
                unit=unit,
                below=bool(outage),
                subject=OUTAGE
                if outage
                else clean(m.group(2))
                or (days_said(text, m.end()) if unit in ("hour", "minute") else ""),
                scope=(
                    _distance_scope(text, m.start(), m.end())
                    if unit in ("km", "day")
                    else _time_scope(text, m.end())
                    if unit in ("hour", "minute")
                    else _each_scope(text, m.end())
                    if unit in _HAD_EACH
                    else NOW
                    if unit == "kg" and _WEIGHS_NOW.search(before)
                    else ""
                ),
                replaces=changes(text, m.start(), m.end(), later=source != "goal"),
            )
        )
    for m in GUEST_LIST.finditer(text):
        if not any(taken[m.start() : m.end()]):
            said = clean(m.group(0))
            number = float(m.group(1).replace(",", ""))
            now = "now" in said.lower().split() or changes(
                text, m.start(1), m.end(1), later=source != "goal"
            )
            out.append(
                Constraint(
                    kind="quantity",
                    text=said,
                    source=source,
                    number=number,
                    unit="guest",
                    replaces=now,
                )
            )
    return out


def renumbered(was: Constraint, number: float) -> str:
    """``was`` as said, counting ``number`` instead ("20 kids" and 25: "25 kids"; "60
    guests" and 75, whatever words the 75 came in)."""
    return _NUMBER.sub(f"{number:,g}", was.text, count=1)


def said_now(was: Constraint, now: Constraint) -> str:
    """A count or a cap as a later text changed it: its new words ("25 kids" of "20 kids"),
    or for a cap on an outage the cap at the new number ("cut downtime to 2 hours" of "at
    most 4 hours of downtime": "at most 2 hours of downtime")."""
    if was.subject == OUTAGE and now.number is not None:
        return renumbered(was, now.number)
    return now.text


def as_count(q: Constraint) -> str:
    """A quantity as a count: its words when they are one ("20 kids"), else its number
    and unit ("the guest list is now 75": "75 guests")."""
    if _NUMBER.match(q.text) or q.number is None:
        return q.text
    unit = q.unit if q.number == 1 else "people" if q.unit == "person" else f"{q.unit}s"
    return f"{q.number:,g} {unit}"  # "so 8 of us": "8 people"


_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
