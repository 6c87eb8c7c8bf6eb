"""A garden building put up by the household: a shed, a summerhouse, a greenhouse, a log
cabin. It is a build, not a makeover: the rules on its size and place checked, the kit and
the base's materials ordered, the base laid and left to cure, the building put up (found by
a new user's trial: "Build an 8x6ft timber shed on a new concrete base … over the Easter bank
holiday weekend" was a four-month garden makeover, with a landscaper, a patio and turf).
The renovation family (kinds.py) in a builder's-at-home words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_BUILDING = re.compile(
    r"\b(?:build|building|put\sup|putting\sup|erect|erecting|assemble|assembling)\s"
    r"(?:a|an|our|my|the|new)\s(?:[\w'’-]+\s){0,4}?"
    r"(?:shed|summerhouse|summer\shouse|greenhouse|log\scabin|garden\s(?:room|office|studio)"
    r"|playhouse|bike\sstore|workshop)\b",
    re.I,
)


def builds_a_shed(goal: str) -> bool:
    return _BUILDING.search(goal) is not None


def for_shed(family: Family, goal: str) -> Family:
    """The renovation family for a garden building the household puts up."""
    if family.id != "renovation" or not builds_a_shed(goal):
        return family
    phases = (
        phase("Size and spot checked against the rules: height, distance from the boundary,"
              " any permission needed", 0.15, "Homeowner", "planning permission rules size"),
        phase("Kit or timber, base materials and fixings ordered; delivery booked", 0.5,
              "Homeowner", "order kit timber delivery materials"),
        phase("Base laid level and left to cure (a concrete base: a week or more)", 0.85,
              "Homeowner", "base concrete slabs level"),
        phase("Building put up: floor, walls, roof and felt, door and windows", 0.98,
              "Homeowner", "build walls roof felt"),
        phase("Finished: treated or painted, guttering on, site tidied", 1.0, "Homeowner",
              "finish paint treatment tidy"),
    )  # fmt: skip
    lines = (("The building: kit or timber", 0.55, ""), ("Base: concrete or slabs", 0.2, ""),
             ("Fixings, felt and wood treatment", 0.1, ""),
             ("Tools and skip hire", 0.05, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A garden building put up", lead="Homeowner", team="Homeowner",
        phases=phases, lines=lines, default_days=60,
    )  # fmt: skip


# (share, step, owner, topics, what to watch): the works of a garden building, by the household
SHED_WORKS = (
    (0.0, "Measure the spot; check the height and the distance from the boundary against the"
     " rules", "Homeowner", "rules size", "under 2.5 m high near a boundary needs no"
     " permission in England; check a listed home or a conservation area"),
    (0.3, "Order the kit or the timber, the base's materials and the fixings", "Homeowner",
     "order kit delivery", "a delivery date a week or more before the base is laid"),
    (0.75, "Dig and lay the base level; let it cure", "Homeowner", "base concrete",
     "a concrete base wants a week or more before it carries the building"),
    (0.97, "Put up the floor, walls and roof; felt the roof; hang the door", "Homeowner",
     "build roof felt", "two people for the walls and the roof"),
    (1.0, "Treat or paint it; fit the guttering; tidy the site", "Homeowner",
     "finish paint", "treat the wood before the first rain"),
)  # fmt: skip
