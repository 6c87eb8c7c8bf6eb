"""A room at home fitted out for one use: a home office, gym, recording studio, cinema or
craft room in the spare room, the garage or the loft. Found as a user: "Set up a home
recording studio in the spare room for £3,000" was a business opening (registered, premises
signed, staff hired, a soft opening), a home gym in the garage a fitness goal, and a home
office a general project with a team to deliver it."""

from __future__ import annotations

import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.sheds import builds_a_shed

_USE = (
    r"(?:(?:home\s|music\s|recording\s|podcast\s|photo(?:graphy)?\s|art\s|craft\s|sewing\s"
    r"|games\s|play|yoga\s|pottery\s)?(?:office|gym|studio|cinema|music\sroom|craft\sroom"
    r"|games\sroom|playroom|workshop|sewing\sroom|snug|nursery)"
    # a study only as a room: "make a study plan … at home" is no room (a plan to study)
    r"|home\s(?:bar|theatre|theater|study|library)|study\sroom)"
)
_SET_UP = re.compile(
    r"\b(?:set\sup|build|create|make|kit\sout|fit\sout|design|put\stogether|turn|convert)\s"
    r"(?:(?:a|an|my|our|the)\s)?(?:[\w'’-]+\s){0,3}?(?:into\s(?:(?:a|an|my|our)\s)?)?"
    + _USE
    + r"\b",
    re.I,
)
# where at home: "in the spare room", "in our garage", "the box room into", "at home"
_AT_HOME = re.compile(
    r"\b(?:spare\s(?:bed)?room|box\s?room|back\sbedroom|bedroom|garage|loft|attic|basement"
    r"|cellar|conservatory|garden\sroom|outbuilding|shed|dining\sroom|at\shome"
    r"|home\s(?:office|study|gym|studio|cinema|bar|theatre|theater|recording|music|library))\b",
    re.I,
)
_SOUND = re.compile(r"\b(?:recording|music|podcast|studio|cinema|theatre|theater)\b", re.I)
_KIT = (
    (re.compile(r"\b(?:recording|music|podcast)\b", re.I),
     "Microphones, audio interface and monitors", "Acoustic panels and bass traps"),
    (re.compile(r"\bgym\b|\byoga\b", re.I), "Gym equipment", "Rubber flooring and mirrors"),
    (re.compile(r"\b(?:cinema|theatre|theater)\b", re.I), "Projector or screen and speakers",
     "Blackout blinds and seating"),
    (re.compile(r"\b(?:office|study)\b", re.I), "Desk, chair and shelving",
     "Screen, lighting and network"),
    (re.compile(r"\bnursery\b", re.I), "Cot, changing table and storage",
     "Blackout blind, night light and a smoke alarm"),
    (re.compile(r"\bworkshop\b", re.I), "Workbench, tools and storage",
     "Dust extraction and lighting"),
)  # fmt: skip
FITOUT_STRUCTURE = "Room set-up steps"


def fits_out_a_room(goal: str) -> bool:
    """A room at home set up for one use ("a home gym in the garage"), not a business's
    premises ("open a recording studio in Leeds")."""
    at_home = _SET_UP.search(goal) is not None and _AT_HOME.search(goal) is not None
    return at_home and not builds_a_shed(goal)  # a shed is built first


def room_fitted(goal: str) -> Family:
    """The family of a room at home fitted out, with the kit its use needs."""
    kit, finish = next(
        ((k, f) for pattern, k, f in _KIT if pattern.search(goal)),
        ("Furniture and equipment", "Lighting and storage"),
    )
    quiet = _SOUND.search(goal) is not None
    works = (
        "Walls, floor and ceiling done; sound treated and the door sealed"
        if quiet
        else "Walls, floor and ceiling done; heating and ventilation checked"
    )
    phases = (
        phase("What the room is for and who uses it agreed; the room measured", 0.1, "You",
              "use measurements"),
        phase("Layout drawn: where the kit goes, the sockets, lighting and cables", 0.25,
              "You", "layout sockets lighting cables"),
        phase("Room cleared; any new sockets and lights fitted by a registered electrician",
              0.45, "You", "electrician wiring sockets clear"),
        phase(works, 0.6, "You", "decorating flooring insulation acoustic ventilation"),
        phase(f"{kit} bought and delivered", 0.8, "You", "equipment kit furniture"),
        phase("Everything set up and tested; the room in use", 1.0, "You", "install test"),
    )  # fmt: skip
    lines = (
        (kit, 0.4, ""),
        (finish, 0.2, ""),
        ("Electrician", 0.15, ""),
        ("Decorating and flooring", 0.15, ""),
    )
    return Family(
        "fitout", "A room at home fitted out", (), 60, "You", "You", phases, lines,
        FITOUT_STRUCTURE,
    )  # fmt: skip
