"""A line of spending named with its money: listed after another line's ("budget £250 for
the photo booth and £400 for catering"), asked for with its price ("include a paid design
exercise of £300"), or named before the word budget ("recruiter fees budget £8,000").
money.py reads the amounts; outlays.py the rest of what they are spent on."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint, Money
from planloop.constraints.outlays import LEADS, is_line
from planloop.terms import clean, vocabulary

# a thing asked for with its price: "include a paid design exercise of £300" (a user trial's:
# a task "Paid design exercise of", the £300 lost)
ASKED_AT = re.compile(
    r"\b(?:add|include)\s(?:a\s|an\s|the\s)?(?P<thing>(?:[\w'’-]{2,20}\s){0,3}?[\w'’-]{2,20})"
    r"\s(?:of|for|at|costing)\s(?:about\s|around\s)?$",
    re.I,
)
# a line named before the word: "recruiter fees budget £8,000", "a marketing budget of £5,000"
# (a user trial's: the whole budget, the recruiter fees given 45% of it)
NAMED_BUDGET = re.compile(
    r"(?:\b(?P<thing>[a-z]{3,20}(?:\s[a-z]{3,20})?)\s(?:budget|allowance)(?:\sof|\sis|:)?"
    # ... or after it: "Budget for recruiter fees is EUR 25,000" (a trial's: declined)
    r"|\b(?:budget|allowance)\sfor\s(?:the\s|our\s)?(?P<after>[a-z]{3,20}(?:\s[a-z]{3,20})?)"
    r"(?:\sis|:)?)\s(?:about\s|around\s|roughly\s)?$",
    re.I,
)


# what a budget is like, not what it is for: "a tight budget of £500" is the whole budget
_LIKE = vocabulary(
    "tight small modest limited total overall rough annual yearly monthly weekly whole entire"
    " full initial starting max maximum realistic fixed shoestring generous big large huge"
    " decent reasonable approximate estimated new revised current original agreed proposed"
    " planned available remaining same separate own"
)


def named_budget(before: str, said: str, source: str, money: Money) -> Constraint | None:
    """The cap on the line a budget named before the word is for ("recruiter fees budget
    £8,000"), else None."""
    m = NAMED_BUDGET.search(before)
    thing = (m["thing"] or m["after"]).lower().split() if m else []
    while thing and thing[0] in LEADS:  # "our marketing": marketing
        thing.pop(0)
    if not thing or not all(is_line(w) and w not in _LIKE for w in thing):
        return None
    line = " ".join(thing)
    return Constraint(kind="line_cap", text=clean(f"{line} budget {said}"), source=source,
                      money=money, subject=line)  # fmt: skip


# "budget £250 for the photo booth and £400 for catering", "spend £250 on the DJ, £400 on
# food": each amount listed after a line's names a line too (found as a user: the second
# became the whole budget, or nothing)
_LISTED = re.compile(
    r"^\s?(?:for|on)\s[^.;:!?£$€]{1,50}?(?:,\s(?:and\s|plus\s)?|\s(?:and|plus)\s)(?:about\s)?$",
    re.I,
)
_LISTED_THING = re.compile(
    r"^\s?(?:for|on)\s(?:the\s|a\s|an\s|my\s|our\s)?"
    r"((?:(?!(?:and|or)\b)[a-z]{2,20}\s){0,2}?(?!(?:and|or)\b)[a-z]{2,20})"
    r"(?=\s*(?:[.;:!?),]|$)|\s(?:and|plus|or)\s)",
    re.I,
)


def listed_line(between: str, tail: str) -> tuple[str, str] | None:
    """The line an amount names when it follows a line's amount in a list ("… and £400 for
    catering"): its name and the words that say it, else None."""
    if not _LISTED.match(between) or not (thing := _LISTED_THING.match(tail)):
        return None
    name = thing.group(1).lower()
    return (name, thing.group(0).strip()) if is_line(name.split()[-1]) else None
