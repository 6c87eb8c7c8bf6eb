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


# what a dog is trained to do, said with the dog: "Need him crate trained, walking on a loose
# leash … Puppy class is $180" (a new user's trial: a running plan with a race day)
_SKILLS = re.compile(
    r"\b(?:crate[\s-]train\w*|house[\s-]?train\w*|potty[\s-]train\w*|toilet[\s-]train\w*"
    r"|loose\s(?:lead|leash)|lead[\s-]train\w*|leash[\s-]train\w*|recall|puppy\s(?:class|classes"
    r"|school|training)|obedience\s(?:class|classes|training))\b",
    re.I,
)
_ANIMAL = re.compile(r"\b(?:puppy|puppies|dog|kitten|spaniel|labrador|terrier|retriever|collie"
                     r"|poodle|cockapoo|dachshund|beagle|whippet|greyhound)\b", re.I)  # fmt: skip


def trains_a_pet(goal: str) -> bool:
    return PET.search(goal) is not None or (
        _SKILLS.search(goal) is not None and _ANIMAL.search(goal) is not None
    )


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


_CRATE = re.compile(r"\bcrate\b", re.I)
_JUMPING = re.compile(r"\bjump(?:s|ing)?\s(?:up|on)\b", re.I)
_RECALL = re.compile(r"\brecall\b|\bcom(?:e|ing)\s(?:back\s)?when\scalled\b", re.I)
_LEAD = re.compile(r"\b(?:lead|leash|heel|walk\w*)\b", re.I)


def for_pet(family: Family, goal: str = "") -> Family:
    """The personal project for a pet's training: its phases and lines in its words, a
    phase for each thing the goal names (a crate, walking on a lead, not jumping up, coming
    when called; a new user's trial got recall, which it never asked for, and no crate)."""
    said = [_CRATE, _LEAD, _JUMPING, _RECALL]
    named = [r for r in said if r.search(goal)] or [_LEAD, _RECALL]
    skills = {
        _CRATE: phase("Settled in the crate: meals there, short spells alone, then nights", 0,
                      "You", "crate"),
        _LEAD: phase("Walking on a loose lead on quiet streets, then busier ones", 0, "You",
                     "lead walks walking"),
        _JUMPING: phase("Greeting people calmly: four paws on the floor, visitors briefed", 0,
                        "You", "jumping greeting visitors"),
        _RECALL: phase("Coming when called in a secure field, then on walks", 0, "You",
                       "recall field"),
    }  # fmt: skip
    steps = [skills[r] for r in named if r is not _CRATE]
    first = [
        phase("Home set up: bed, bowls, lead and harness; a vet and insurance chosen", 0.08,
              "You", "bed vet insurance kit"),
        phase("A daily routine in place: toilet breaks after meals and naps, short sessions",
              0.2, "You", "routine house-training toilet"),
        phase("Classes booked and started; meeting people and dogs every week", 0.4, "You",
              "classes trainer socialising"),
    ]  # fmt: skip
    if _CRATE in named:  # the crate with the routine, from the first days
        first[1] = dataclasses.replace(skills[_CRATE], share=0.2)
    span = 0.85 - 0.4
    middle = [
        dataclasses.replace(p, share=round(0.4 + span * (i + 1) / len(steps), 2))
        for i, p in enumerate(steps)
    ]
    phases = (
        *first,
        *middle,
        phase("Goals checked: each one holds on an ordinary day", 1.0, "You", "review"),
    )
    lines = (("Classes and a trainer", 0.40, ""), ("Kit: lead, harness, bed, toys, treats",
             0.25, ""), ("Vet, vaccinations and insurance", 0.20, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A pet's training", phases=phases, lines=lines, structure="Steps"
    )


def pet_plan(goal: str) -> Family | None:
    """A pet trained (no athlete and no growth target: "walk on a lead") or adopted (an
    application and a home check, not "options found out"), as a personal project."""
    if trains_a_pet(goal):
        return for_pet(PERSONAL_PROJECT, goal)
    return for_adoption(PERSONAL_PROJECT, goal) if adopts_a_pet(goal) else None
