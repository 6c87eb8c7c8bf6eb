"""A community garden is grown, not only opened (found as a user: "Set up a community
garden on the empty lot behind our school" got the community family's general steps and
no clearing, soil, beds, water or planting). The community family (kinds.py) sets up a
service; a goal that names a garden or an allotment gets the ground's own work."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_GARDEN = re.compile(r"\b(?:garden|gardens|allotments?|orchard|growing\sspace)\b", re.I)


def for_garden(family: Family, goal: str) -> Family:
    """The community family for a garden: the site, the soil, the beds, the planting."""
    if family.id != "community" or _GARDEN.search(goal) is None:
        return family
    phases = (
        phase("Organisers, site and the landowner's permission agreed", 0.1, "Organiser",
              "site landowner permission place"),
        phase("Volunteers recruited; roles and a watering rota set", 0.25,
              "Volunteer coordinator", "volunteers rota roles watering"),
        phase("Site cleared; soil tested; water supply arranged", 0.45, "Volunteer coordinator",
              "clearing soil water"),
        phase("Beds built; tools, compost and seeds in", 0.65, "Volunteer coordinator",
              "beds tools compost seeds"),
        phase("First planting done; sign-ups open", 0.85, "Organiser", "planting signups"),
        phase("Opening day", 1.0, "Organiser", "opening launch"),
    )  # fmt: skip
    lines = (("Timber and materials for raised beds", 0.25, ""), ("Soil, compost and seeds",
             0.20, ""), ("Water: butts, hoses and a connection", 0.10, ""), ("Tools", 0.15,
             ""), ("Insurance", 0.10, ""), ("Signs and the opening day", 0.05, ""))  # fmt: skip
    return dataclasses.replace(family, phases=phases, lines=lines)
