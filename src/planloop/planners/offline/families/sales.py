"""What a sale sells: a bake sale's bakes or a jumble sale's donated goods (found as a user:
a jumble sale was planned with bakers, allergen labels and "Ingredients and packaging").
The sale family (occasions.py) is the bake sale; a sale of goods gets its phases, lines
and countdown in these words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.plantsales import sells_plants

_BAKES = re.compile(r"\b(?:bake|baking|cake|cakes|cupcakes?|biscuits?|treats)\b", re.I)

GOODS_COUNTDOWN = (
    (0.90, "Book the hall or pitch; check what may be sold there", "venue"),
    (0.75, "Ask for donations; agree drop-off days and where they are stored", "donations"),
    (0.55, "Put up posters; post in local groups, school and church newsletters", "promotion"),
    (0.35, "Sort the donations; throw out what is broken or unsafe", "sorting"),
    (0.20, "Price everything; borrow tables, rails and a cash box; set up a card reader", "prices"),
    (0.05, "Get the float in coins; remind every helper of their shift", "float"),
    (0.01, "Set up the tables by kind: clothes, books, toys, household", "setup"),
)


# A stall at a fair is a sale, not the fair (found by a new user's trial: "Run a plant and
# cake stall at the village fête" planned the fête, its insurance and raffle prizes)
# ... and so is a sale held at one: "run a bake sale at the school fête" (found as a user:
# the fête's marquees, games and insurance)
_A_STALL_AT = re.compile(
    r"\b(?:run|have|hold|do|take|book)\s(?:a|an|our|my)\s(?:[\w-]+\s){0,4}?"
    r"(?:stall|(?:bake|cake|book|plant|jumble|craft)[\s-]sale)\s(?:at|in)\s(?:the|a|our)\s"
    r"(?:[\w-]+\s){0,3}?(?:f[eê]te|fair|market|festival|show|open\sday)s?\b",
    re.I,
)


def runs_a_stall(goal: str) -> bool:
    """A stall run at someone else's fair or market: a sale of one's own."""
    return _A_STALL_AT.search(goal) is not None


def sells_bakes(goal: str) -> bool:
    return _BAKES.search(goal) is not None


def for_sale(family: Family, goal: str) -> Family:
    """The sale family for a sale of donated goods (the bake sale's as it is), or for one's
    own things sold online."""
    if family.id == "sale" and sells_online(goal):
        return for_online_sale(family)
    if family.id != "sale" or sells_bakes(goal) or sells_plants(goal):
        return family  # a bake sale as it is; plants are plantsales.py's
    phases = list(family.phases)
    phases[1] = phase("Donations pledged; helpers signed up for shifts", 0.4, "Organiser",
                      "donations helpers volunteers")  # fmt: skip
    phases[3] = phase("Donations sorted and priced; card reader set up", 0.9, "Organiser",
                      "sorting prices")  # fmt: skip
    phases[4] = phase("Sale day; what is left given to charity shops; takings banked", 1.0,
                      "Organiser", "sale day takings")  # fmt: skip
    lines = (("Hall or pitch hire", 0.35, ""), ("Tables, rails and signs", 0.20, ""),
             ("Posters and publicity", 0.15, ""), ("Bags and price labels", 0.10, ""),
             ("Taking what is left away", 0.05, ""))  # fmt: skip
    return dataclasses.replace(family, phases=tuple(phases), lines=lines)


# Selling one's own things online, a house decluttered (found by a new user's trial:
# "Declutter my house … and sell unwanted furniture, clothes and electronics on eBay and
# Vinted to raise £3,000" got a study schedule, then a fundraising appeal)
_ONLINE_SALE = re.compile(
    # (one's own things: a maker selling prints "on Etsy" runs a shop, the shop family's; and
    # "declutter the house" alone sells nothing)
    r"\bsell\w*\s[^.;]{0,90}?\b(?:on|via|through)\s(?:ebay|vinted|depop|gumtree"
    r"|facebook(?:\smarketplace)?|marketplace|preloved|online)\b"
    # "sell unwanted furniture online": what one no longer needs
    r"|\bsell\w*\s(?:(?:my|our|the)\s)?(?:unwanted|old|used|second-hand|spare)\s[^.;]{0,60}?"
    r"\bonline\b"
    # "declutter and sell what we don't need before moving house" (found by a new user's
    # trial: planned as the move, with a home search and visas, and nothing sold)
    r"|\bdeclutter\w*\b[^.;]{0,60}?\bsell\b"
    r"|\bsell\w*\swhat\s(?:we|i)\s(?:don['’]t|do\snot|no\slonger|can(?:['’]t|not)?)\b",
    re.I,
)


def sells_online(goal: str) -> bool:
    return _ONLINE_SALE.search(goal) is not None


ONLINE_SALE_COUNTDOWN = (
    (0.90, "Sort every room: keep, sell, give away, bin", "sorting"),
    (0.75, "Photograph, measure and price what is to be sold; note each item's faults",
     "photos"),
    (0.65, "List the items, the most valuable first; answer questions the same day",
     "listings"),
    (0.45, "Pack and post what sells within two days; keep every proof of postage", "posting"),
    (0.25, "Relist what has not sold at a lower price", "relisting"),
    (0.05, "Give away or take to the tip what is still left", "clearing"),
)  # fmt: skip


def for_online_sale(family: Family) -> Family:
    """The sale family for one's own things sold online: sort, list, post, clear."""
    phases = (
        phase("Every room sorted: keep, sell, give away, bin", 0.15, "Seller", "sorting"),
        phase("Items photographed and priced", 0.3, "Seller", "photos prices"),
        phase("Listings live, the most valuable first", 0.4, "Seller", "listings"),
        phase("Half the target sold and posted", 0.65, "Seller", "posting sold"),
        phase("Unsold items relisted cheaper or given away", 0.85, "Seller", "relisting"),
        phase("Target reached; the house clear", 1.0, "Seller", "target clear"),
    )  # fmt: skip
    lines = (("Postage and packaging", 0.45, ""), ("Selling fees", 0.35, ""),
             ("Cleaning and small repairs", 0.10, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="Selling your things online", lead="Seller", team="Seller",
        phases=phases, lines=lines, structure="Countdown to the sale",
    )  # fmt: skip
