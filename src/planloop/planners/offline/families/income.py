"""Income: the prices a plan charges its own customers (a stall, a ticket, a membership)
and what they bring in when the plan counts who pays; any other plan pays the prices it
names (lines.py)."""

from __future__ import annotations

import re

from planloop.constraints import Constraint, ConstraintSet
from planloop.constraints.model import PERIODS
from planloop.planners.offline.families.family import Family

# The plans that charge their own customers (a stall, a ticket, a membership): a price
# they name is income. Any other plan pays the prices it names (outline.build), but a
# general goal that sets something up ("launch a climbing club … membership fees of €30 a
# month") charges too.
_SELLERS = frozenset(
    {"venue", "fundraising", "shop", "growth", "event", "festival", "sale", "fair", "market"}
    | {"concert"}
    | {"gathering", "race", "talk"}
)
_SETS_UP = re.compile(
    r"^\s*(?:launch|run|organi[sz]e|host|open|start|set\s+up|found|hold|create)\b", re.I
)


_MEMBERSHIP = re.compile(r"\b(?:membership|subs|subscriptions?|joining)\s(?:fees?|of)\b", re.I)


def sells(family: Family, goal: str) -> bool:
    """Whether the plan charges the prices it names (else it pays them)."""
    sets_up = bool(_SETS_UP.match(goal))
    # ... and a club its members pay to belong to ("… membership fees of €30 a month")
    joined = family.id == "community" and _MEMBERSHIP.search(goal) is not None
    return family.id in _SELLERS or (family.id == "general" and sets_up) or (sets_up and joined)


def fees_paid(goal: str) -> frozenset[str]:
    """The fees a selling plan pays, not charges: a stallholder's pitch or stall fee (found
    as a user: "The pitch fee is $40 a week" was a stall's income, in no budget line)."""
    from planloop.planners.offline.families.stalls import keeps_a_stall  # stalls is a family

    return frozenset({"pitch fee", "stall fee"}) if keeps_a_stall(goal) else frozenset()


# Who pays a price, by what it is for, when its unit does not say ("membership fee of €30 a
# month": each member, each month).
_PAYERS = {
    "membership": "member",
    "tuition": "student",
    "stall": "stall",
    "pitch": "pitch",
    "vendor": "vendor",
    "trader": "trader",
    "exhibitor": "exhibitor",
    "stallholder": "stall",
}


def price_income(cs: ConstraintSet, price: Constraint) -> tuple[Constraint, float] | None:
    """The most a price brings in, when the plan counts who pays it ("stall fee at most
    €40" and "20 stalls": €800; per period when the price is): the count and the amount."""
    if price.money is None:
        return None
    words = price.subject.split()
    payer = price.unit if price.unit and price.unit not in PERIODS else ""
    payer = payer or _PAYERS.get(words[-1] if words[0] == "charge" else words[0], "person")
    counted = cs.counted(payer)  # people, whatever they are called
    if counted is None or not counted.number:
        return None
    return counted, price.money.amount * counted.number
