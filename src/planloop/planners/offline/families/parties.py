"""Who a party is for and where it is: a grown-up's party has no party bags or games, and a
party at home hires no room (found as a user: a surprise 40th birthday at home was planned
with "Place or room hire $375", party bags and games "the children can help make"). The
party family (occasions.py) is a child's party somewhere to book; the others get its
phases, lines and countdown in their own words. A surprise keeps its secret, and a wedding
books its ceremony (both found as a user: neither was in their plans)."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_CHILD = re.compile(
    r"\b(?:kids?|children|child|son|daughter|toddler|baby|boy|girl|sleepover|playdate"
    r"|nursery|school\sfriends|(?:1?[0-9])(?:st|nd|rd|th)\sbirthday|turns?\s(?:1?[0-9])\b)",
    re.I,
)
_AT_HOME = re.compile(
    r"\b(?:at\s(?:home|ours|mine|our\splace|my\splace|our\shouse|my\shouse|the\shouse)"
    r"|in\sthe\sgarden"
    r"|in\sour\s(?:garden|flat|house|home|back\s?yard))\b",
    re.I,
)

# each milestone's own task under its first topic, so that both say one day (a new user's
# trial: "Fix the date, guest list and budget" on 12 December, its milestone on the 16th)
ADULT_COUNTDOWN = (
    (0.90, "Fix the date, the guest list and the budget", "budget guests"),
    (0.75, "Book the place, or plan the room at home", "venue"),
    (0.60, "Send invitations with a reply-by date", "invitations"),
    (0.50, "Book music or entertainment", "entertainment"),
    (0.45, "Order the cake and the food, or plan the menu", "cake food"),
    (0.20, "Buy the drinks and decorations", "drinks"),
    (0.07, "Count the replies; ask about diets; shop for the food", "shopping food"),
    (0.02, "Decorate and set up", "setup"),
)


# A dinner out: the restaurant does the food, the room and the setting up (found by a new
# user's trial: "a 60th birthday dinner … at a restaurant in Bath" was planned as a party
# at home, "shop for the food", "Decorate and set up", and the venue paid twice)
_EATING_OUT = re.compile(
    r"\b(?:restaurant|bistro|brasserie|gastropub|pub|hotel)\b|\b(?:dinner|lunch|meal)\s(?:at|in)\s"
    r"(?:a|an|the|our)\s",
    re.I,
)
RESTAURANT_COUNTDOWN = (
    (0.90, "Fix the date, the guest list and the budget", "budget guests"),
    (0.80, "Book the restaurant: a private room or tables for the numbers; pay the deposit",
     "venue"),
    (0.60, "Send invitations with a reply-by date", "invitations"),
    (0.45, "Agree the menu and the drinks with the restaurant", "menu food"),
    (0.30, "Order the cake; agree when it goes to the restaurant", "cake"),
    (0.20, "Buy decorations and a card; plan any speeches or a toast", "decorations"),
    (0.07, "Count the replies; send the final numbers, diets and seating plan to the "
     "restaurant", "numbers"),
    (0.02, "Drop the cake and decorations at the restaurant", "setup"),
)  # fmt: skip


# "a birthday dinner for 18 people in Manchester": a dinner for a party, with no kitchen
# named, is a dinner out (a new user's trial: planned as a party at home, "shop for the
# food"); a dinner party, or one someone cooks, is at home
_A_DINNER = re.compile(r"\b(?:dinner|lunch|meal)\b(?!\s+part(?:y|ies))", re.I)
_COOKED = re.compile(r"\b(?:cook(?:s|ing|ed)?|potluck|bring\sa\sdish|bbq|barbecue)\b", re.I)


def eats_out(goal: str) -> bool:
    if _EATING_OUT.search(goal) is not None:
        return True
    return _A_DINNER.search(goal) is not None and not _COOKED.search(goal) and not at_home(goal)


def for_children(goal: str) -> bool:
    return _CHILD.search(goal) is not None


def at_home(goal: str) -> bool:
    return _AT_HOME.search(goal) is not None


def for_party(family: Family, goal: str) -> Family:
    """The party family for this party: a grown-up's, at home or somewhere booked."""
    if family.id != "party" or (for_children(goal) and not at_home(goal)):
        return family
    phases = list(family.phases)
    lines = list(family.lines)
    if not for_children(goal):
        phases[3] = phase("Cake, food and drinks ordered", 0.6, "Host", "cake food drinks")
        phases[4] = phase("Replies counted; shopping done", 0.85, "Host", "shopping")
        lines = [
            ("Food and cake", 0.35, "guest"),
            ("Drinks", 0.20, "guest"),
            ("Music or entertainment", 0.12, ""),
            ("Decorations", 0.08, ""),
            ("Invitations", 0.03, ""),
            ("Place or room hire", 0.10, ""),
        ]
    if eats_out(goal) and not at_home(goal):
        phases[1] = phase("Restaurant booked for the date and the numbers; deposit paid", 0.25,
                          "Host", "venue place restaurant booking")  # fmt: skip
        # the cake is a task of its own (found by a second trial: whoever handles the cake
        # was given the menu and the drinks)
        phases[3] = phase("Menu and drinks agreed with the restaurant", 0.6, "Host",
                          "menu food drinks")  # fmt: skip
        phases[4] = phase("Final numbers, diets and seating sent to the restaurant", 0.85,
                          "Host", "numbers seating")  # fmt: skip
        lines = [("Dinner: food for every guest", 0.55, "guest"), ("Drinks", 0.20, "guest"),
                 ("Cake", 0.05, ""), ("Decorations", 0.04, ""),
                 ("Invitations", 0.02, "")]  # fmt: skip
    title = family.title
    if eats_out(goal) and not at_home(goal):  # not "a party at home" (found as a user)
        title = "A celebration meal out"
        # a lunch is a lunch (a second page trial's leaving lunch: "Dinner", "Party day")
        if said := re.search(r"\b(lunch|dinner|meal)\b", goal, re.I):
            meal = said.group(1).capitalize()
            lines = [(f"{meal}: food for every guest", *line[1:]) if i == 0 else line
                     for i, line in enumerate(lines)]  # fmt: skip
            phases[5] = phase(f"{meal} day", 1.0, "Host", "party day")
    if at_home(goal):
        phases[1] = phase("The room at home planned: space, seating and music", 0.25, "Host",
                          "venue place entertainment photographer music dj")  # fmt: skip
        lines = [line for line in lines if line[0] != "Place or room hire"]
    return dataclasses.replace(family, title=title, phases=tuple(phases), lines=tuple(lines))


