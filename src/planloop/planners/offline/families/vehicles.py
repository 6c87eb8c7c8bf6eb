"""A food truck, van or cart: a business that trades from a vehicle at markets and events,
not from premises (found as a user: "Get my food truck licensed and trading at the Leeds
summer markets" was planned as organising a market: recruiting vendors and setting stall
fees, with no licence or hygiene inspection in it). The venue family (kinds.py) in a
trader's words: the vehicle instead of premises, pitches instead of a soft opening."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_VEHICLE = re.compile(
    r"\b(?:food[\s-]?truck|food\svan|street[\s-]food|(?:coffee|burger|pizza|taco|ice[\s-]cream)"
    r"\s(?:truck|van|trailer|cart|bike)|catering\s(?:van|trailer))s?\b",
    re.I,
)


def trades_from_a_vehicle(goal: str) -> bool:
    return _VEHICLE.search(goal) is not None


def for_vehicle(family: Family, goal: str) -> Family:
    """The venue family for a business that trades from a vehicle."""
    if family.id != "venue" or not trades_from_a_vehicle(goal):
        return family
    phases = (
        phase("Food business registered with the council; street-trading licence applied for",
              0.15, "Owner", "permit permits licence license legal registration council"),
        phase("Vehicle bought or leased; kitchen fitted out; gas and electrics certified",
              0.35, "Owner", "vehicle truck van fit-out equipment gas"),
        phase("Food hygiene training done; hygiene inspection passed", 0.5, "Owner",
              "hygiene inspection training allergens"),
        phase("Suppliers set up; menu, prices and allergen list fixed", 0.65, "Owner",
              "supply supplier suppliers stock menu prices"),
        phase("Market pitches applied for and confirmed; insurance in place", 0.8, "Owner",
              "pitches pitch markets events insurance"),
        phase("First trading day", 1.0, "Owner", "opening launch trading"),
    )  # fmt: skip
    lines = (("Vehicle: purchase or lease", 0.35, ""), ("Kitchen fit-out and equipment", 0.20, ""),
             ("Licences, registration and inspection", 0.05, ""),
             ("Pitch fees", 0.10, ""), ("Insurance", 0.05, ""),
             ("First stock and supplies", 0.10, ""))  # fmt: skip
    return dataclasses.replace(family, phases=phases, lines=lines)
