"""A cap on each period ("rent at most €3,000 a month", "I can pay £300 a month"), and
money a period said on top of an amount said before: "cancelling the gym saves £42 a
month, put that in too", "an extra £50 a month", "I can also put £30 a week towards it"
(found by a new user's trial: the £42 replaced the £300 a month the goal said, and the
debt was no longer cleared). Such a cap's scope ends in MORE; what reads caps a period
(the repayment schedule) adds it to the one before it. money.py reads the amounts."""

from __future__ import annotations

import re

from planloop.constraints.amounts import singular
from planloop.constraints.model import Constraint, Money
from planloop.constraints.outlays import LEADS, NOT_LINES, NOT_SUBJECTS, line_subject

# what a cost is said to be per, as a period ("£500 a month", "€120 a night")
PER_PERIOD = {
    "day": "day",
    "night": "night",  # "a hotel under €120 a night": each night of a stay
    "week": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
}
# How many periods a cost per period is said to run for: "£150 a month for 2 months".
FOR_PERIODS = re.compile(
    r"^\s?(?:(?:a|an|per|each|every)\s|/\s?)[a-z]{2,20}\s(?:for|over)\s([0-9]{1,3})\s"
    r"(day|night|week|month|year)s?\b",
    re.I,
)
# What a cost per period is of, when no cap word follows it: "venue hire at €500 per day".
PERIOD_SUBJECT = re.compile(
    r"\b(?:the\s|our\s|a\s)?((?:[a-z]{3,20}\s)?[a-z]{3,20})\s(?:at|for|costs?|is|are)\s?$", re.I
)
PERIOD_BEFORE = re.compile(
    r"\b((?:the\s)?first\s(?:(?:[0-9]{1,2}|two|three|six)\s)?(?:day|week|month|quarter|year)s?"
    r"|month\s(?:one|1)|(?:each|every|per|a)\s(?:month|week|year)|monthly|weekly)\b[^.;]{0,30}$",
    re.I,
)
EACH_PERIOD = re.compile(
    r"\b(lessons?|sessions?|classes|class|visits?|subscriptions?|memberships?)\s"
    r"(?:a|each|every|per)\s(?:week|month|year)$",
    re.I,
)

MORE = " more"  # the end of the scope of a cap said on top of the one before
_BEFORE = re.compile(
    r"(?:\b(?:an?\s)?(?:extra|additional|further)\s|\banother\s"
    r"|\b(?:also|too)\s(?:pay|put|add|afford|manage|spare|find)\s(?:in\s|another\s)?)$",
    re.I,
)
_AFTER = re.compile(
    r"^[^.;!?]{0,60}?\b(?:too|as\swell|on\stop|in\saddition|(?<!\bno\s)(?<!\bany\s)more)\b", re.I
)


def on_top(before: str, after: str) -> bool:
    """The amount between ``before`` and ``after`` is said on top of one said before."""
    return _BEFORE.search(before) is not None or _AFTER.match(after) is not None


def period_cap(
    said: str,
    source: str,
    money: Money,
    period: str,
    subject: str,
    number: float | None = None,
    before: str = "",
    after: str = "",
) -> Constraint:
    """A cap on each ``period`` of what ``subject`` names; with the text ``before`` and
    ``after`` the amount, one said on top of the one before ends its scope in MORE."""
    return Constraint(
        kind="period_cap",
        text=said,
        source=source,
        money=money,
        unit=period,
        scope=f"each {period}" + (MORE if on_top(before, after) else ""),
        subject=subject,
        number=number,
    )


_CAP_SUBJECT = re.compile(
    r"^\s?(?:the\s|our\s|a\s)?([a-z]{3,20})\s(?:at\smost|under|below|of|is|capped\sat|max"
    r"|no\smore\sthan|up\sto|costs?|around|about)\b",
    re.I,
)


def each_period(
    said: str, source: str, money: Money, unit: str, clause: str, before: str, tail: str
) -> Constraint:
    """A cap on each period ``unit`` names ("£500 a month"), on the thing the clause names
    ("the venue hire at €500 per day"), for as many periods as the words after it say."""
    period = PER_PERIOD[unit]
    named = _CAP_SUBJECT.match(clause)
    subject = named.group(1).lower() if named else ""
    if not subject or subject in NOT_SUBJECTS:  # "the venue hire at €500 per day"
        at = PERIOD_SUBJECT.search(clause)
        subject = line_subject(clause, "") or (at.group(1).lower() if at else "")
        words = subject.split()
        while words and words[0] in LEADS:
            words.pop(0)
        subject = " ".join(words) if words and words[-1] not in NOT_LINES else ""
    lasts = FOR_PERIODS.match(tail)
    # "for 2 months": how many it runs for, when said in its own unit
    runs = lasts is not None and PER_PERIOD.get(singular(lasts.group(2))) == period
    number = float(lasts.group(1)) if lasts is not None and runs else None
    subject = "" if subject in NOT_SUBJECTS else subject
    return period_cap(said, source, money, period, subject, number, before, tail)


def a_period(caps: list[Constraint], unit: str) -> tuple[float, list[Constraint]] | None:
    """What ``caps`` (in the order said) come to each ``unit``: the latest said outright,
    with each said on top of it since; and the caps that make it. None when none is said."""
    total: float | None = None
    used: list[Constraint] = []
    for c in caps:
        if c.kind != "period_cap" or c.unit != unit or c.money is None:
            continue
        if c.scope.endswith(MORE) and total is not None:
            total, used = total + c.money.amount, [*used, c]
        else:
            total, used = c.money.amount, [c]
    return (total, used) if total is not None else None


# "Notion licences cost £1,800 a year and that is our whole budget": the whole budget, said
# as a year's cost (a user trial's: a cap a year on nothing, and "No budget stated")
WHOLE_AFTER = re.compile(
    r"\s?(?:a|an|per|each|every)\s[a-z]+,?\s(?:and\s)?(?:that|this|it)(?:['’]s|\sis|\swill\sbe)"
    r"\s(?:our|the|my)\s(?:whole|total|entire|only)\s(?:budget|money)\b",
    re.I,
)
