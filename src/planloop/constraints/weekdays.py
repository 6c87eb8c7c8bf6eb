"""The days of the week a person can work on: "I can't study on Sundays", "only
Saturdays", "weekends only", "not at weekends". Read as one constraint of kind "days"
whose subject names the days left (``"monday tuesday … saturday"``); the latest said
holds. A plan's milestones fall on those days (planloop.planners.offline.families.outline).
"""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint, ConstraintSet
from planloop.terms import clean

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NOT = "not"  # the scope of days said as days off ("no work on Sundays"), not as the only ones
# "Wednesday evenings" is Wednesday (a new user's trial: the days were read as nothing)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_TIME_OF_DAY = r"(?:\s(?:mornings?|afternoons?|evenings?))?"
_DAY = (
    # "Monday to Friday" (a third trial's: read as nothing)
    rf"{_WEEKDAY}\s(?:to|through|until|till|-|–)\s{_WEEKDAY}{_TIME_OF_DAY}"
    rf"|{_WEEKDAY}{_TIME_OF_DAY}|(?:weekends?|weekdays?){_TIME_OF_DAY}"
)
_DAY_LIST = rf"(?:{_DAY})(?:,?\s(?:and|or|nor|&)\s(?:{_DAY})|,\s(?:{_DAY}))*"
# "no weekend work", "no weekend trades": the work itself not on those days (a new user's
# trial: read as nothing, and a milestone fell on a Saturday)
_NO_DAY_WORK = re.compile(
    rf"\bno\s({_DAY_LIST})\s(?:work|working|shifts?|trades|sessions|training|study|runs?)\b", re.I
)
# "I can't study on Sundays", "no work on Saturdays or Sundays", "never at weekends"
_NOT_ON = re.compile(
    r"\b(?:no|not|never|can['’]t|cannot|can\snot|don['’]t|do\snot|won['’]t|unable\sto|except)\b"
    # not across a clause or a "never" ("only run 4 days a week, never on Mondays": found
    # by a new user's trial, read as "Monday only")
    rf"(?:(?!\b(?:never|not|no)\b)[^.;:!?,\n]){{0,40}}?\b(?:on|at|during)\s(?:the\s|a\s)?"
    rf"({_DAY_LIST})\b",
    re.I,
)
# "only Saturdays", "only on Saturdays and Sundays", "Saturdays only", "weekends only", "the
# hall is only free on Saturdays"
_ONLY_ON = re.compile(
    r"\bonly\s(?:(?:free|open|available|around|there|here|possible)\s)?"
    rf"(?:on\s|at\s|during\s)?(?:the\s|a\s)?({_DAY_LIST})\b|\b({_DAY_LIST})\sonly\b",
    re.I,
)


# "we can only do work and let trades in at weekends", "I can only study on Sundays": the
# work itself on those days (found as a user: read as nothing). Something narrower ("we
# can only do vendor meetings on Saturdays") is not the plan's days.
_WORK = (
    r"(?:work|study|train|practi[cs]e|build|revise|renovate|run|swim|ride|cycle|write"
    r"|rehearse|garden|dig|meet|play|use|book|hire|go(?=\son\b)|(?:get|go)\s(?:down\s|up\s|over\s|out\s)?there|be\sthere)"
)
_ONLY_WORK_ON = re.compile(
    r"\bonly\s(?:do\s|get\s|be\sable\sto\s)?(?:the\s|any\s)?" + _WORK + r"(?:\son\sit)?\b"
    # not across a clause or a "never" ("only run 4 days a week, never on Mondays": found
    # by a new user's trial, read as "Monday only")
    rf"(?:(?!\b(?:never|not|no)\b)[^.;:!?,\n]){{0,40}}?\b(?:on|at|during)\s(?:the\s|a\s)?"
    rf"({_DAY_LIST})\b",
    re.I,
)


