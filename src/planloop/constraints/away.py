"""Days a person is away, said with dates: "I'm away skiing 13-20 February", "off 24 May
to 4 June", "away 24 December to 2 January". Read as constraints of kind "away" (no work
on those days) instead of a deadline; a goal's own time away only when the goal has a
day of its own besides (planloop.constraints.extract reads the dates first)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planloop.constraints import dates
from planloop.constraints.holds import clause_of
from planloop.constraints.model import Constraint
from planloop.terms import clean, head_words, same_word

_DAY_MONTH = r"([0-3]?[0-9])(?:st|nd|rd|th)?\s(" + dates.MONTH_RE + r")(?:\s((?:19|20)[0-9]{2}))?"
_AWAY_A_MONTH = re.compile(
    rf"\b(?:{dates.AWAY_RE})\s(?:for\s)?(?:all\sof\s|the\swhole\sof\s|the\swhole\s)"
    rf"(?P<month>{dates.MONTH_RE})(?:\s(?P<year>(?:19|20)[0-9]{{2}}))?\b",
    re.I,
)
_AWAY_ACROSS = re.compile(
    rf"\b(?:{dates.AWAY_RE})\s(?:from\s)?{_DAY_MONTH}\s?(?:to|-|–|until|till)\s?{_DAY_MONTH}\b",
    re.I,
)


def away_across(text: str, source: str, start: date, found: list[Constraint]) -> list[Constraint]:
    """Days away across a month's or a year's end, said without a year: "I'm away 24
    December to 2 January" (found by a new user's trial: read as nothing, and a milestone
    fell on 31 December). Ranges the date reader read already are left to it."""
    out = []
    for m in _AWAY_ACROSS.finditer(text):
        first = dates.resolve_date(" ".join(filter(None, m.group(1, 2, 3))), start)
        last = dates.resolve_date(" ".join(filter(None, m.group(4, 5, 6))), start)
        if first is None or last is None or any(c.when == last for c in found):
            continue
        if last < first:  # "24 December to 2 January": the January after
            last = last.replace(year=last.year + 1)
        if (last - first).days <= 62:
            said = clean(m.group(0)[m.start(1) - m.start() :])
            out.append(Constraint(kind="away", text=said, source=source, first=first, when=last))
    for m in _AWAY_A_MONTH.finditer(text):  # "I'm away for all of August": the whole month
        first = dates.resolve_date(" ".join(filter(None, ("1", m["month"], m["year"]))), start)
        if first is not None and not any(c.kind == "away" and c.first == first for c in found):
            last = dates.add_months(first, 1) - timedelta(days=1)
            said = clean(m.group(0))
            out.append(Constraint(kind="away", text=said, source=source, first=first, when=last))
    return out


def time_away(
    c: Constraint, text: str, start: date, goal: str, dated_goal: bool = False
) -> Constraint:
    """A date a reviewer says with being away ("I'm away skiing 13-20 February", "we are
    away 1-14 February so no trades on site then") is days without work, not a deadline;
    not when the time away is the goal itself ("our holiday is now in May" of a trip). So
    is one the goal says, when it has a day of its own besides (``dated_goal``)."""
    said_later = c.source.startswith(("feedback:", "edit:"))
    if c.kind != "deadline" or c.when is None or not (said_later or dated_goal):
        return c
    clause = clause_of(text, c.text)
    away = _away_at(clause, c.text)
    if away is None or any(same_word(away.lower(), h) for h in head_words(goal)):
        return c
    days = dates.day_range(c.text, start)
    first, last = days if days is not None else (c.when, c.when)
    said = c.text
    # across a month's end: "off 24 May to 4 June 2027", the day the clause says first
    since = _FROM_DAY.search(clause[: clause.find(c.text)]) if days is None else None
    if since is not None:
        began = dates.resolve_date(f"{since.group(1)} {last.year}", start)
        if began is not None and began < last and (last - began).days <= 62:
            first, said = began, f"{since.group(0)}{c.text}"
    return Constraint(kind="away", text=said, source=c.source, first=first, when=last)


_AWAY = re.compile(
    rf"\b(?:{dates.AWAY_RE}|holidays?|vacation|travell?ing"
    r"|out\sof\s(?:the\s)?(?:country|office|town))\b",
    re.I,
)
# The first day of a time away said across a month's end: "24 May to 4 June"
_FROM_DAY = re.compile(r"\b([0-3]?[0-9](?:st|nd|rd|th)?\s[A-Z][a-z]+)\s?(?:to|-|–|until|till)\s?$")
# What may stand between being away and its dates: "away skiing in Austria 6-13 February",
# "on leave from 22 February"; not another part of the sentence ("must be in August, not
# before, because we're away 5-20 July": found by a new user's trial, August was read as
# days away too).
_AWAY_GAP = re.compile(r"[^,;]{0,30}", re.I)
_NOT_AWAY_GAP = re.compile(r"\b(?:and|but|so|because|then|until|after|before)\b", re.I)


def _away_at(clause: str, said: str) -> str | None:
    """The away word a date in ``clause`` is said with: just before it, or just after."""
    at = clause.lower().find(said.lower())
    if at < 0:
        return None
    for away in _AWAY.finditer(clause):
        if away.end() <= at:
            gap = clause[away.end() : at]
        elif away.start() >= at + len(said):
            gap = clause[at + len(said) : away.start()]
        else:
            continue
        if _AWAY_GAP.fullmatch(gap) and not _NOT_AWAY_GAP.search(gap):
            return away.group(0)
    return None


# a stop said of the work itself, until a day: "no running until 10 January" (found by a
# new user's trial: an injured runner's plan kept its runs in those weeks)
_PAUSED = re.compile(
    r"\bno\s(?:running|runs|training|swimming|cycling|riding|exercise|sport|lessons)"
    rf"\s(?:at\sall\s)?(?:until|till|before)\s(?:the\s)?(?:{_DAY_MONTH}|(?:the\sstart\sof\s)?"
    rf"(?P<month>{dates.MONTH_RE})(?:\s(?P<year>(?:19|20)[0-9]{{2}}))?)\b",
    re.I,
)


def paused_until(text: str, source: str, start: date) -> list[Constraint]:
    """Days without the work from the start to the day before the one said, when a
    reviewer stops it for a while ("no running until 10 January")."""
    if source == "goal":
        return []
    out = []
    for m in _PAUSED.finditer(text):
        # a month alone is its first day: "no running until February" (a trial's: unread)
        said_as = m.group(1, 2, 3) if not m["month"] else ("1", m["month"], m["year"])
        day = dates.resolve_date(" ".join(filter(None, said_as)), start)
        if day is not None and start < day and (day - start).days <= 120:
            last = day - timedelta(days=1)
            said = clean(m.group(0))
            # what stops: a race's other sports go on (triathlons, weeks.triathlon)
            stops = "running" if re.match(r"no\sruns?\b|no\srunning", said, re.I) else ""
            out.append(
                Constraint(kind="away", text=said, source=source, first=start, when=last,
                           subject=stops)
            )  # fmt: skip
    return out


# "I'm away on holiday 2-16 August with no running": what stops while away, not a thing
# ruled out of the plan (found by a user trial: running was excluded from a runner's whole
# plan, and its checks flagged every week of it)
_NONE_WHILE = re.compile(r"^(?:with\s)?no\s(?P<what>[a-z]+)$", re.I)
_SENTENCE = re.compile(r"[^.;!?]+")


def none_while_away(items: list[Constraint], said_in: dict[str, str]) -> list[Constraint]:
    """``items`` with each "no X" said in the sentence of a time away read as what stops
    then (running, when it is running), not as an exclusion of X from the whole plan."""
    stopped: dict[int, str] = {}  # a time away's index: what stops then
    dropped: set[int] = set()
    for i, c in enumerate(items):
        what = _NONE_WHILE.match(c.text.strip()) if c.kind == "exclusion" else None
        text = said_in.get(c.source, "")
        sentence = next((m.group(0) for m in _SENTENCE.finditer(text) if c.text in m.group(0)), "")
        away = [
            j
            for j, a in enumerate(items)
            if a.kind == "away" and a.source == c.source and sentence and a.text in sentence
        ]
        if what is None or not away:
            continue
        dropped.add(i)
        runs = what["what"].lower() in ("running", "runs", "run")
        stopped |= {j: "running" if runs else items[j].subject for j in away}
    return [
        c.model_copy(update={"subject": stopped[i]}) if i in stopped else c
        for i, c in enumerate(items)
        if i not in dropped
    ]
