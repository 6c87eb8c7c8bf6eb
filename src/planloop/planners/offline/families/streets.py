"""A street party: the road closed by the council's leave, a leaflet through every door,
tables and bunting gathered from the neighbours, a dish from each household (found by a new
user's trial: a street party for 60 neighbours was a party at home, "Book the place, or plan
the room at home", with no road closure asked for).

The party family (occasions.py) for a street party: its phases, lines, countdown and risk,
each in place of a party's at home or in a room booked."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_STREET = re.compile(r"\b(?:street|road|block)\s(?:party|parties|picnic)\b", re.I)

STREET_COUNTDOWN = (
    (0.95, "Agree the date with the neighbours; ask a few of them to help", "date"),
    (0.85, "Apply to the council to close the road; ask what signs, barriers and insurance "
     "it wants", "road"),
    (0.55, "Put a leaflet through every door: the date, the road closed, what to bring",
     "leaflets"),
    (0.40, "Gather tables, chairs and bunting; ask who can lend a gazebo", "tables"),
    (0.25, "Share out the food: a dish from each household; plan games for the children",
     "food"),
    (0.05, "Remind every door; check the closure notice and the signs are ready", "signs"),
    (0.0, "Close the road as agreed, set up, hold the party, clear up and open it on time",
     "setup"),
)  # fmt: skip

STREET_HAZARD = Hazard(
    "The council does not close the road in time", "Medium", "High",
    "Apply as soon as the date is agreed; ask the council its notice period and chase it a "
    "month before", "Host", "No answer from the council six weeks before the day",
)  # fmt: skip


def holds_a_street_party(family_id: str, goal: str) -> bool:
    return family_id == "party" and _STREET.search(goal) is not None


def for_street(family: Family, goal: str) -> Family:
    """The party family for a street party: the road closure, the neighbours, a shared table."""
    if not holds_a_street_party(family.id, goal):
        return family
    phases = (
        phase("Date agreed with the neighbours; helpers found", 0.1, "Host", "date neighbours"),
        phase("Road closure applied for to the council", 0.25, "Host", "road council closure"),
        phase("A leaflet through every door", 0.5, "Host", "leaflets invitations"),
        phase("Road closure granted; tables, chairs and bunting gathered", 0.75, "Host",
              "tables bunting"),
        phase("Food and games shared out: who brings what", 0.9, "Host", "food games"),
        phase("Party day: the road closed, the party, the street cleared", 1.0, "Host",
              "party day"),
    )  # fmt: skip
    lines = (
        ("Road closure, signs and barriers", 0.15, ""),
        ("Public liability insurance", 0.20, ""),
        ("Tables, chairs and gazebo hire", 0.20, ""),
        ("Bunting and decorations", 0.15, ""),
        ("Games and prizes", 0.10, ""),
        ("Food and drink to top up what is shared", 0.10, ""),
    )
    return dataclasses.replace(
        family, title="A street party", phases=phases, lines=lines, team="Neighbours"
    )
