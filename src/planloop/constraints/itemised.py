"""Costs listed item by item: "Costs: hall hire £300, sheet music £150, an accompanist £200
and refreshments £80" (found by a new user's trial: read as nothing, and the choir's plan
had invented lines instead). Each item of a list of two or more is the price of that line
of the plan's (a line cap whose scope is "price"), as a price said after its item is
("£600 for printing"; money.py)."""

from __future__ import annotations

import itertools
import re

from planloop.constraints.amounts import MONEY, money_of
from planloop.constraints.model import Constraint
from planloop.terms import clean

# an item right before its amount, after the list's start, a comma or an "and":
# "hall hire £300", "an accompanist £200", "the venue: £1,200"
_ITEM = re.compile(
    r"(?:^|[:;,(]\s*|\sand\s|\splus\s)(?:and\s|plus\s)?"
    r"(?:(?:the\s)?costs?\s(?:are|were|will\sbe|include)\s)?(?:an?\s|the\s|our\s)?"
    r"((?![0-9])[a-z][a-z'’ -]{1,30}?)(?:\s(?:at|is|costs?|for))?:?\s$",
    re.I,
)
# words that name the whole or a period, not an item of it, or money to come in ("raise
# £10,000, entry fee £35": a new user's trial had the target as a cost)
_NOT_ITEMS = re.compile(
    r"\b(?:budget|total|costs?|spend|spending|money|savings|price|about|around|under|over"
    r"|raise|raising|target|earn|earning|income|revenue|profit|sales|sell|selling"
    # a change, not a list: "the entry fee is now £40, not £35"
    r"|now|not|instead|rather"
    r"|up\sto|at\smost|a\smonth|a\sweek|a\syear|each|per)\b",
    re.I,
)
_NEXT = re.compile(r"^\s*(?:,|and\b|plus\b|;|\.|\)|$)", re.I)


def read_itemised(text: str, source: str, taken: bytearray) -> list[Constraint]:
    """The price of each item of a list of costs ``text`` says (two or more, each right
    before its amount and the next after a comma or "and"); marks their amounts ``taken``."""
    items: list[tuple[re.Match[str], str]] = []
    for m in MONEY.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        item = _ITEM.search(before)
        if item is None or _NOT_ITEMS.search(item.group(1)) or not _NEXT.match(text[m.end() :]):
            items.append((m, ""))  # the list, if any, ends here
            continue
        items.append((m, clean(item.group(1)).lower()))
    found: list[Constraint] = []
    for listed, run in itertools.groupby(items, key=lambda item: bool(item[1])):
        priced = list(run)
        if not listed or len(priced) < 2:
            continue
        for each, what in priced:
            taken[each.start() : each.end()] = b"\x01" * (each.end() - each.start())
            found.append(
                Constraint(
                    kind="line_cap", text=f"{what} {each.group(0).strip()}", source=source,
                    money=money_of(each), subject=what, scope="price",
                )
            )  # fmt: skip
    return found