def _named(days: str) -> set[str]:
    """The weekdays a list names: "Saturdays and Sundays", "weekends", "weekdays", "Monday
    to Friday"."""
    named: set[str] = set()
    for m in _RANGE.finditer(days):
        first, last = (DAYS.index(d.lower().rstrip("s")) for d in m.groups())
        named |= {DAYS[i % 7] for i in range(first, last + (7 if last < first else 0) + 1)}
    for word in re.findall(r"[a-z]+", days.lower()):
        if word.startswith("weekend"):
            named |= {"saturday", "sunday"}
        elif word.startswith("weekday"):
            named |= set(DAYS[:5])
        else:
            named |= {d for d in DAYS if word.rstrip("s") == d}
    return named


_RANGE = re.compile(
    r"\b((?:mon|tues|wednes|thurs|fri|satur|sun)day)s?\s(?:to|through|until|till|-|–)\s"
    r"((?:mon|tues|wednes|thurs|fri|satur|sun)day)s?\b",
    re.I,
)


# the days right after the work, without "on": "I can only work Saturdays", "I can only
# work on it Saturday mornings" (found by a new user's trial: read as nothing, and the
# bike's milestones fell on weekdays)
_ONLY_WORK_DAYS = re.compile(
    # "I can work Monday to Friday 9am-3pm" too (a third trial's)
    r"\b(?:only|(?:I|we)\s(?:can|could)(?:\sonly)?)\s(?:do\s|get\s|be\sable\sto\s)?(?:the\s|any\s)?"
    + _WORK
    + rf"(?:\son\sit)?\s(?:the\s)?({_DAY_LIST})\b",
    re.I,
)


# When the sessions are: "Sessions are Tuesday and Saturday mornings", "training is on
# Mondays" (found as a user: read as nothing, and the plan had 3 sessions a week)
_SESSIONS_ON = re.compile(
    r"\b(?:sessions|classes|lessons|runs|training|practices?|rehearsals|meetings|swims)\s"
    # "rehearsals can only be on Tuesdays" (a third trial's: read as nothing)
    rf"(?:are|is|will\sbe|happen|run|can(?:\sonly)?\sbe|must\sbe)\s(?:on\s)?(?:the\s)?({_DAY_LIST})"
    r"(?:\s(?:mornings?|afternoons?|evenings?|nights?))?\b",
    re.I,
)


# A pace said for some days: "I can write 500 words a day on weekdays" (found as a user:
# read as nothing)
_PACE_ON = re.compile(
    r"(?<!not\s)(?<!n't\s)(?<!n’t\s)(?<!cannot\s)(?<!never\s)(?<!no\s)"
    # (a number's comma is no clause's end: "writing 1,000 words on weekdays", a trial's)
    r"\b(?:write|writing|study|studying|train|training|practi[cs]e|revise)\s"
    r"(?:[^.;:!?,\n]|(?<=[0-9]),(?=[0-9])){0,40}?"
    # "studying 45 minutes each weekday morning" (a new user's trial: counted for 7 days);
    # "one extra practice swim every Sunday" is one more session, not the only day
    rf"\b(?:on\s(?:the\s)?({_DAY_LIST})|(?:each|every)\s(weekdays?))\b",
    re.I,
)


# ... or a time a day said for some days: "30 minutes a day on weekdays" (found by a user
# trial: counted for every day of the week)
_TIME_A_DAY_ON = re.compile(
    r"\b[0-9]{1,3}\s(?:minutes?|mins?|hours?|hrs?)\s(?:a|per|each)\sday\son\s(?:the\s)?"
    rf"({_DAY_LIST})\b",
    re.I,
)


# Days said of one kind of task or of a helper, not of all the work: "Interviews only on
# Mondays", "My brother will help on weekends only" (found by new users' trials: every
# milestone moved to a Monday, or to a weekend)
_SCOPED = re.compile(
    r"^\s*(?:the\s)?(?:interviews|viewings|meetings|site\svisits|visits|deliveries|calls"
    r"|fittings|inspections)\b"
    r"|^\s*(?:my|our)\s(?:[a-z]+\s)?(?:mum|mom|dad|brother|sister|partner|wife|husband|son"
    r"|daughter|friend|neighbou?r|helper|volunteer)s?\s(?:will|can|could|is|helps?|comes?)\b"
    r"|^\s*[A-Z][a-z]+\s(?:will|can|could|can['’]t|cannot|won['’]t)\s(?:help|come|join)\b",
    re.I,
)


