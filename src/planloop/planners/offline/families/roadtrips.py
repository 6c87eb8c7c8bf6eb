"""A road trip is driven (found by a new user's trial: "Plan a 10-day road trip around
Scotland … We have our own car" was to "Book travel there and back" for £426, check
passports and visas, and order local currency). The trip family (occasions.py) for a road
trip: the route and the car instead of tickets and papers."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_ROAD = re.compile(
    r"\broad[\s-]?trips?\b|\broadtrips?\b|\bcampervan\b|\bmotorhome\b|\bby\scar\b"
    r"|\bdrive\s(?:around|through|across|along|down|up)\b|\bdriving\sholiday\b",
    re.I,
)


def drives(goal: str) -> bool:
    return _ROAD.search(goal) is not None


# who sleeps in what they drive: a campervan's nights are pitches, its largest cost the van
# (a new user's trial: "a bed booked for every night", the car serviced, no van in the budget)
_VAN = re.compile(r"\b(?:campervans?|camper\svans?|motorhomes?|camper)\b", re.I)


def sleeps_in_the_van(goal: str) -> bool:
    return _VAN.search(goal) is not None


def for_road_trip(family: Family, goal: str) -> Family:
    """The trip family for a road trip: its route and the car where a trip's tickets and
    papers were."""
    if family.id != "trip" or not drives(goal):
        return family
    phases = list(family.phases)
    phases[1] = phase("Route planned: each day's drive, and the ferries booked", 0.2,
                      "Trip planner", "route drive ferries travel")  # fmt: skip
    phases[3] = phase("Car serviced; breakdown cover and insurance checked", 0.5,
                      "Trip planner", "car service breakdown insurance")  # fmt: skip
    lines = (("Fuel, ferries and tolls", 0.20, ""), ("Accommodation", 0.40, "night"),
             ("Food", 0.20, "day"), ("Sights, tours and tickets", 0.08, ""),
             ("Car service and breakdown cover", 0.05, ""))  # fmt: skip
    if sleeps_in_the_van(goal):  # the van first: where it sleeps is booked for its size
        phases[2] = phase("Campervan booked (or serviced); insurance and breakdown cover"
                          " checked", 0.3, "Trip planner",
                          "campervan car service breakdown insurance")  # fmt: skip
        phases[3] = phase("A pitch booked for every night: campsites, the busy places first",
                          0.4, "Trip planner", "accommodation campsites pitches")  # fmt: skip
        lines = (("Campervan hire", 0.40, "day"), ("Campsites", 0.15, "night"),
                 ("Fuel, ferries and tolls", 0.15, ""), ("Food", 0.18, "day"),
                 ("Sights, tours and tickets", 0.06, ""))  # fmt: skip
    return dataclasses.replace(family, title="A road trip", phases=tuple(phases), lines=lines)


# (share of the run-up before departure, task, topic)
ROAD_TRIP_COUNTDOWN = (
    (0.85, "Plan the route: no day's drive over about 4 hours; book the ferries", "route"),
    (0.75, "Book a bed for every night, the busy places first", "accommodation"),
    (0.60, "Book the car's service; check breakdown cover and insurance", "car"),
    (0.40, "Book the tickets that sell out: key sights and tours", "tickets"),
    (0.20, "Set the day-by-day plan: stops, fuel and where to park each night", "itinerary"),
    (0.02, "Check tyres, oil and lights; pack; save every booking offline", "packing"),
)  # fmt: skip

VAN_TRIP_COUNTDOWN = tuple(
    (share, task, topic)
    if topic not in ("accommodation", "car")
    else (share, "Book a pitch for every night: campsites with hook-ups, the busy places"
          " first", topic)
    if topic == "accommodation"
    else (share, "Book the campervan, or its service; check insurance and breakdown cover",
          "campervan")
    for share, task, topic in ROAD_TRIP_COUNTDOWN
)  # fmt: skip

ROAD_HAZARD = Hazard(
    "The car breaks down far from home", "Low", "High",
    "Service it before; breakdown cover with recovery home", "Trip planner",
    "A warning light or a noise in the weeks before",
)  # fmt: skip