_SURPRISE = re.compile(r"\bsurprise\b", re.I)
# a wedding to hold, not one remembered: "our 40th wedding anniversary" has no ceremony to
# book (found as a user: "give notice of marriage" for a party for the parents' 40th)
_WEDDING = re.compile(
    r"\b(?:wedding|marry|marriage|getting\smarried)\b(?!\s(?:anniversary|anniversaries))",
    re.I,
)

SURPRISE_STEPS = (
    (0.02, "Hide what you bought; on the day, set up while someone keeps them away", "setup"),
)
# the invitations say it (found by two trials: the guests told after them, then a week
# before them)
_KEPT_QUIET = "; say it is a surprise, the cover story and who brings them"
_OUT_SETUP = (
    (0.0, "Drop the cake and decorations at the restaurant; someone brings them at the time"
     " agreed", "setup"),
)  # fmt: skip
WEDDING_STEPS = (  # the notice of marriage names the venue: booked after it (a trial's)
    (
        0.72,
        "Book the ceremony: the registrar or officiant, and give notice of marriage as the "
        "law there asks",
        "ceremony",
    ),
    (0.40, "Book the outfits and rings; plan the ceremony's words and music", "ceremony"),
)


Steps = tuple[tuple[float, str, str], ...]  # (share of the span before the day, task, topic)


def occasion_steps(goal: str, family: str, steps: Steps) -> Steps:
    """``steps`` (a countdown) with what a surprise or a wedding adds, in date order; a
    surprise's own set-up replaces the plain one."""
    extra: Steps = ()
    if family == "party" and _SURPRISE.search(goal):
        extra = SURPRISE_STEPS if not eats_out(goal) else _OUT_SETUP
        steps = tuple(
            (share, task + _KEPT_QUIET if topic == "invitations" else task, topic)
            for share, task, topic in steps
            if topic != "setup"
        )
    elif family == "event" and _WEDDING.search(goal):
        extra = WEDDING_STEPS
    return tuple(sorted((*steps, *extra), key=lambda step: -step[0]))


def weds(goal: str) -> bool:
    """Whether the goal is a wedding to hold (not an anniversary of one)."""
    return _WEDDING.search(goal) is not None


def surprise(goal: str) -> bool:
    return _SURPRISE.search(goal) is not None
