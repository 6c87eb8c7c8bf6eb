"""What a move moves: a household ("move our family to Berlin", "moving house", "from London
to Berlin" in a goal that names a home or a family), or a system ("relocate our servers to
Frankfurt", "move our billing service to AWS"), which is a migration and never a home move.
The office's is offices.py's, a team's tool switches.py's."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from planloop.constraints import ConstraintSet, dates
from planloop.planners.offline.families.family import Family, Phase

# A household's move names no keyword of its own: "move our family to Berlin", "moving
# house", "from London to Berlin" in a goal that names a home or a family. It counts as one
# of the move family's keywords (a service moved "from Heroku to AWS" is not a home move).
_HOUSEHOLD = r"(?:family|household|home|house|flat|apartment|kids|children|partner|wife|husband)"
# "move to a flat in Manchester", "moving into a bigger house"
_HOME_MOVE = re.compile(
    rf"\bmov(?:e|ed|ing)\s(?:(?:our|my|the)\s)?{_HOUSEHOLD}\b"
    r"|\bmov(?:e|ing)\s(?:house|home|abroad|countries|country|cities|city)\b"
    # "move from our rented flat in Manchester to a house in Leeds" (a trial's: a general
    # goal, its notice period unused)
    rf"|\bmov(?:e|ed|ing)\sfrom\s(?:our|my|the|a|an)\s(?:[\w'’-]+\s){{0,2}}{_HOUSEHOLD}\b"
    rf"|\bmov(?:e|ed|ing)\s(?:in)?to\s(?:a|an|the|our|my)\s(?:\w+\s)?{_HOUSEHOLD}\b"
    r"(?!\s(?:page|screen|assistant|network|server|office|gym|made))"
    # "downsize from our 4-bed house to a bungalow" (a new user's trial: a general goal, or
    # with "retire from my NHS job" a job search)
    r"|\bdownsiz(?:e|ed|es|ing)\b"
    # "sell our house in Leeds … buy a 2-bed bungalow" (a fifth trial's: a sale alone, its
    # new home's price the budget for the repairs)
    r"|\bsell\w*\s(?:our|my|the)\s(?:[\w'’-]+\s){0,2}(?:house|home|flat|bungalow|cottage)\b"
    r".{0,160}?\bbuy\w*\s(?:a|an|our|my)\s(?:[\w'’-]+\s){0,2}"
    r"(?:house|home|flat|bungalow|cottage|apartment)\b",
    re.I,
)
# "move from Leeds to Manchester", "from Leeds to a flat in Manchester"
_FROM_TO = re.compile(
    r"\b(?i:mov(?:e|ing))\b.{0,40}?\bfrom\s[A-Z]\w+\s(?:\w+\s)?to\s"
    r"(?:[A-Z]|(?i:a|an|the|our|my)\s(?:\w+\s){1,2}in\s[A-Z])"
)
_HOUSEHOLD_WORD = re.compile(rf"\b{_HOUSEHOLD}\b", re.I)
# "sell our house and move to Bristol" (a second trial's: a general goal)
_TO_A_PLACE = re.compile(r"\b(?i:mov(?:e|ing)|relocat(?:e|ing))\s(?i:out\s)?to\s[A-Z][a-z]+")
# What is moved or relocated is a system, not a household: "relocate our servers to
# Frankfurt" or "move our billing service to AWS" is a migration, never a home move. It
# counts as one of the migration family's keywords.
_SYSTEM_MOVE = re.compile(
    r"\b(?:relocat\w*|mov(?:e|ed|ing))\s(?:(?:our|my|the|all)\s)?(?:\w+\s)?"
    r"(?:servers?|services?|databases?|data|apps?|website|site|infrastructure|workloads?"
    r"|systems?|cloud|hosting|cluster|ci|pipelines?|repos?|repositories)\b",
    re.I,
)


def moves_a_household(goal: str) -> bool:
    """A household's move, which names no keyword of its own: it counts as one of the move
    family's keywords."""
    away = _FROM_TO.search(goal) or _TO_A_PLACE.search(goal)
    return bool(_HOME_MOVE.search(goal) or (away and _HOUSEHOLD_WORD.search(goal)))


def moves_a_system(goal: str) -> bool:
    """A system moved: it counts as one of the migration family's keywords."""
    return _SYSTEM_MOVE.search(goal) is not None


# Movers already quoted ("movers quoted £1,800") are not to be found: the countdown books
# them (found by a new user's trial: "Book removals …; get three quotes" with a quote in hand)
_QUOTED = re.compile(r"\b(?:mover|removal|van|lorry|truck)", re.I)


def movers_quoted(cs: ConstraintSet) -> bool:
    """Whether a price for the removals was said (a quote had)."""
    return any(c.scope == "price" and _QUOTED.search(c.subject) for c in cs.line_caps())


