"""Selling a home: agents' valuations and an agent chosen, the energy certificate and a
solicitor, the repairs a buyer's survey would find, the house decluttered and cleaned,
photographs and the listing; and, when it is to be sold by the day, the offer, the
exchange and completion (found by a new user's trial: "Get my house ready to sell by March
2027" was a personal project of "options found out" and "applications, bookings and
purchases made", with no estate agent in it). The personal project family (plain.py) for a
home's sale."""

from __future__ import annotations

import dataclasses
import re

from planloop.constraints import ConstraintSet
from planloop.planners.offline.families.family import Family, Phase, phase
from planloop.planners.offline.families.moves import moves_a_household

_HOME = r"(?:house|home|flat|apartment|bungalow|cottage|property|maisonette)"
_SELLS = re.compile(
    rf"\b(?:sell(?:ing)?|market(?:ing)?)\s(?:my|our|the)\s(?:[\w'’-]+\s)?{_HOME}\b"
    rf"|\b{_HOME}\s(?:[\w'’-]+\s){{0,2}}?(?:ready\s)?(?:to|for)\s(?:sell|sale)\b"
    rf"|\b(?:put|get|list)\s(?:my|our|the)\s{_HOME}\s(?:on|onto)\s(?:the\s)?market\b",
    re.I,
)
# the goal is the house on the market, not sold: "ready to sell", "on the market by"
_READY = re.compile(r"\bready\s(?:to|for)\s(?:sell|sale)\b|\bon(?:to)?\s(?:the\s)?market\b", re.I)


def sells_a_home(goal: str) -> bool:
    """A home's sale, not one on the way to a household's move ("sell our house and move
    to Bristol" is the move's: :func:`for_move_with_sale`)."""
    return _SELLS.search(goal) is not None and not moves_a_household(goal)


_TO_MARKET = (
    phase("Three estate agents' valuations in; an agent chosen and their fee agreed", 0.15,
          "You", "agent agents valuation estate fee"),
    phase("Energy certificate booked; a solicitor instructed; the seller's forms started",
          0.3, "You", "epc energy certificate solicitor conveyancer forms"),
    phase("Repairs done: what the agents flagged and a buyer's survey would find", 0.6,
          "You", "repairs builder jobs survey repainting painting regrouting decorating roof"
          " fixing fix"),
    phase("Decluttered and deep cleaned; the garden and the front tidied", 0.8, "You",
          "declutter clean garden"),
)  # fmt: skip
_LISTED = phase("Photographs and a floor plan taken; the house on the market", 1.0, "You",
                "photos listing market")  # fmt: skip


def for_home_sale(family: Family, goal: str) -> Family:
    """The personal project for a home's sale: to the market, and to completion when it is
    to be sold by the day."""
    if family.id != "personal" or not sells_a_home(goal):
        return family
    phases: tuple[Phase, ...] = (*_TO_MARKET, _LISTED)
    if not _READY.search(goal):
        # sold by the day: on the market a third of the way in, then the sale
        phases = (
            *(dataclasses.replace(p, share=p.share * 0.35) for p in _TO_MARKET),
            dataclasses.replace(_LISTED, share=0.35),
            phase("Viewings held; an offer accepted; the buyer's finance checked", 0.55,
                  "You", "viewings offer buyer"),
            phase("Buyer's survey and searches done; contracts exchanged", 0.9, "You",
                  "survey searches contracts solicitor"),
            phase("Completion: keys handed over; the mortgage paid off", 1.0, "You",
                  "completion keys mortgage"),
        )  # fmt: skip
    lines = (("Repairs and small jobs", 0.50, ""),
             ("Cleaning, decluttering and storage", 0.15, ""), ("Garden and the front", 0.15, ""),
             ("Energy certificate and photographs", 0.05, ""))  # fmt: skip
    if asking := _ASKING.search(goal):  # on the market at the price the goal asks
        phases = tuple(
            dataclasses.replace(p, title=f"{p.title} at {asking.group(1)}")
            if p.title == _LISTED.title else p
            for p in phases
        )  # fmt: skip
    home = re.search(_HOME, goal, re.I)  # "the flat on the market"
    if home is not None and home.group(0).lower() not in ("house", "home", "property"):
        said = f"the {home.group(0).lower()} "
        phases = tuple(
            dataclasses.replace(p, title=p.title.replace("the house ", said)) for p in phases
        )
    return dataclasses.replace(family, title="Selling a home", phases=phases, lines=lines)


