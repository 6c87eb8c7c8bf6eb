"""A renovation's room: a kitchen's units, worktops and appliances are not a bathroom's
suite, shower and tiling, nor a loft's structure and insulation (found as a user: a
bathroom was planned with worktops and appliances, "stone worktops are templated after the
units are in"). The renovation family (kinds.py) is the kitchen's; the other rooms get its
phases, budget lines and works sequence with their own words."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from planloop.constraints import ConstraintSet
from planloop.planners.offline.families.cues import CONVERTED
from planloop.planners.offline.families.decorating import (
    DECOR_WORKS,
    DECORATOR_DAYS,
    TRADE,
    for_decor,
    redecorates,
)
from planloop.planners.offline.families.extensions import (
    EXTENSION_WORKS,
    builds_an_extension,
    for_extension,
)
from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.gardens import GARDEN_WORKS, for_own_garden, garden_makeover
from planloop.planners.offline.families.retrofits import energy_upgrade, energy_works, for_energy
from planloop.planners.offline.families.sheds import SHED_WORKS, builds_a_shed, for_shed

_BATHROOM = re.compile(
    r"\b(?:bathrooms?|shower\s?rooms?|en-?suites?|wet\s?rooms?|cloakrooms?|toilets?)\b", re.I
)
_KITCHEN = re.compile(r"\bkitchens?\b", re.I)
# Building work, not a room's fit-out: a loft conversion "with an en-suite" is a structure
# first (found as a user: it got the bathroom's suite, tiles and leak test as its plan).
_STRUCTURE = re.compile(
    r"\b(?:loft|attic|dormer|conversion|convert|extension|extend|basement|garage|outbuilding"
    r"|annex|annexe|storey)\b",
    re.I,
)

# (share, step, owner, topics, what to watch): the kitchen's works
KITCHEN_WORKS = (
    (0.0, "Measure up, design the layout, ask three builders to quote", "Homeowner", "design",
     "quotes on the same drawings, so they compare"),
    (0.15, "Choose the builder; agree a written quote and payment stages", "Homeowner",
     "builder", "pay in stages as work is done, not up front"),
    (0.2, "Order units, fittings and appliances", "Homeowner", "order",
     "ask each supplier for its lead time"),
    (0.45, "Strip out; first fix of plumbing and electrics", "Builder",
     "plumbing electrics electrician plumber", "set up a temporary kitchen elsewhere"),
    (0.6, "Plaster; install units, worktops and fittings", "Builder", "units fitter fitting",
     "stone worktops are templated after the units are in"),
    (0.8, "Fit tiles and flooring; decorate; second fix", "Builder",
     "tiling tiler flooring decorating decorator painter",
     "electrical work signed off or certified where the rules ask"),
    (0.95, "Walk round with the builder; list and clear the snags", "Homeowner", "snagging",
     "the last payment once the list is cleared"),
)  # fmt: skip

_BATHROOM_WORKS = (
    KITCHEN_WORKS[0],
    KITCHEN_WORKS[1],
    (0.2, "Order the suite, shower, taps and tiles", "Homeowner", "order",
     "ask each supplier for its lead time; check the tiles come from one batch"),
    (0.45, "Strip out; first fix of plumbing and electrics", "Builder",
     "plumbing electrics electrician plumber", "keep a toilet and a wash place working meanwhile"),
    (0.6, "Plaster; waterproof the shower area; install the suite and fittings", "Builder",
     "suite fitter fitting waterproofing", "test the shower for leaks before any tile goes on"),
    (0.8, "Tile; lay the floor; decorate; second fix", "Builder",
     "tiling tiler flooring decorating decorator painter",
     "bathroom electrics certified where the rules ask; an extractor fan vented outside"),
    KITCHEN_WORKS[6],
)  # fmt: skip

_OTHER_WORKS = (
    (0.0, "Have drawings made; check planning and building regulations; ask three builders "
     "to quote", "Homeowner", "design", "quotes on the same drawings, so they compare"),
    KITCHEN_WORKS[1],
    (0.2, "Order materials, fixtures and fittings", "Homeowner", "order",
     "ask each supplier for its lead time"),
    (0.45, "Strip out; structural work; first fix of plumbing and electrics", "Builder",
     "structure plumbing electrics electrician plumber",
     "building control or a structural engineer signs off what the rules ask"),
    (0.6, "Insulate and plaster; fit joinery, fixtures and fittings", "Builder",
     "insulation joinery fitter fitting", "insulation and fire safety checked before boarding"),
    KITCHEN_WORKS[5],
    KITCHEN_WORKS[6],
)  # fmt: skip


# Quotes are for a builder not chosen yet; one named ("with builder Sam", "our builder is
# Dave Hughes") has been chosen (found by new users' trials: "ask three builders to quote"
# with Sam named in the goal)
_QUOTES = (
    ("ask three builders to quote", "agree the works and a written quote with {who}"),
    ("three written quotes in", "{who}'s written quote in"),
    ("Choose the builder; agree a written quote and payment stages",
     "Agree {who}'s written quote and payment stages"),
    ("quotes on the same drawings, so they compare", "a quote itemised against the drawings"),
)  # fmt: skip
_BUILDER = re.compile(r"\b(?:builders?|contractors?|fitters?|installers?)\b", re.I)
# ... or who is said to do the fitting: "Ryan does the installation" (a page trial's refit
# kept "Builder" after "Ryan is our fitter now, not Dave")
_FITS = re.compile(r"^(?:does|do|will\sdo|is\sdoing)\sthe\s(?:installation|fitting|build)\b", re.I)


def chosen_builder(cs: ConstraintSet) -> str | None:
    """The builder named, if one is: who "is the builder" or is called the builder, or who
    does the installation."""
    for m in reversed(cs.members):
        named = m.role.startswith(("is the ", "is our ")) and _BUILDER.search(
            f"{m.role} {m.subject}"
        )
        if named or _FITS.match(m.role):
            return m.name
    return None


def with_builder(text: str, builder: str | None) -> str:
    """``text`` in the words of a builder already chosen, when one is."""
    if builder is None:
        return text
    for seeking, chosen in _QUOTES:
        text = text.replace(seeking, chosen.format(who=builder))
    return text


def for_builder(family: Family, cs: ConstraintSet) -> Family:
    """The family's milestones with the builder named, if one is: no quotes sought."""
    builder = chosen_builder(cs)
    if builder is None:
        return family
    phases = tuple(
        dataclasses.replace(p, title=with_builder(p.title, builder)) for p in family.phases
    )
    return dataclasses.replace(family, phases=phases)


