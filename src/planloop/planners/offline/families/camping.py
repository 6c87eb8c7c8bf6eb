"""A camping trip sleeps in a tent (found as a user: "Plan a 4-night camping trip in the
Lake District for our family of four" was to book "a bed for every night", check
passports and visas, and book "key sights, tours and trains"). The trip family
(occasions.py) for camping: a pitch, the kit, the weather and the meals instead of rooms
and papers."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard
from planloop.planners.offline.families.roadtrips import drives

_CAMP = re.compile(
    r"\bcamping\b|\bcampsites?\b|\bglamping\b|\bwild[\s-]camp\w*|\btents?\b|\bcamp\sout\b",
    re.I,
)


def camps(goal: str) -> bool:
    """Sleeping in a tent; a campervan's trip is a road trip (roadtrips.py)."""
    return _CAMP.search(goal) is not None and not drives(goal)


_WILD = re.compile(r"\bwild[\s-]camp\w*|\bbivv?(?:y|ies)\b|\bbackpacking\b", re.I)


def camps_wild(goal: str) -> bool:
    """Camping away from campsites: no pitch to book, a route, water and the rules instead
    (found by a new user's trial: a wild camp was to book "a campsite for every night")."""
    return _WILD.search(goal) is not None


def for_camping(family: Family, goal: str) -> Family:
    """The trip family for camping: a pitch for every night, the kit, meals and weather."""
    if family.id != "trip" or not camps(goal):
        return family
    if camps_wild(goal):
        return dataclasses.replace(family, title="A wild camping trip", team="Campers",
                                   phases=_WILD_PHASES, lines=_WILD_LINES)  # fmt: skip
    phases = (
        phase("Dates, campers and budget fixed", 0.05, "Trip planner", "dates budget"),
        phase("Campsite booked for every night", 0.2, "Trip planner",
              "campsite pitch pitches booking"),
        phase("Travel there and back planned: the car, or trains and the last stretch", 0.35,
              "Trip planner", "travel car trains"),
        phase("Kit checked: the tent pitched once at home; what is missing borrowed or bought",
              0.55, "Trip planner", "kit tent sleeping equipment"),
        phase("Each day planned, with a wet-weather plan", 0.75, "Trip planner",
              "itinerary walks activities weather"),
        phase("Meals, stove fuel and packing sorted; the forecast checked", 0.95, "Campers",
              "food meals packing forecast"),
        phase("Departure", 1.0, "Trip planner", "departure"),
    )  # fmt: skip
    lines = (("Campsite pitches", 0.35, "night"), ("Travel there and back", 0.25, ""),
             ("Food and stove fuel", 0.20, "day"), ("Kit bought or hired", 0.12, ""),
             ("Activities and entry fees", 0.05, ""))  # fmt: skip
    return dataclasses.replace(family, title="A camping trip", team="Campers", phases=phases,
                               lines=lines)  # fmt: skip


_WILD_PHASES = (
    phase("Dates, campers and budget fixed", 0.05, "Trip planner", "dates budget"),
    phase("Route and each night's spot chosen where wild camping is allowed; water on the "
          "way found", 0.25, "Trip planner", "route spots water access"),
    phase("Travel to the start and back from the end planned", 0.4, "Trip planner",
          "travel trains car"),
    phase("Kit checked and weighed: tent, sleeping bag and mat, stove, water filter, map and "
          "compass", 0.6, "Trip planner", "kit tent sleeping equipment navigation"),
    phase("Route shared with someone at home; a way off the hill for bad weather", 0.8,
          "Trip planner", "safety weather escape"),
    phase("Food, stove fuel and packing sorted; the forecast checked", 0.95, "Campers",
          "food meals packing forecast"),
    phase("Departure", 1.0, "Trip planner", "departure"),
)  # fmt: skip
_WILD_LINES = (
    ("Travel to the start and back", 0.35, ""), ("Food and stove fuel", 0.30, "day"),
    ("Kit bought or hired", 0.25, ""), ("Maps and a water filter", 0.05, ""),
)  # fmt: skip

# (share of the run-up before departure, task, topic)
WILD_COUNTDOWN = (
    (0.8, "Choose the route and each night's spot; check where wild camping is allowed and "
     "the local rules (in Scotland, the Outdoor Access Code)", "route"),
    (0.6, "Plan the travel to the start and back from the end", "travel"),
    (0.45, "Pitch the tent at home once; weigh the packs; borrow or buy what is missing",
     "kit"),
    (0.25, "Mark water sources and a way off the hill on the map; share the route with "
     "someone at home", "safety"),
    (0.08, "Plan the meals; buy stove fuel; check the mountain forecast", "food"),
    (0.02, "Pack from a kit list: midge net, head torch, first aid; leave no trace", "packing"),
)  # fmt: skip
CAMPING_COUNTDOWN = (
    (0.85, "Book the campsite for every night: the popular ones fill months ahead", "campsite"),
    (0.65, "Plan the travel there and back; book trains early if you are not driving",
     "travel"),
    (0.45, "Pitch the tent at home once; check sleeping bags, mats and the stove; borrow or "
     "buy what is missing", "kit"),
    (0.25, "Plan each day: walks everyone can manage, and what to do if it rains",
     "itinerary"),
    (0.08, "Plan the meals; buy stove fuel; check the forecast and the campsite's rules",
     "food"),
    (0.02, "Pack from a kit list; save the bookings offline", "packing"),
)  # fmt: skip

CAMP_HAZARD = Hazard(
    "Heavy rain or strong wind at the campsite", "Medium", "High",
    "Check the forecast a week before; take a tarp and spare pegs; know where to go indoors",
    "Trip planner", "A wet or windy forecast for the dates",
)  # fmt: skip
WILD_HAZARD = Hazard(
    "Bad weather or low cloud on the hill", "Medium", "High",
    "Check the mountain forecast each day before; know the way off the hill; turn back early",
    "Trip planner", "Gales, heavy rain or low cloud forecast for the route",
)  # fmt: skip
WILD_OPPORTUNITIES = (
    "Bothies on the route as a roof for a wet night",
    "Kit borrowed from friends, or hired, instead of bought",
)
CAMP_EXTRAS = ("A night walk to see the stars", "A campfire meal, where fires are allowed")
CAMP_OPPORTUNITIES = (
    "Campsites with cheaper midweek pitches",
    "Kit borrowed from friends, or hired, instead of bought",
)
