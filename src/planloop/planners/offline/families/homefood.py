"""Food made at home and sold: a micro-bakery, cakes to order, jam for the village shop. It
has no premises to fit out and no staff, but it has food rules (a council's registration, or
a US state's cottage food labels), a price per item, orders, bake days and deliveries (found
by a new user's trial: "Run a 3-week trial sourdough micro-bakery from my home kitchen" was
planned as a kitchen refit, with a builder's quotes and the plumbing's first fix). The
venue family (kinds.py) in a home baker's words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_FROM_HOME = re.compile(
    r"\b(?:micro-?bakery|cottage\sfood|home\s(?:bakery|baking|food)\s(?:business|trial)"
    r"|(?:bak\w+|cakes?|bread|loaves|jam|food)\b[^.]{0,60}\bfrom\s(?:my|our|the)\s(?:home"
    r"|(?:home\s)?kitchen))\b",
    re.I,
)
_SOLD = re.compile(
    r"\b(?:sell\w*|pre-?orders?|orders?|customers?|a\sloaf|per\sloaf|each|business|trial)\b", re.I
)


def bakes_from_home(goal: str) -> bool:
    """Food made at home to sell, with no premises named."""
    return _FROM_HOME.search(goal) is not None and _SOLD.search(goal) is not None


def for_home_food(family: Family, goal: str) -> Family:
    """The venue family for food made at home and sold to order."""
    if family.id != "venue" or not bakes_from_home(goal):
        return family
    phases = (
        phase("Food rules sorted: registered with the council, or cottage food labels with the"
              " ingredients, allergens and your address", 0.15, "Baker",
              "permit licence registration labels council hygiene"),
        phase("Recipes, costs and a price per item fixed; a test bake for friends", 0.3,
              "Baker", "recipes costs prices test"),
        phase("Orders open: an order form, a pick-up or delivery slot, payment taken", 0.45,
              "Baker", "orders instagram form payment"),
        phase("First bake day: every order made, labelled and handed over", 0.6, "Baker",
              "bake day labels deliveries"),
        phase("Bake days run to time: oven batches planned, deliveries done", 0.85, "Baker",
              "bake oven batches deliveries"),
        phase("Reviewed: orders, costs and hours against what was hoped; go on or stop", 1.0,
              "Baker", "review"),
    )  # fmt: skip
    lines = (("Ingredients and packaging", 0.4, ""), ("Labels and registration", 0.1, ""),
             ("Equipment: tins, baskets, scales", 0.25, ""),
             ("Order page and a little promotion", 0.1, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="Food made at home and sold", lead="Baker", team="Baker", phases=phases,
        lines=lines, structure="Set-up steps",
    )  # fmt: skip
