"""A stall kept as a small business at a market ("open a small weekend bakery stall at the
farmers' market by April"): the venue family in a trader's steps. Found by a new user's
trial: it was planned as the market itself, with stallholders recruited and a market
manager, its first day a Friday, its food registration and hygiene certificate lost."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

# a stall opened or kept (not a one-off sale at a fête: sales.py), at a market or fair
_STALL = re.compile(
    r"\b(?:open|start|set\sup|launch|run|have|get)\s(?:a|an|my|our)\s(?:[\w'’-]+\s){0,4}?"
    # "a weekly farmers' market stall" (found as a user: planned as the market itself)
    r"(?:(?:market|fair)\sstall\b|stall\b(?=[^.;]*\b(?:markets?|fairs?)\b))",
    re.I,
)
# ... as a trade: every week or weekend, or a business, not a day's sale
_KEPT = re.compile(
    r"\b(?:weekend|weekly|every\s(?:week|weekend|saturday|sunday)|saturdays|sundays|regular"
    r"|business|farmers['’]?\smarket|open|start|set\sup|launch)\b",
    re.I,
)
_FOOD = re.compile(
    r"\b(?:bak\w*|cakes?|bread|food|coffee|jam|chutney|cheese|pies?|sourdough|pastr\w+|"
    r"hygiene)\b",
    re.I,
)


def keeps_a_stall(goal: str) -> bool:
    return _STALL.search(goal) is not None and _KEPT.search(goal) is not None


def for_stall(family: Family, goal: str) -> Family:
    """The venue family for a stall kept at a market."""
    if family.id != "venue" or not keeps_a_stall(goal):
        return family
    food = _FOOD.search(goal) is not None
    first = (
        phase("Food business registered with the council (at least 28 days before trading);"
              " food hygiene certificate done", 0.15, "Stallholder",
              "permit permits licence registration council hygiene certificate training")
        if food
        else phase("Trading name, what to sell and prices decided; any licence the market asks"
                   " for applied for", 0.15, "Stallholder", "permit licence registration")
    )  # fmt: skip
    phases = (
        first,
        phase("Pitch applied for and confirmed; public and product liability insurance in"
              " place", 0.3, "Stallholder", "pitch pitches market insurance"),
        phase("Gazebo, tables, display and card reader bought; a trial set-up at home", 0.5,
              "Stallholder", "equipment gazebo tables display card reader"),
        phase(("Recipes tested and costed; allergen labels, prices and packaging ready"
               if food else "Stock made or bought; price labels and packaging ready"),
              0.75, "Stallholder", "stock recipes ingredients suppliers prices labels allergens"),
        phase("A trial batch sold to friends; quantities for the first day fixed", 0.9,
              "Stallholder", "trial quantities"),
        phase("First market day", 1.0, "Stallholder", "opening launch trading market day"),
    )  # fmt: skip
    lines = (("Gazebo, tables and display", 0.30, ""), ("First stock and ingredients", 0.20, ""),
             ("Pitch fees", 0.12, ""), ("Insurance", 0.06, ""),
             ("Registration, certificate and training", 0.04, ""),
             ("Labels, packaging and signage", 0.08, ""), ("Card reader", 0.03, ""))  # fmt: skip
    return dataclasses.replace(
        family, phases=phases, lines=lines, lead="Stallholder", team="Stallholder"
    )
