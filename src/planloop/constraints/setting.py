"""Where a plan happens and how long its event lasts: "a 1-day workshop in Leeds", and a
reviewer's "make it a 2-day workshop in York instead".

A place is a capitalised name after "in" or "at" ("in Leeds", "at Lake Como"), after a
move of the plan itself ("move it to York", "switch the venue to Porto"; not "switch the
speaker to Priya Patel"), or after a trip's "to" ("a trip to Japan"). Months, days,
seasons, quarters and holidays are dates, not places; a language or a tool ("in
Portuguese", "in Python") is not one either, nor someone's ("to Sarah's house"). The
latest place said holds (:attr:`ConstraintSet.place`), so "Make it in York instead"
moves a workshop the goal put in Leeds; one inside a task asked for is the task's
(extract.py). Only plans that happen somewhere (events, trips, gatherings) use it.

A length is a duration written before what lasts it ("a 3-day hackathon", "a two-week
trip"), after a verb that sets it ("make it 2 days", "it lasts three days"), as a stay
somewhere named ("a week in Rome"), or as an aside ("in the Lake District, 3 days"). The
latest said holds (:attr:`ConstraintSet.length`).

A notice period is how long before leaving the old home (or job) notice must be given:
"our notice period is two months", "a notice period of 8 weeks", "3 months' notice on
the flat". It is not the plan's time: the latest said holds (:attr:`ConstraintSet.notice`).
"""

from __future__ import annotations

import re
from datetime import date

from planloop.constraints import dates
from planloop.constraints.model import Constraint
from planloop.terms import clean, vocabulary

# A place's name: "Leeds", "PyCon", "McDonald's" (capitals inside), never all capitals ("AI")
_NAME = r"[A-Z](?=[A-Za-zà-ÿ'-]*[a-zà-ÿ])[A-Za-zà-ÿ'-]{1,24}"
# What a move names when it moves the plan ("switch the venue to Porto"), not one of its
# parts ("switch the speaker to Priya Patel", "change the caterer to Pret").
_WHAT_MOVES = (
    r"(?:event|venue|location|workshop|offsite|retreat|party|wedding|reception|ceremony"
    r"|conference|summit|meeting|hackathon|race|festival|market|fair|trip|launch|dinner"
    r"|celebration|whole\sthing)"
)
_PLACE = re.compile(
    rf"\b(?i:in|at)\s(?:the\s)?({_NAME}(?:\s{_NAME}){{0,2}})"
    r"|\b(?i:(?:move|moving|switch|change|relocate)\s(?:it|(?:the\s)?" + _WHAT_MOVES + ")"
    rf"|(?:trip|travel|holiday|journey|visit|flight|tour)s?)(?:\s(?i:from)\s{_NAME}(?:\s{_NAME}){{0,2}})?"
    r"\sto\s"
    rf"(?:the\s)?({_NAME}(?:\s{_NAME}){{0,2}})"
)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_NOT_PLACES = vocabulary(
    f"{_WEEKDAYS} spring summer autumn fall winter christmas easter january february "
    "march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec the a an our my your their this that next last "
    "english french german spanish python java javascript rust go excel figma notion "
    "slack jira github google zoom teams i we it portuguese italian dutch japanese chinese "
    "mandarin cantonese arabic russian hindi korean polish greek turkish swedish welsh "
    "boxing halloween diwali hanukkah thanksgiving eid ramadan"
) | frozenset(dates.MONTHS)
_QUARTER = re.compile(r"[QH][1-4]\b")


_EVENT = (
    r"(?:hackathon|conference|festival|workshop|retreat|offsite|summit|event|fair|expo|camping|camp"
    r"|trip|tour|seminar|symposium|tournament|bootcamp|holiday|break|stay|visit|wedding"
    r"|party|celebration|meeting|cruise|getaway|city\sbreak|sprint)s?"
)
_SPAN = rf"({dates.NUMBER_RE}|a|an|one)[\s-](day|week|month|night)s?"
_LENGTH = re.compile(
    rf"(?i:\b{_SPAN}(?=\s(?:[a-z-]{{2,20}}\s){{0,2}}{_EVENT}\b))"
    rf"|(?i:\b(?:make\sit|lasts?|lasting|last\sfor|extend\sit\sto|shorten\sit\sto|cut\sit\sto)"
    rf"\s(?:a\s|an\s|just\s|only\s)?{_SPAN}\b)"
    rf"|\b(?i:{_SPAN})(?=\s(?i:in|at)\s(?:the\s)?[A-Z])"
    # an aside: "let's do it in the Lake District, 3 days."
    rf"|(?<=[,;:]\s)(?i:{_SPAN})(?=\s*(?:[.,;!]|$))"
)


