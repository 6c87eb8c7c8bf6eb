"""A community garden is grown, not only opened (found as a user: "Set up a community
garden on the empty lot behind our school" got the community family's general steps and
no clearing, soil, beds, water or planting). The community family (kinds.py) sets up a
service; a goal that names a garden or an allotment gets the ground's own work."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.sheds import builds_a_shed

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


# A household's own garden made over: a landscaper's works, not a community's (found by a
# new user's trial: "Makeover of our back garden … new patio, raised vegetable beds and a
# lawn" was planned as the birthday party the goal said it was for).
_OWN_GARDEN = re.compile(
    r"\b(?:our|my|the)\s(?:\w+\s){0,3}?(?:back\s|front\s|rear\s)?(?:garden|yard)\b", re.I
)
_GARDEN_WORK = re.compile(
    r"\b(?:patio|decking|deck|lawn|turf|raised\s(?:\w+\s)?beds?|landscap\w*|makeover|paving"
    r"|pergola|fenc\w*|planting|borders?|meadow|pond)\b",
    re.I,
)


def garden_makeover(goal: str) -> bool:
    """A goal that makes over a household's own garden: its patio, beds, lawn."""
    return (
        _OWN_GARDEN.search(goal) is not None
        and _GARDEN_WORK.search(goal) is not None
        and not builds_a_shed(goal)  # a shed at the bottom of the garden: a build (sheds.py)
    )


# (share, step, owner, topics, what to watch): a garden's works, hard landscaping first
GARDEN_WORKS = (
    (0.0, "Measure the garden; sketch the layout; ask three landscapers to quote", "Homeowner",
     "design quotes", "quotes on the same drawing, so they compare"),
    (0.15, "Choose the landscaper; agree a written quote and payment stages", "Homeowner",
     "landscaper", "pay in stages as work is done, not up front"),
    (0.2, "Order paving, timber, soil, turf or seed and plants", "Homeowner", "order",
     "turf and plants are delivered for the day they go in, not before"),
    (0.35, "Clear the site; dig out and lay the bases", "Landscaper", "clearing groundworks",
     "where the drains, cables and pipes run before anyone digs"),
    (0.5, "Lay the patio and paths; build the raised beds", "Landscaper",
     "patio paving paths beds", "a patio falls away from the house so rain runs off"),
    (0.7, "Turf the lawn or sow the meadow", "Landscaper", "lawn turf meadow",
     "water new turf or seed daily for the first weeks"),
    (0.8, "Plant the beds and borders", "Landscaper", "planting plants beds",
     "plants go in after the last frost, watered in"),
    (0.95, "Walk round with the landscaper; list and clear the snags", "Homeowner", "snagging",
     "the last payment once the list is cleared"),
)  # fmt: skip


def for_own_garden(family: Family) -> Family:
    """The renovation family for a garden makeover: its phases and lines in its words."""
    phases = (
        phase("Layout agreed; three written quotes in", 0.15, "Homeowner", "design quotes"),
        phase("Landscaper booked; materials and plants ordered", 0.3, "Homeowner",
              "landscaper order"),
        phase("Site cleared; bases laid", 0.45, "Landscaper", "clearing groundworks"),
        phase("Patio, paths and beds built", 0.65, "Landscaper", "patio paving paths beds"),
        phase("Beds planted; the open ground turfed or sown", 0.85, "Landscaper",
              "planting turf meadow lawn"),
        phase("Snagging cleared; final payment made", 1.0, "Homeowner", "snagging"),
    )  # fmt: skip
    lines = (("Landscaper and labour", 0.35, ""), ("Patio and paving", 0.25, ""),
             ("Raised beds, soil and compost", 0.10, ""), ("Lawn, meadow and seed", 0.07, ""),
             ("Plants", 0.08, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A garden makeover", team="Landscaper", phases=phases, lines=lines
    )


# A person's own growing plot: "my allotment", "our vegetable patch" (found by a new user's
# trial: "Get my allotment ready for spring: clear it, build two raised beds and plant
# potatoes" was planned as a community garden, with volunteers, a landowner's permission
# and an opening day). The person does the work, at their own pace: a personal project in
# the ground's words, not a landscaper's works.
_OWN_PLOT = re.compile(
    r"\b(?:my|our)\s(?:\w+\s){0,2}?(?:allotment|veg(?:etable)?\s(?:patch|plot|garden|beds?))\b",
    re.I,
)


def grows_own_plot(goal: str) -> bool:
    """A goal about a person's own allotment or vegetable patch."""
    return _OWN_PLOT.search(goal) is not None


def for_own_plot(family: Family, goal: str) -> Family:
    """The personal project for a person's own plot: cleared, dug, planted, kept."""
    if family.id != "personal" or not grows_own_plot(goal):
        return family
    phases = (
        phase(
            "Plot cleared: weeds, rubbish and old growth out", 0.25, "You", "clearing weeds rubbish"
        ),
        phase(
            "Beds built; the soil dug over with compost or manure",
            0.5,
            "You",
            "beds soil compost manure digging",
        ),
        phase(
            "Seeds, sets and plants bought; a sowing plan made",
            0.6,
            "You",
            "seeds sets plants sowing",
        ),
        phase(
            "First sowings and plantings in, after the frosts for the tender ones",
            0.85,
            "You",
            "sowing planting",
        ),
        phase(
            "Plot planted, watered and mulched; a weekly weeding and watering routine",
            1.0,
            "You",
            "watering weeding routine",
        ),
    )
    lines = (
        ("Timber or kits for raised beds", 0.30, ""),
        ("Compost, manure and topsoil", 0.25, ""),
        ("Seeds, seed potatoes, sets and plants", 0.15, ""),
        ("Tools, a water butt and netting", 0.15, ""),
    )
    return dataclasses.replace(family, title="A growing plot made ready", phases=phases,
                               lines=lines)  # fmt: skip
