"""A holiday at home: somewhere in the UK on a budget in pounds needs no passport, visa or
foreign money (found by a new user's trial: "a week-long family holiday to Cornwall …,
budget £2,500" checked passports and visas and ordered local currency).

The trip family (occasions.py) for a holiday in the country whose money the budget is in:
its phases, countdown and risk in place of a trip abroad's."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_UK = re.compile(
    r"\b(?:Cornwall|Devon|Dorset|Somerset|Norfolk|Suffolk|Yorkshire|Northumberland|Cumbria"
    r"|the\sLake\sDistrict|the\sLakes|the\sPeak\sDistrict|the\sCotswolds|Snowdonia|Wales"
    r"|Pembrokeshire|Anglesey|Scotland|the\sHighlands|Skye|the\sIsle\sof\s(?:Wight|Man)"
    r"|Kent|Sussex|Brighton|Bath|York|Edinburgh|Cardiff|Oxford|Cambridge|London|the\sUK"
    r"|Britain|England)\b"
)

HOME_TRIP_COUNTDOWN = (
    (0.85, "Book the place to stay: the popular areas fill up months ahead", "accommodation"),
    (0.75, "Book travel there and back, or plan the drive and the stops", "travel"),
    (0.60, "Buy travel insurance; check every booking's cancellation terms", "insurance"),
    (0.40, "Book what sells out: key sights, tours, a table for a special meal",
     "tickets"),
    (0.20, "Set the day-by-day plan, with a wet-weather day", "itinerary"),
    (0.02, "Pack; save every booking offline; check the traffic or the trains", "packing"),
)  # fmt: skip

HOME_TRIP_HAZARD = Hazard(
    "The places to stay fill up before you book", "Medium", "High",
    "Book the stay first, before anything else, with free cancellation; keep a second area "
    "in mind", "Trip planner", "Fewer than three places left with the dates free",
)  # fmt: skip


def stays_at_home(family_id: str, goal: str) -> bool:
    return family_id == "trip" and "£" in goal and _UK.search(goal) is not None


def for_home_trip(family: Family, goal: str) -> Family:
    """The trip family for a holiday at home: no passports, visas or foreign money."""
    if not stays_at_home(family.id, goal):
        return family
    phases = tuple(
        phase("Travel insurance bought; cancellation terms checked", p.share, p.owner,
              "insurance cancellation")
        if "Passports" in p.title
        else phase("Packing, parking and the first day's travel sorted", p.share, p.owner,
                   "packing parking")
        if p.title.startswith("Money, local transport")
        # the stay booked first: the popular places fill up months ahead
        else dataclasses.replace(p, share=0.2)
        if p.title.startswith("A bed booked")
        else dataclasses.replace(p, share=0.35)
        if p.title.startswith("Travel there and back")
        else p
        for p in family.phases
    )  # fmt: skip
    phases = tuple(sorted(phases, key=lambda p: p.share))
    lines = tuple(
        ("Insurance", share, unit) if name == "Insurance and documents" else (name, share, unit)
        for name, share, unit in family.lines
    )
    return dataclasses.replace(family, phases=phases, lines=lines)