def read_lengths(text: str, source: str, taken: bytearray) -> list[Constraint]:
    """Every length ``text`` gives its event; the words read are marked in ``taken`` (a
    length is not also a quantity of the plan: "a 3-day team offsite" has no 3 teams)."""
    out: list[Constraint] = []
    for m in _LENGTH.finditer(text):
        first = next(i for i, g in enumerate(m.groups(), start=1) if g is not None)
        n = dates.number(m.group(first))
        if not n or any(taken[m.start() : m.end()]):
            continue
        said = clean(text[m.start(first) : m.end()])  # "2-day", not "make it a 2-day"
        unit = m.group(first + 1).lower()
        out.append(Constraint(kind="length", text=said, source=source, number=float(n), unit=unit))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return out


# Found as a user: "our notice period is two months" was read as the plan's two-month
# timeline, and its top risk became "The two months timeline slips".
_NOTICE_SPAN = rf"({dates.NUMBER_RE}|a|an|one)[\s-](day|week|month)s?"
_NOTICE = re.compile(
    rf"\bnotice(?:\speriod)?(?:\s(?:is|of|will\sbe|runs\sto))?:?\s"
    rf"(?:about\s|around\s|only\s|just\s|at\sleast\s)?{_NOTICE_SPAN}\b"
    rf"|\b{_NOTICE_SPAN}(?:'s?|s'|’s?|s’)?\s(?:of\s)?notice\b",
    re.I,
)


def read_notice(text: str, source: str, taken: bytearray) -> list[Constraint]:
    """Every notice period ``text`` states; its words are marked in ``taken`` (a notice
    period is not also a quantity of the plan)."""
    out: list[Constraint] = []
    for m in _NOTICE.finditer(text):
        first = next(i for i, g in enumerate(m.groups(), start=1) if g is not None)
        n = dates.number(m.group(first))
        if not n or any(taken[m.start() : m.end()]):
            continue
        unit = m.group(first + 1).lower()
        said = f"{m.group(first)} {unit}{'s' if n > 1 else ''}"  # "two months"
        out.append(Constraint(kind="notice", text=said, source=source, number=float(n), unit=unit))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return out


_DAY = (
    r"(?:[0-3]?[0-9](?:st|nd|rd|th)?\s(?:of\s)?" + dates.MONTH_RE + r"\.?(?:,?\s(?:19|20)[0-9]{2})?"
    r"|" + dates.MONTH_RE + r"\.?\s[0-3]?[0-9](?:st|nd|rd|th)?(?:,?\s(?:19|20)[0-9]{2})?"
    r"|[0-9]{4}-[01][0-9]-[0-3][0-9])"
)
# "from 2 August 2027 for 5 days", "from 1 July 2027 to 3 July 2027": the event's own days,
# not the day the planning starts.
_EVENT_DAYS = re.compile(
    rf"\bfrom\s({_DAY})\s(?:for\s{_SPAN}\b|(?:to|until|till)\s({_DAY})\b)", re.I
)


# "a 3-day workshop in York from 21 May 2027": with a length said, the day it runs from
_FROM_DAY = re.compile(rf"\b(?:from|starting(?:\son)?|beginning(?:\son)?)\s({_DAY})\b", re.I)


def read_event_days(
    text: str, source: str, start: date, lasting: bool = False
) -> tuple[list[Constraint], list[range]]:
    """The days an event takes when ``text`` gives them from its first ("from 2 August for
    5 days"): a deadline on its first day ("on 2 August", where it begins) and its length;
    and where they were said, which is then no start of the plan. ``lasting``: the text
    says how long its event lasts elsewhere ("a 3-day workshop … from 21 May"), so a day
    it runs from is the event's first too."""
    out: list[Constraint] = []
    spans: list[range] = []
    if lasting:
        for m in _FROM_DAY.finditer(text):
            first = dates.resolve_date(m.group(1), start)
            if first is not None and first > start and not _EVENT_DAYS.match(text, m.start()):
                said = f"on {m.group(1)}"
                out.append(Constraint(kind="deadline", text=said, source=source, when=first))
                spans.append(range(m.start(), m.end()))
    for m in _EVENT_DAYS.finditer(text):
        first = dates.resolve_date(m.group(1), start)
        if first is None or first <= start:
            continue
        if m.group(4):
            last = dates.resolve_date(m.group(4), first)
            if last is None or last < first:
                continue
            n, unit = (last - first).days + 1, "day"
        else:
            n, unit = dates.number(m.group(2)) or 0, m.group(3).lower()
            if not n:
                continue
        said = clean(m.group(0))
        out.append(Constraint(kind="deadline", text=f"on {m.group(1)}", source=source, when=first))
        out.append(Constraint(kind="length", text=said, source=source, number=float(n), unit=unit))
        spans.append(range(m.start(), m.end()))
    return out, spans


