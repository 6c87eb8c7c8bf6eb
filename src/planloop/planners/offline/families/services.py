"""A service business run by its owner from home or on the road: cleaning, dog walking,
tutoring, gardening and the like. It has no premises to fit out, no staff to hire and no
opening day, but it needs registering, insurance, kit, prices and its first clients
(found by a new user's trial: "Start a small home cleaning business in Leeds" got premises
and a fit-out, staff hired and trained, a soft opening with invited guests and a loyalty
card). The venue family (kinds.py) in a sole trader's words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_SERVICE = re.compile(
    r"\b(?:cleaning|dog[\s-]walking|pet[\s-]sitting|tutoring|tuition|gardening|window[\s-]cleaning"
    r"|handyman|bookkeeping|ironing|childminding|mobile\s(?:hairdressing|beauty|massage"
    r"|mechanic)|removals?|decorating|painting\sand\sdecorating|photography|wedding\sphotography"
    r"|personal\straining|catering)\s(?:business|service|round)\b",
    re.I,
)
# premises named: a shop, a salon or a unit is the venue family's as it is
_PREMISES = re.compile(r"\b(?:premises|shop|salon|studio|unit|office|café|cafe|restaurant)\b", re.I)


def runs_a_service(goal: str) -> bool:
    """The goal starts a service business its owner runs, with no premises named."""
    return _SERVICE.search(goal) is not None and _PREMISES.search(goal) is None


def for_service(family: Family, goal: str) -> Family:
    """The venue family for a service business run by its owner."""
    if family.id != "venue" or not runs_a_service(goal):
        return family
    phases = (
        phase("Services, prices and the area covered set; a name chosen", 0.1, "Owner",
              "services prices area name pricing"),
        phase("Registered as self-employed with HMRC; public liability insurance bought",
              0.25, "Owner", "registration hmrc tax insurance legal"),
        phase("Kit and supplies bought; bookings, invoices and records set up", 0.4, "Owner",
              "kit equipment supplies bookings invoices records"),
        phase("First clients found: leaflets, local groups online, friends and neighbours",
              0.6, "Owner", "marketing leaflets clients customers advertising"),
        phase("First paid jobs done; a review asked of every client", 0.8, "Owner",
              "jobs reviews"),
        phase("A full week of regular clients", 1.0, "Owner", "regular clients week"),
    )  # fmt: skip
    lines = (("Equipment and supplies", 0.35, ""), ("Insurance", 0.15, ""),
             ("Marketing: leaflets and a simple website", 0.25, ""),
             ("Transport", 0.15, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A service business run by its owner", lead="Owner", team="Owner",
        phases=phases, lines=lines, structure=SERVICE_STRUCTURE,
    )  # fmt: skip


SERVICE_STRUCTURE = "Set-up steps"
# what to watch at each step, by the start of its milestone's title
SERVICE_WATCH = {
    "Services, prices": "look up three local rivals' prices; price by the job as well as by"
    " the hour",
    "Registered as self-employed": "register by 5 October after the tax year you start in;"
    " keep every receipt from day one",
    "Kit and supplies": "one calendar for bookings; an invoice number on every invoice",
    "First clients found": "leaflet the same streets twice; say the area and the price",
    "First paid jobs": "a review and a referral asked for after every first job",
    "A full week": "regular weekly or fortnightly slots before one-off jobs",
}


SERVICE_HAZARD = Hazard(
    "Too few regular clients in the first months to cover the costs", "Medium", "High",
    "Leaflet the same streets twice; ask every client for a review and a name; fill gaps"
    " with one-off jobs",
    "Owner", "Fewer than half the hours wanted booked a month after the first job",
)  # fmt: skip
SERVICE_OPPORTUNITIES = (
    "Local Facebook and neighbourhood groups where people ask for recommendations",
    "Regular clients booked weekly or fortnightly, not one-off jobs",
)
SERVICE_EXTRAS = (
    "A referral offer: a discount for each new client a client brings",
    "A simple booking page",
)
