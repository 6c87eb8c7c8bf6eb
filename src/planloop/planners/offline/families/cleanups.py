"""A volunteer day out in the open: a litter pick, a beach or river clean, a tree planting
day. Found by a user trial: "Organise a community litter pick for 30 volunteers in Riverside
Park on 18 April 2027" was a community project to keep going (a rota, rules, storage and
fittings, "Too few volunteers keep turning up after the first weeks") with an "Opening
day", and no permission from the land's owner, no risk assessment, no waste collection."""

from __future__ import annotations

import re

from planloop.planners.offline.families.family import Family, phase

# a clean-up of a shared place, not "clean up the garage" (one's own tidying)
_DAY = re.compile(
    r"\b(?:litter[\s-]?picks?|(?:community|beach|river|canal|park|street|neighbou?rhood"
    r"|village|town|woodland|coastal)\s(?:clean[\s-]?ups?|cleans?)"
    r"|(?:tree|hedge|bulb)[\s-]planting(?:\sday)?|planting\sday|conservation\sday)\b",
    re.I,
)
_PLANTING = re.compile(r"\bplanting\b", re.I)
CLEANUP_STRUCTURE = "Run-up to the day"


# one kept going is a club's (families/clubs.py): "Start a monthly community litter pick"
_KEPT_GOING = re.compile(
    r"\b(?:weekly|fortnightly|monthly|every\s|regular|each\s(?:week|month)|start|set\sup"
    r"|launch)\b",
    re.I,
)


def holds_a_volunteer_day(goal: str) -> bool:
    """A day's outdoor volunteering: "a community litter pick", "a beach clean"."""
    return _DAY.search(goal) is not None and _KEPT_GOING.search(goal) is None


def volunteer_day(goal: str) -> Family:
    """The family of a volunteer day: the land's owner's leave, a risk assessment, the kit
    and the waste collection, volunteers signed up and briefed, the day and its thanks."""
    planting = _PLANTING.search(goal) is not None
    kit = (
        "Trees or plants, spades, stakes and guards ordered; gloves for everyone"
        if planting
        else "Kit sorted: pickers, gloves, bags and hi-vis; the waste collection booked"
    )
    phases = (
        phase("Date and place fixed; the land's owner (council or landowner) has said yes",
              0.15, "Organiser", "permission council landowner place date"),
        phase("Risk assessment written; insurance checked; a first-aider named", 0.3,
              "Organiser", "risk assessment insurance safety first aid"),
        phase(kit, 0.5, "Organiser", "kit equipment gloves bags pickers waste collection"),
        phase("Volunteers signed up; the meeting point and what to bring sent", 0.7,
              "Organiser", "volunteers sign-ups publicity"),
        phase("Reminder sent; refreshments bought; numbers confirmed", 0.9, "Organiser",
              "refreshments reminders numbers"),
        phase("The day: briefing, the work, bags counted and collected; thanks sent", 1.0,
              "Organiser", "day briefing thanks"),
    )  # fmt: skip
    lines = (
        ("Kit: gloves, bags and hi-vis" if not planting else "Trees, plants and kit", 0.5, ""),
        ("Refreshments", 0.25, ""),
        ("First aid kit and signs", 0.1, ""),
    )
    return Family(
        "cleanup", "A volunteer day", (), 60, "Organiser", "Volunteers", phases, lines,
        CLEANUP_STRUCTURE,
    )  # fmt: skip
