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


def for_camping(family: Family, goal: str) -> Family:
    """The trip family for camping: a pitch for every night, the kit, meals and weather."""
    if family.id != "trip" or not camps(goal):
        return family
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


# (share of the run-up before departure, task, topic)
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
CAMP_EXTRAS = ("A night walk to see the stars", "A campfire meal, where fires are allowed")
CAMP_OPPORTUNITIES = (
    "Campsites with cheaper midweek pitches",
    "Kit borrowed from friends, or hired, instead of bought",
)