def room_of(goal: str) -> str:
    """``kitchen``, ``bathroom``, ``energy`` (an energy upgrade: retrofits.py), ``garden``
    (gardens.py), ``decor`` (a room redecorated: decorating.py) or ``other``
    (a loft, a whole flat, a room that is neither)."""
    if builds_a_shed(goal):  # "an 8x6ft timber shed on a new concrete base": a build
        return "shed"
    if builds_an_extension(goal):  # "a rear kitchen extension": its approvals, its structure
        return "extension"
    if CONVERTED.search(goal):  # a garage made an office: its insulation is a part of it
        return "other"
    if _KITCHEN.search(goal):
        return "kitchen"
    if energy_upgrade(goal) and not _BATHROOM.search(goal):
        return "energy"
    if garden_makeover(goal) and not _BATHROOM.search(goal) and not _STRUCTURE.search(goal):
        return "garden"
    if _STRUCTURE.search(goal):
        return "other"
    if _BATHROOM.search(goal):
        return "bathroom"
    return "decor" if redecorates(goal) else "other"


def works(goal: str) -> tuple[tuple[float, str, str, str, str], ...]:
    """The works sequence of the goal's room."""
    room = room_of(goal)
    if room == "shed":
        return SHED_WORKS
    if room == "energy":
        return energy_works(goal)
    if room == "garden":
        return GARDEN_WORKS
    if room == "decor":
        return DECOR_WORKS
    if room == "extension":
        return EXTENSION_WORKS
    return {"kitchen": KITCHEN_WORKS, "bathroom": _BATHROOM_WORKS}.get(room, _OTHER_WORKS)


