"""Online ordering for a shop's own customers, delivered locally: an ordering site with a
delivery area, slots and a fee, allergens shown, the first orders delivered to regulars
(found by a new user's trial: "Launch our bakery's online ordering for local delivery" was
an online shop with shipping rates, product photography and makers' markets).

The shop family (kinds.py) for local delivery: its phases, lines, risk and opportunities."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_LOCAL = re.compile(
    r"\b(?:local\sdelivery|deliver(?:y|ies|ing)?\slocally|home\sdelivery|click[\s-]and[\s-]collect"
    r"|delivery\sand\scollection|for\scollection)\b",
    re.I,
)

LOCAL_HAZARD = Hazard(
    "Regulars do not know they can order online", "Medium", "High",
    "Tell every customer at the counter and on the bags for the month before launch; a first-"
    "order offer for regulars", "Shop owner", "Under 20 orders in the first fortnight",
)  # fmt: skip
LOCAL_OPPORTUNITIES = (
    "Regulars who already buy in the shop and live nearby",
    "Neighbourhood groups and newsletters that share local news",
)


def delivers_locally(family_id: str, goal: str) -> bool:
    return family_id == "shop" and _LOCAL.search(goal) is not None


def for_local_delivery(family: Family, goal: str) -> Family:
    """The shop family for orders delivered locally: no shipping, no makers' markets."""
    if not delivers_locally(family.id, goal):
        return family
    lead = family.lead
    phases = (
        phase("What can be ordered, prices and the order cut-off set; ordering platform chosen",
              0.15, lead, "products prices platform"),
        phase("Ordering site built: payments, delivery area, slots and fee, allergens shown",
              0.4, lead, "website site build payments delivery allergens"),
        phase("Delivery arranged: a driver, a bike or a courier, and the packaging", 0.6, lead,
              "driver courier packaging"),
        phase("Soft launch: first orders delivered to friends and regulars", 0.8, lead,
              "orders soft launch"),
        phase("Public launch: told in the shop, on the bags and to the neighbours", 1.0, lead,
              "launch marketing"),
    )  # fmt: skip
    lines = (
        ("Ordering platform and apps", 0.15, "month"),
        ("Web developer", 0.30, ""),
        ("Delivery: driver, bike or courier", 0.20, ""),
        ("Packaging for delivery", 0.10, ""),
        ("Launch marketing", 0.15, ""),
    )
    return dataclasses.replace(
        family, title="Online ordering with local delivery", phases=phases, lines=lines
    )
