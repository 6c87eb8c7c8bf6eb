"""A plant sale sells plants grown for it (found by a new user's trial: "Organise a plant
sale at the village show" was planned as a jumble sale: donations sorted, "tables by kind:
clothes, books, toys, household", what is left given to charity shops; nothing was potted,
labelled or watered). The sale family (occasions.py) for plants."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_PLANTS = re.compile(
    r"\bplant[\s-](?:sale|stall)s?\b|\b(?:seedlings?|cuttings|plug\splants|perennials)\s"
    r"(?:sale|stall)s?\b",
    re.I,
)


def sells_plants(goal: str) -> bool:
    return _PLANTS.search(goal) is not None


def for_plant_sale(family: Family, goal: str) -> Family:
    """The sale family for plants: growers, potting and labels, watering."""
    if family.id != "sale" or not sells_plants(goal):
        return family
    phases = (
        phase("Date, pitch and permission to sell fixed", 0.1, "Organiser",
              "venue pitch place permission date"),
        phase("Growers asked; cuttings taken and seeds sown for the sale", 0.3, "Organiser",
              "growers gardeners cuttings seeds volunteers helpers"),
        phase("Plants potted on and labelled: name, care and price", 0.75, "Organiser",
              "potting labels prices"),
        phase("Posters up and the sale announced locally", 0.85, "Volunteers",
              "promotion posters publicity"),
        phase("Sale day; takings counted and banked", 1.0, "Organiser", "sale day takings"),
    )  # fmt: skip
    lines = (
        ("Pots, compost and seed", 0.40, ""), ("Pitch fee", 0.25, ""),
        ("Labels, signs and trays", 0.15, ""), ("Posters and publicity", 0.10, ""),
    )  # fmt: skip
    return dataclasses.replace(family, title="A plant sale", phases=phases, lines=lines)


# (share of the run-up before sale day, task, topic)
PLANT_COUNTDOWN = (
    (0.90, "Book the pitch or the hall; check what may be sold there", "venue"),
    (0.80, "Ask gardeners for cuttings, seedlings and spare plants; sow and pot on early",
     "growers"),
    (0.45, "Pot on every plant; label each with its name, how to care for it and its price",
     "potting"),
    (0.30, "Put up posters; post in local groups and gardening clubs", "promotion"),
    (0.10, "Borrow trays, tables and a cash box; set up a card reader", "kit"),
    (0.03, "Get the float in coins; remind every helper of their shift", "float"),
    # on the day itself: plants are set out fresh, not days before (a trial's)
    (0.0, "Water every plant the evening before; set them out by sun and shade and keep "
     "them watered", "setup"),
)  # fmt: skip

PLANT_HAZARD = Hazard(
    "Too few plants are ready, or they wilt, by sale day", "Medium", "High",
    "Sow and take cuttings early; ask growers for a count by name a month before; keep the "
    "plants watered and shaded", "Organiser", "Fewer than half the plants potted on a month before",
)  # fmt: skip
