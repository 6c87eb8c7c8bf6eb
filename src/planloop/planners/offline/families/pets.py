"""A pet trained: its home set up, a routine, classes, then each thing the goal names
practised until it holds (found by a new user's trial: "Train our 10-week-old cocker
spaniel puppy … to walk on a lead and come when called" was planned as a marathon, with
a race day and 60 km weeks). A personal project (kinds.py) in a pet's words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.plain import PERSONAL_PROJECT

PET = re.compile(
    r"\b(?:train(?:ing)?|house-?train(?:ing)?|socialis(?:e|ing)|teach(?:ing)?)\s(?:our|my|the|a)\s"
    r"(?:[\w'-]+\s){0,4}?(?:puppy|puppies|dog|kitten|cat|horse|pony|spaniel|labrador|terrier"
    r"|retriever|collie|poodle)\b",
    re.I,
)


def trains_a_pet(goal: str) -> bool:
    return PET.search(goal) is not None


# A pet taken in: "get a dog from a rescue centre", "adopt a rescue cat", "get a puppy"
# (found by a new user's trial: a personal project, "Options, costs and what is needed
# found out", with no application, home check, meeting or collection)
ADOPTION = re.compile(
    r"\b(?:get|getting|adopt|adopting|rehome|rehoming|take\sin|foster|fostering)\s"
    r"(?:a|an|our|my)\s(?:[\w'-]+\s){0,3}?(?:dog|puppy|cat|kitten|rabbit|greyhound)\b",
    re.I,
)


def adopts_a_pet(goal: str) -> bool:
    return ADOPTION.search(goal) is not None and not trains_a_pet(goal)


_RESCUE = re.compile(r"\b(?:rescue|rehom\w*|shelter|foster\w*|greyhound)\b", re.I)
_FLAT = re.compile(r"\b(?:flat|apartment|studio)\b", re.I)


def for_adoption(family: Family, goal: str = "") -> Family:
    """The personal project for a pet taken in: found, the home made ready, applied for and
    home checked, met, brought home and settled. A rescue's pet from rescues, a flat's with
    a walking route for a garden (a thirteenth trial's: "Rescues or breeders", "a safe
    garden" for a flat, and the home check passed before the home was ready)."""
    where = "Rescues" if _RESCUE.search(goal) else "Rescues or breeders"
    outside = "a walking route and a spot to toilet" if _FLAT.search(goal) else "a safe garden"
    phases = (
        phase(f"{where} chosen; who walks and feeds it on work days agreed", 0.1,
              "You", "rescue choice routine"),
        phase(f"Home ready: bed, bowls, lead, {outside}; a vet and insurance chosen", 0.3,
              "You", "home kit vet insurance registration"),
        phase("Application in; home check passed", 0.45, "You", "application home check"),
        phase("Met and matched: visits until the rescue agrees", 0.6, "You", "visits match"),
        phase("Brought home; a week off work or at home to settle in", 0.75, "You",
              "collection home settle"),
        phase("Settled: a routine, registered with the vet, walks in place", 1.0, "You",
              "settled routine"),
    )  # fmt: skip
    lines = (("Adoption fee", 0.30, ""), ("Kit: bed, crate, lead, bowls, toys", 0.25, ""),
             ("Vet, vaccinations and insurance", 0.30, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A pet taken in", phases=phases, lines=lines, structure="Steps"
    )


def for_pet(family: Family) -> Family:
    """The personal project for a pet's training: its phases and lines in its words."""
    phases = (
        phase("Home set up: bed, bowls, lead and harness; a vet and insurance chosen", 0.08,
              "You", "bed vet insurance kit"),
        phase("A daily routine in place: toilet breaks after meals and naps, short sessions",
              0.2, "You", "routine house-training toilet"),
        phase("Classes booked and started; meeting people and dogs every week", 0.4, "You",
              "classes trainer socialising"),
        phase("Walking on a loose lead on quiet streets, then busier ones", 0.65, "You",
              "lead walks walking"),
        phase("Coming when called in a secure field, then on walks", 0.85, "You",
              "recall field"),
        phase("Goals checked: each one holds on an ordinary day", 1.0, "You", "review"),
    )  # fmt: skip
    lines = (("Classes and a trainer", 0.40, ""), ("Kit: lead, harness, bed, toys, treats",
             0.25, ""), ("Vet, vaccinations and insurance", 0.20, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A pet's training", phases=phases, lines=lines, structure="Steps"
    )


def pet_plan(goal: str) -> Family | None:
    """A pet trained (no athlete and no growth target: "walk on a lead") or adopted (an
    application and a home check, not "options found out"), as a personal project."""
    if trains_a_pet(goal):
        return for_pet(PERSONAL_PROJECT)
    return for_adoption(PERSONAL_PROJECT, goal) if adopts_a_pet(goal) else None
