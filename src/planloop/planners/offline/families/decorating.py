"""A room redecorated is painted and furnished, not built (found by new users' trials:
"Redecorate the living room and hallway" and "Redecorate my daughter's bedroom: paint the
walls, new curtains, a cabin bed and two shelves" got drawings, planning and building
regulations, structural work, a first fix of plumbing and electrics, and an architect's
line). The renovation family (kinds.py, rooms.py) in a decorator's words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_REDECORATE = re.compile(
    r"\b(?:redecorat\w*|repaint\w*|decorat(?:e|ing)|do\sup(?!\sto\b)|freshen\sup|paint(?:ing)?\s(?:the\s)?"
    r"(?:walls?|ceilings?|woodwork|room|bedroom|hall|hallway|landing|living\sroom|lounge))\b",
    re.I,
)
# building work or a trade's, which a decoration is not
_BUILDING = re.compile(
    r"\b(?:builders?|plumb\w*|electric\w*|rewir\w*|structural|knock\w*\s(?:through|down)"
    r"|extension|loft|kitchen|bathroom|plaster\w*|damp|roof|(?:new|replace\w*)\s(?:the\s)?windows?)\b",
    re.I,
)
_PAINTER = re.compile(r"\b(?:decorators?|painters?)\b", re.I)


def redecorates(goal: str) -> bool:
    """A goal that redecorates a room: paint, curtains, furniture; no building work."""
    return _REDECORATE.search(goal) is not None and _BUILDING.search(goal) is None


# (share, step, owner, topics, what to watch): a room's decoration, the room cleared first
DECOR_WORKS = (
    (0.0, "Choose the colours; measure the room; list what to buy",
     "Homeowner", "design colours measure", "test patches of paint on two walls, in daylight"),
    (0.2, "Buy what is on the list", "Homeowner", "order buy paint",
     "flat-pack furniture and made-to-measure curtains have lead times"),
    (0.45, "Clear the room; fill, sand and mask the walls and woodwork", "Homeowner",
     "clearing preparation", "dust sheets down and the floor covered before any paint"),
    (0.6, "Paint the ceiling, then the walls, then the woodwork", "Homeowner",
     "painting paint walls", "two coats, each dry before the next"),
    (0.8, "Build the furniture; put up the curtains and shelves", "Homeowner",
     "furniture assemble build curtains shelves", "shelves fixed into studs or with wall plugs"),
    (0.95, "Put the room back; touch up what got marked", "Homeowner", "snagging",
     "keep a little of each paint for later touch-ups"),
)  # fmt: skip


def for_decor(family: Family, goal: str) -> Family:
    """The renovation family for a room redecorated: its phases and lines."""
    doer = "Decorator" if _PAINTER.search(goal) else "Homeowner"
    phases = (
        phase(
            "Colours chosen; the room measured; a shopping list made",
            0.15,
            "Homeowner",
            "design colours measure",
        ),
        phase("Everything on the list bought", 0.3, "Homeowner", "order buy paint"),
        phase("Room cleared; walls filled, sanded and masked", 0.55, doer, "clearing preparation"),
        phase("Ceiling, walls and woodwork painted", 0.75, doer, "painting paint walls"),
        phase(  # a decorator paints; the furniture stays the homeowner's
            "Furniture built; curtains and shelves up",
            0.9,
            "Homeowner",
            "furniture assemble build curtains shelves",
        ),
        phase("Room put back; touch-ups done", 1.0, "Homeowner", "snagging"),
    )
    lines = (
        ("Paint, primer and filler", 0.25, ""),
        ("Brushes, rollers, tape and dust sheets", 0.08, ""),
        ("Furniture", 0.35, ""),
        ("Curtains, blinds and soft furnishings", 0.15, ""),
        ("Shelves, fixings and hardware", 0.05, ""),
    )
    return dataclasses.replace(family, title="A room redecorated", team=doer, phases=phases,
                               lines=lines)  # fmt: skip


DECORATOR = "Decorator"
TRADE = ("decorator", "painter")  # the scopes of a start said of one (constraints.extract)
DECORATOR_DAYS = 10  # a decorator's room: prepared, painted, the furniture back in
_DECORATORS_WORK = frozenset({"preparation", "painting"})


def decorators_work(topics: tuple[str, ...] | list[str]) -> bool:
    """Whether a step of a redecoration is the decorator's: preparing and painting."""
    return bool(_DECORATORS_WORK & set(topics))


def by_the_decorator(family: Family, trade: str) -> Family:
    """A room redecorated by a decorator said at a checkpoint ("a decorator can start on 8
    February"; found by a new user's trial: the homeowner kept the painting): the
    preparation and painting are the decorator's."""
    if family.title != "A room redecorated" or trade not in TRADE:
        return family
    phases = tuple(
        dataclasses.replace(p, owner=DECORATOR) if decorators_work(p.topics) else p
        for p in family.phases
    )
    return dataclasses.replace(family, team=DECORATOR, phases=phases)


# what a redecoration usually meets (hazards.py has each family's)
DECOR_HAZARD = Hazard(
    "The walls need more filling and coats than planned", "Medium", "Medium",
    "Test the paint on two walls first; buy a tin more than the calculator says",
    "Homeowner", "Patches still showing after the second coat",
)  # fmt: skip