# "asking price £285,000" (found as a user: said in the goal, used nowhere in the plan)
_ASKING = re.compile(
    r"\b(?:asking|guide)(?:\sprice)?(?:\sof|\sis|:)?\s(?:about\s|around\s)?([£$€][0-9][\d,.]*k?)",
    re.I,
)
_AGENT = re.compile(r"\b(?:estate\s)?agent\b", re.I)


def with_agent(family: Family, cs: ConstraintSet) -> Family:
    """A home's sale with its estate agent named ("Priya Shah is our estate agent"): no
    three agents to ask (found as a user: M1 still asked three agents for valuations)."""
    agent = next((m.name for m in cs.members if _AGENT.search(f"{m.role} {m.subject}")), None)
    if agent is None:
        return family
    said = {
        "Three estate agents' valuations in; an agent chosen and their fee agreed": (
            f"{agent} instructed as the agent: valuation, asking price and fee agreed"
        ),
        "Old home on the market: three agents' valuations, an agent chosen, photographs": (
            f"Old home on the market with {agent}: valuation, photographs"
        ),
    }
    phases = tuple(dataclasses.replace(p, title=said.get(p.title, p.title)) for p in family.phases)
    return dataclasses.replace(family, phases=phases)


def for_move_with_sale(family: Family, goal: str) -> Family:
    """A move that sells the home it leaves (a second trial's: "Sell our house and move to
    Bristol" gave notice on the old home as if it were rented): the old home on the market
    first, then sold as the new one is found."""
    if family.id != "move" or not sold_on_the_way(goal):
        return family
    listed = phase(
        "Old home on the market: three agents' valuations, an agent chosen, photographs",
        0.2,
        "Move planner",
        "agent valuation listing market",
    )
    phases = tuple(
        dataclasses.replace(p, title="Old home sold (offer accepted, contracts exchanged); the"
                            " new one found and signed for")
        if p.title.startswith("New home found") else p
        for p in family.phases
    )  # fmt: skip
    pension = (_PENSION,) if retires(goal) else ()  # "retire … and downsize"
    return dataclasses.replace(family, phases=(phases[0], *pension, listed, *phases[1:]))


def sold_on_the_way(goal: str) -> bool:
    """A home sold by the move that leaves it (a downsizer's too)."""
    return _SELLS.search(goal) is not None or _DOWNSIZES.search(goal) is not None


_DOWNSIZES = re.compile(r"\bdownsiz(?:e|ed|es|ing)\b", re.I)
_RETIRES = re.compile(r"\bretir(?:e|es|ing|ement)\b", re.I)


def retires(goal: str) -> bool:
    return _RETIRES.search(goal) is not None


_PENSION = phase(
    "Pension claimed, three months or more before the last day at work; notice given",
    0.1, "Move planner", "pension retirement notice employer",
)  # fmt: skip


def as_sold(steps: tuple[tuple[float, str, str], ...]) -> tuple[tuple[float, str, str], ...]:
    """A move's countdown for a home that is sold, not rented: contracts, not notice."""
    said = {
        "give notice on the old one": "exchange contracts on the old one",
        "hand back the old home's keys": "leave the old home's keys with the agent",
    }
    found = []
    for share, task, topic in steps:
        for rented, sold in said.items():
            task = task.replace(rented, sold)
        found.append((share, task, topic))
    return tuple(found)