def length_spans(text: str) -> list[range]:
    """Where ``text`` says how long its event lasts (the same reading as
    :func:`read_lengths`), for the data points to label those words alike."""
    return [range(m.start(), m.end()) for m in _LENGTH.finditer(text)]


def notice_spans(text: str) -> list[range]:
    """Where ``text`` states a notice period (the reading of :func:`read_notice`)."""
    return [range(m.start(), m.end()) for m in _NOTICE.finditer(text)]


def read_places(text: str, source: str) -> list[Constraint]:
    """Every place ``text`` puts the plan in, in the order written."""
    out: list[Constraint] = []
    for m in _PLACE.finditer(text):
        name = m.group(1) or m.group(2)
        words = name.split()
        # "in March 2027", "in Leeds in May": the name stops at a word that is not one (but
        # "Hoi An" ends in a capitalised "An": found by a new user's trial, it was "Hoi")
        while words and (words[-1].lower() in _NOT_PLACES or _QUARTER.match(words[-1])):
            if len(words) > 1 and words[-1] in ("An", "A") and words[-2][:1].isupper():
                break
            words.pop()
        if words and words[-1].endswith("'s"):
            continue  # "to Sarah's house": someone's, not a place the plan can name
        named = len(words) > 1 and words[0] == "The"  # "at The Crown": a venue's name
        if not words or (words[0].lower() in _NOT_PLACES and not named):
            continue
        if _QUARTER.match(words[0]) or (words[0] == "New" and words[1:2] == ["Year's"]):
            continue  # "in Q2", "to New Year's Eve": when, not where
        name = " ".join(words)
        out.append(Constraint(kind="place", text=clean(m.group(0)), source=source, name=name))
    return out


_DAYS_IN = {"day": 1, "night": 1, "week": 7, "month": 30}


def _stay(said: str, source: str) -> Constraint:
    """A stay to book, as a request to add: "5 nights in Kyoto"."""
    return Constraint(kind="addition", text=said, source=source, subject=said.lower())


_RESIZED = re.compile(
    r"\b(?:make\sit|shorten\sit|cut\sit|lasts?|last\sfor|instead|only|just|now)\b", re.I
)


def stays_within(items: list[Constraint], said_in: dict[str, str]) -> list[Constraint]:
    """A stay said later inside the goal's longer event: "we want 5 nights in Kyoto" of "a
    two-week trip to Japan" is a part of the trip to book, an addition, not its new length
    and place (found by a new user's trial: the trip became 5 nights in Kyoto); so is each
    one said with it ("… and 3 in Hoi An"), and one the goal says after the whole ("a
    10-day trip to Japan … with one day in Kyoto": a page trial's trip was one day long)."""
    whole = next((c for c in items if c.kind == "length" and c.source == "goal"), None)
    if whole is None or not whole.number:
        return items
    parts: dict[int, Constraint] = {}  # id of what a stay replaces → the stay (at its length)
    for c in items:
        if c.kind != "length" or c is whole or c.unit not in ("day", "night"):
            continue
        if (c.number or 0) * _DAYS_IN[c.unit] >= whole.number * _DAYS_IN[whole.unit]:
            continue
        text = said_in.get(c.source, "")
        if c.source != "goal" and _RESIZED.search(text):
            continue  # "make it 10 days in Lisbon instead": the trip itself
        places = [p for p in items if p.kind == "place" and p.source == c.source]
        place = next((p for p in places if f"{c.text} {p.text}" in text), None)
        if place is None:
            continue
        parts[id(c)] = parts[id(place)] = _stay(f"{c.text} {place.text}", c.source)
        for other in places:  # "… and 3 in Hoi An"
            more = re.search(rf"\b([0-9]+|{dates.NUMBER_RE})\s{re.escape(other.text)}", text)
            if more is not None and id(other) not in parts:
                parts[id(other)] = _stay(f"{more.group(1)} {c.unit}s {other.text}", c.source)
    kept: list[Constraint] = []
    for c in items:
        stay = parts.get(id(c), c)
        if stay not in kept:
            kept.append(stay)
    return kept
