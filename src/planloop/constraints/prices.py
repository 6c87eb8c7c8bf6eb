"""A price the plan charges its own customers, capped or set ("stall fees under €40",
"membership fees of €30"): income, not money it spends (money.py reads the rest), and the
words that make an amount a price rather than a budget: what something sells at, what one
thing costs, a rent kept under a cap."""

from __future__ import annotations

import re

from planloop.constraints.amounts import context_of, singular
from planloop.terms import vocabulary

# What the plan's own customers pay it, capped: a price it charges, not money it spends
# ("keep stall fees under €40", "entry fee at most €10 a person", "charge stallholders at
# most €40"; found as a user: a market's stall fees became a €40 spending line). Fees it
# pays ("legal fees", "train ticket prices") stay caps on what it spends.
_CHARGED = vocabulary(
    "stall pitch vendor trader exhibitor entry admission registration membership door"
    " tuition sponsorship subscription ticket"
)
_BOUGHT = vocabulary(
    "train flight plane bus rail ferry airline museum concert cinema theatre theater show"
    " match game park parking gym pool"
)
# "entry fee £35", "the entry fee is now £40" (a new user's trial: the first read as
# nothing, the second as a cost line "Entry fee is now")
_CAP_WORDS = (
    r"(?:(?:is|are)\s(?:now\s|actually\s|still\s)?)?(at\smost|under|below|capped\sat"
    r"|no\smore\sthan|max(?:imum)?|up\sto|within|less\sthan|of|at|(?<=is\s)|(?<=are\s)"
    r"|(?<=now\s)|(?<=actually\s)|(?<=still\s)|(?<=fee\s)|(?<=fees\s)|will\sbe)\s?"
    r"(?:about\s|around\s)?$"
)
# "membership fees of €30", "the entry fee is €35": the price, not a cap on it (found by a
# new user's trial: "Entry fee is €35" was read as nothing)
_SET_WORDS = frozenset({"of", "at", "will be"})
_PRICE_CAP = re.compile(
    rf"\b(?:([a-z]{{2,20}})\s)?([a-z]{{3,20}})\s(fees?|prices?|charges?)\s{_CAP_WORDS}", re.I
)
_TICKETS_ARE = re.compile(
    r"\b(?:tickets?|entry|admission)\s(?:(?:are|is|will\sbe|cost|costs|at)\s)?(?:about\s|around\s)?$",
    re.I,
)
# what a stall holder or a member pays, said plainly: "Stalls are £15 each" (found as a
# user: read as nothing, and a fete's stall income was never worked out)
_CHARGED_ARE = re.compile(
    # not "the pitch costs £300", the one a tournament hires (found by a new user's trial:
    # read as a price charged, income)
    r"\b(stalls?|(?<!\bthe\s)(?<!\bour\s)pitch|pitches|vendor\sspaces?|memberships?|entries)\s"
    r"(?:are|is|will\sbe|cost|costs)\s(?:about\s|around\s)?$",
    re.I,
)
_CHARGE_CAP = re.compile(
    r"\bcharg(?:e|es|ing)\s(?:the\s|our\s|each\s|every\s)?([a-z]{3,20})\s"
    r"(?:at\smost|under|below|no\smore\sthan|up\sto|less\sthan|max(?:imum)?)\s?$",
    re.I,
)


# "we'll charge £2 per family": what members pay, said plainly (a twelfth trial's: unread)
_WE_CHARGE = re.compile(
    r"\b(?:we(?:['’]ll|\swill|['’]d|\swould)?\s)?charge\s(?:about\s|around\s)?$", re.I
)


def charge_of(clause: str) -> tuple[str, bool] | None:
    """What price the plan charges the words before an amount name ("stall fee", "charge
    per stallholder"), and whether they set it ("of €30") rather than cap it; None when
    they name none."""
    if m := _CHARGE_CAP.search(clause):
        return f"charge per {singular(m.group(1))}", False
    if _WE_CHARGE.search(clause):
        return "charge", True
    if _TICKETS_ARE.search(clause):  # "tickets are £10 each" (a third trial's: read as nothing)
        return "ticket price", True
    if m := _CHARGED_ARE.search(clause):
        return f"{singular(m.group(1).split()[0])} fee", True
    m = _PRICE_CAP.search(clause)
    if m is None or singular(m.group(2)) not in _CHARGED:
        return None
    if m.group(1) and m.group(1).lower() in _BOUGHT:
        return None  # "train ticket prices": what the plan buys
    cap = m.group(4).lower()
    return f"{m.group(2).lower()} {singular(m.group(3))}", not cap or cap in _SET_WORDS


def charged_subject(text: str, start: int, end: int) -> str:
    """What price the plan charges the amount at ``text[start:end]`` caps or sets, else
    ""."""
    found = charge_of(context_of(text, start, end)[1])
    return found[0] if found else ""


# What someone sells or charges at, per unit: a price, not a cap ("the mill sells flour at
# EUR 0.62/kg", "tickets priced at $25 a person").
PRICE_BEFORE = re.compile(
    r"\b(?:sells?|sold|selling|charges?|charging|priced?|prices|retails?|revenue|sales)\b"
    r"[^.;]{0,40}$",
    re.I,
)
# What one thing costs, said of it: "I'd like to sit the DELE exam; it costs about €150"
# (found as a user: the exam's fee became the whole budget, and the exam line €15 of it).
ITS_COST = re.compile(
    r"\b(?:it|that|which|this|each|one)\s(?:costs?|will\scost|would\scost)\s"
    r"(?:about\s|around\s|roughly\s|~)?$",
    re.I,
)
# Rent kept under an amount is paid, not earned: "keep rent under $2,000" (found as a
# user: declined as no constraint at all).
RENT_CAPPED = re.compile(
    r"rent\b.*\b(?:under|below|at\smost|no\smore\sthan|max(?:imum)?|up\sto|within"
    r"|less\sthan|capped\sat)\s?(?:about\s|around\s)?$",
    re.I,
)