# a day with its date is one day, not every week's: "Dan can't help on Saturday 13 March"
# (found by a new user's trial: every milestone moved to a Sunday)
# (a time is not a date: "on Tuesdays 7.30-9.30pm", a trial's, read as nothing)
_DATED = re.compile(r"\s(?:the\s)?[0-3]?[0-9](?:st|nd|rd|th)?\b(?![.:][0-9]|\s?[ap]m\b|[ap]m)")


def read_days(text: str, source: str) -> list[Constraint]:
    """The days ``text`` leaves for the work, one constraint per saying, in order."""
    found: list[tuple[int, Constraint]] = []
    for m in [*_NOT_ON.finditer(text), *_NO_DAY_WORK.finditer(text)]:
        if _DATED.match(text, m.end(1)):
            continue
        lead = re.split(r"[.;!?\n]", text[: m.start()])[-1]
        if _SCOPED.search(lead + m.group(0)):
            continue
        off = _named(m.group(1))
        left = [d for d in DAYS if d not in off]
        if off and left:
            said = Constraint(
                kind="days",
                text=clean(m.group(0)),
                source=source,
                subject=" ".join(left),
                scope=NOT,
            )
            found.append((m.start(), said))
    only = [
        *_ONLY_ON.finditer(text),
        *_ONLY_WORK_ON.finditer(text),
        *_ONLY_WORK_DAYS.finditer(text),
        *_SESSIONS_ON.finditer(text),
        *_PACE_ON.finditer(text),
        *_TIME_A_DAY_ON.finditer(text),
    ]
    kept: list[tuple[int, int]] = []
    # one saying read by two patterns is one ("I can only practise on weekdays": a new
    # user's trial had it twice, the first "replaced later" by itself)
    for m in sorted(only, key=lambda m: (m.start(), -len(m.group(0)))):
        if any(m.start() < end and start < m.end() for start, end in kept):
            continue
        kept.append(m.span())
        on = _named(m.group(m.lastindex or 0))  # the days, whichever group said them
        lead = re.split(r"[.;!?\n]", text[: m.start()])[-1]
        if on and not _SCOPED.search(lead) and not _DATED.match(text, m.end(m.lastindex or 0)):
            said = Constraint(
                kind="days",
                text=clean(m.group(0)),
                source=source,
                subject=" ".join(d for d in DAYS if d in on),
            )
            found.append((m.start(), said))
    return [c for _, c in sorted(found, key=lambda f: f[0])]


def narrowed(items: list[Constraint]) -> list[Constraint]:
    """Days said as days off narrow the days said before them: "I can only work on
    weekdays", then "no work on Sundays", still leaves Monday to Friday (found by a new
    user's trial: the later saying alone held, and milestones fell on Saturdays). Days said
    as the only ones ("only Saturdays now") replace what was said before."""
    left: set[str] | None = None
    out: list[Constraint] = []
    for c in items:
        if c.kind == "days":
            days = set(c.subject.split())
            if c.scope == NOT and left is not None and (both := days & left) and both != days:
                c = c.model_copy(update={"subject": " ".join(d for d in DAYS if d in both)})
                days = both
            left = days
        out.append(c)
    return out


def work_days(cs: ConstraintSet) -> frozenset[int]:
    """The weekdays (Monday 0) the work may fall on: every day unless one was said."""
    said = cs.latest("days")
    if said is None:
        return frozenset(range(7))
    return frozenset(DAYS.index(d) for d in said.subject.split())


def days_text(c: Constraint) -> str:
    """ "Saturday only", "not Sunday": the days a constraint leaves, said briefly."""
    left = c.subject.split()
    off = [d for d in DAYS if d not in left]
    if len(left) <= len(off):
        return " and ".join(d.capitalize() for d in left) + " only"
    return "not " + " or ".join(d.capitalize() for d in off)