def for_room(family: Family, goal: str) -> Family:
    """The renovation family in the goal's room's words (the kitchen's as it is)."""
    room = room_of(goal)
    if family.id != "renovation" or room == "kitchen":
        return family
    if room == "shed":
        return for_shed(family, goal)
    if room == "energy":
        return for_energy(family, goal)
    if room == "garden":
        return for_own_garden(family)
    if room == "decor":
        return for_decor(family, goal)
    if room == "extension":
        return for_extension(family)
    lines: tuple[tuple[str, float, str], ...]
    if room == "bathroom":
        ordered, installed = "suite, shower and tiles", "Suite, shower and fittings"
        lines = (("Builder and labour", 0.35, ""), ("Suite, shower and fittings", 0.22, ""),
                 ("Tiles, waterproofing and flooring", 0.13, ""),
                 ("Plumbing and electrics", 0.10, ""),
                 ("Extractor fan, heated rail and lighting", 0.05, ""))  # fmt: skip
        topics = "suite shower fittings"
    else:
        ordered, installed = "materials and fittings", "Insulation, boarding and fittings"
        lines = (("Builder and labour", 0.35, ""), ("Materials and fittings", 0.22, ""),
                 ("Architect, structural engineer and building control", 0.10, ""),
                 ("Plumbing and electrics", 0.08, ""),
                 ("Plaster, flooring and paint", 0.10, ""))  # fmt: skip
        topics = "insulation boarding fittings"
    phases = list(family.phases)
    phases[1] = phase(f"Builder booked; {ordered} ordered", 0.3, "Homeowner",
                      f"builder order {topics}")  # fmt: skip
    phases[3] = phase(f"{installed} installed", 0.75, "Builder", topics)
    if room == "other":  # building work: drawings and approvals first, the structure next
        first = "Drawings agreed; planning and building regulations checked; three quotes in"
        consulted = "design quotes planning architect structural engineer surveyor"
        phases[0] = phase(first, 0.15, "Homeowner", consulted)
        phases[2] = phase("Structural work done; plumbing and electrics first fix", 0.5,
                          "Builder", "structure plumbing electrics electrician")  # fmt: skip
    return dataclasses.replace(family, phases=tuple(phases), lines=lines)


def works_begin(cs: ConstraintSet) -> date | None:
    """The day the builder (or another trade) was said to start, if one was."""
    said = [c.when for c in cs.of("start") if c.scope and c.when]
    return said[-1] if said else None


def works_trade(cs: ConstraintSet) -> str:
    """Who was said to start the works ("decorator"), in the singular; "" if nobody."""
    said = [c.scope for c in cs.of("start") if c.scope and c.when]
    return said[-1].removesuffix("s") if said else ""


# (where the builder's first step falls, where their start puts it, the share of the
# schedule the works take from then), all shares of the schedule
Site = tuple[float, float, float]


_WHOLE_WORKS = frozenset({"builder", "contractor", "decorator", "painter", "trade"})


def on_site(family: Family, goal: str, cs: ConstraintSet, end: date) -> Site | None:
    """Where the builder's first step of the works falls, where the day they can start puts
    it, and how long the works then take, as shares of the schedule; None unless a
    renovation's builder was said to start within it. A decorator's room takes days, not
    the rest of the schedule (a new user's trial: painting two weeks after the start)."""
    begins = works_begin(cs)
    fitted = family.id == "fitout"  # a room at home: its electrician's step, its own
    if (family.id != "renovation" and not fitted) or begins is None or not cs.start < begins < end:
        return None
    days = (end - cs.start).days
    at = (begins - cs.start).days / days
    after = 1 - at
    if family.title == "A room redecorated" and works_trade(cs) in TRADE:
        after = min(after, DECORATOR_DAYS / days)
    # the builder's first step; a room redecorated has none, and the decorator said to
    # start takes the room from its preparation (found by a new user's trial: a crash)
    steps = (
        tuple((p.share, p.title, p.owner, " ".join(p.topics), "") for p in family.phases)
        if fitted
        else works(goal)
    )
    # a trade of its own starts at its own step: "the tiler can only start on 1 March" is the
    # tiling's day, not the strip-out's (a twelfth trial's: the whole plan began then)
    said = "" if works_trade(cs) in _WHOLE_WORKS else works_trade(cs)
    trade = [share for share, _, _, topics, _ in steps if said and said in topics.split()]
    trade = (
        trade
        or [share for share, _, owner, _, _ in steps if owner == "Builder"]
        or [
            share
            for share, _, _, topics, _ in steps
            if "preparation" in topics or "painting" in topics
        ]
    )
    if not trade:
        return None
    return min(trade), at, after


def on_site_share(share: float, site: Site | None) -> float:
    """``share`` of the way through the schedule once the works begin where ``site`` says:
    what comes before them (design, quotes, orders) fitted in before, the rest after."""
    if site is None:
        return share
    first, at, after = site
    if share < first:
        return share * at / first
    return at + (share - first) * after / (1 - first)


def from_the_site_start(family: Family, site: Site | None) -> Family:
    """The family's milestones around the day the builder starts."""
    if site is None:
        return family
    phases = tuple(
        dataclasses.replace(p, share=on_site_share(p.share, site)) for p in family.phases
    )
    return dataclasses.replace(family, phases=phases)