# A vehicle the household hires and drives itself ("we hire a van for £250", "the rental
# van costs £300") is no removal company: the removals line and its booking say the vehicle
# (found as a user: the budget's "Removal company £250" after "we hire a van for £250").
# the vehicle with the one word before it that says which ("the rental van": "rental van")
_VEHICLE = re.compile(
    r"(?:\b(?!(?:the|a|an|for|of|on|our|my|to)\b)[a-z]+\s)?\b(?:vans?|lorry|lorries|trucks?)\b",
    re.I,
)
_A_FIRM = re.compile(r"\b(?:removals?|movers?|company|firm|man\swith)\b", re.I)


def hired_vehicle(subject: str) -> str | None:
    """The vehicle a subject names, as said ("rental van" in "the budget for the rental
    van", "van" in "van hire"), when it is one the household hires itself; None for
    anything else, and for a firm's van ("the removal van")."""
    m = _VEHICLE.search(subject)
    if m is None or _A_FIRM.search(subject):
        return None
    return m.group(0).lower()


def vehicle_line(subject: str) -> str | None:
    """The removals line's title when ``subject`` names a vehicle hired: "Rental van",
    "Van hire" (a bare "van")."""
    said = hired_vehicle(subject)
    if said is None:
        return None
    return said.capitalize() + (" hire" if " " not in said else "")


def booked_as_quoted(task: str, cs: ConstraintSet) -> str:
    """``task`` without seeking quotes, when the movers have quoted; the vehicle booked
    for the day when the household hires one."""
    said = next((v for c in (*cs.line_caps(), *cs.focus) if (v := hired_vehicle(c.subject))), None)
    if said is not None:
        task = task.replace("Book removals and the transport", f"Book the {said}")
    return task.replace("; get three quotes", " as quoted") if movers_quoted(cs) else task


NOTICE_GIVEN = "Notice given on the old home"


def notice_by(cs: ConstraintSet, end: date) -> date | None:
    """The last day to give notice on the old home, for a notice period said, else None."""
    notice = cs.notice
    if notice is None or notice.number is None:
        return None
    return dates.after(end, -int(notice.number), notice.unit)


def with_notice(family: Family, cs: ConstraintSet, end: date) -> Family:
    """The old home's notice given in time (found as a user: "our notice period is two
    months" moved nothing, and became the plan's two-month timeline). A notice that fits
    before the signing is given with it; a longer one is its own milestone, the notice
    period before moving day (or right after the first milestone, when the plan has no
    room for it), and the signing stays where it was."""
    given = notice_by(cs, end)
    days = (end - cs.start).days
    home = next((p for p in family.phases if "notice" in p.title.lower()), None)
    if given is None or home is None or days <= 0:
        return family
    latest = max(family.phases[0].share + 0.01, (given - cs.start).days / days)
    if home.share <= latest:
        return family
    signed = replace(home, title=home.title.partition(";")[0])  # "New home … signed for"
    notice = Phase(NOTICE_GIVEN, latest, home.owner, ("notice",))
    phases = [signed if p is home else p for p in family.phases]
    phases.insert(phases.index(signed), notice)
    return replace(family, phases=tuple(phases))


# A pet that moves with the household: "… with a budget of £1,500 and a cat", "with our two
# dogs" (found as a user: the cat of "Move my flat from Leeds to Bristol … and a cat" was in
# no task of the plan)
_PET = re.compile(
    r"\b(?:with|and|plus)\s(?:(?:a|an|our|my|the|two|three|four|\d)\s)?(?:[\w'’-]+\s)?"
    r"(cats?|kittens?|dogs?|puppy|puppies|rabbits?|guinea\spigs?|hamsters?|tortoises?"
    r"|parrots?|budgies?)(?![\w'’-])",  # not "a dog-friendly garden"
    re.I,
)


def moved_pet(goal: str) -> str | None:
    """The animal a household's move takes along ("cat", "dogs"), else None."""
    found = _PET.search(goal)
    return found.group(1).lower() if found else None


# A countdown's steps, as parties.py's Steps: (share of the span before the day, task, topic)
_Steps = tuple[tuple[float, str, str], ...]


def with_a_pet(steps: _Steps, pet: str) -> _Steps:
    """A move's countdown with its pet's tasks: the vet and the microchip before, and the
    day itself planned around the animal (a quiet room, moved last, settled first)."""
    kit = "litter tray" if pet.startswith(("cat", "kitten")) else "bedding"
    vet = (
        0.25,
        f"Book the vet for the {pet}: records and any repeat treatment; find a vet near the"
        " new home; update the microchip's address",
        "pet vet",
    )
    day = (
        0.0,
        f"The {pet} in one closed, quiet room with a carrier, food, water and a {kit};"
        " moved last, settled in one room of the new home first",
        "pet day",
    )
    return (*steps, vet, day)
