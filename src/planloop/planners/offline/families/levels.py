"""How long a language level usually takes: the guided learning hours commonly quoted for
each CEFR level (Cambridge English's guidance, counted from scratch: A2 about 180-200, B1
350-400, B2 500-600, C1 700-800, C2 1,000-1,200), against the hours the plan has (found by
a new user's trial: B1 Spanish from scratch in about 120 hours got no warning)."""

from __future__ import annotations

import re

from planloop.planners.offline.families.hazards import Hazard

# the hours from scratch to each level, as usually quoted: (low, high)
HOURS = {
    "A1": (90, 100), "A2": (180, 200), "B1": (350, 400), "B2": (500, 600), "C1": (700, 800),
    "C2": (1000, 1200),
}  # fmt: skip
_TO = re.compile(
    r"\b(?:reach|get\sto|pass|to|achieve|at|for|level|an?)\s(?:the\s)?(?:CEFR\s)?([ABC][12])\b"
    r"|\b([ABC][12])\s(?:level\s)?(?:in\s)?(?:Spanish|French|German|Italian|Portuguese|English"
    r"|Japanese|Mandarin|Chinese|Arabic|Dutch|Greek|Russian|Korean|Polish|Welsh|Irish)\b",
    re.I,
)
_NOW = re.compile(
    r"\b(?:from|I['’]m|I\sam|currently|now|already)\s(?:at\s)?(?:an?\s)?([ABC][12])\b", re.I
)
_SCRATCH = re.compile(r"\bfrom\s(?:scratch|zero|nothing)\b|\bbeginner\b|\bno\s\w+\sat\sall\b", re.I)


def aims_at_a_level(goal: str) -> bool:
    """The goal names a language level to reach ("Reach A2 Italian", "B1 Spanish")."""
    return _TO.search(goal) is not None


def hours_to_level(goal: str) -> tuple[str, str, int, int] | None:
    """(level aimed at, level now, low and high hours between them) when the goal names a
    CEFR level to reach and says where it starts (a level, or from scratch); None else."""
    to = _TO.search(goal)
    if to is None:
        return None
    level = (to.group(1) or to.group(2)).upper()
    now = _NOW.search(goal)
    start = now.group(1).upper() if now else ("" if _SCRATCH.search(goal) else None)
    if start is None or (start and start >= level):
        return None
    low, high = HOURS[level]
    done_low, done_high = HOURS[start] if start else (0, 0)
    return level, start or "scratch", low - done_low, high - done_high


def short_of_hours(goal: str, weekly: float, weeks: int) -> tuple[Hazard, str] | None:
    """The risk, and its basis, when a study plan's hours (``weekly`` for ``weeks``) fall
    well short (under four fifths) of what its language level usually takes; else None."""
    said = hours_to_level(goal)
    if said is None:
        return None
    level, start, low, high = said
    weeks = max(1, weeks)
    planned = round(weekly * weeks)
    if planned >= low * 0.8:
        return None
    hazard = Hazard(
        f"{planned} hours are well short of what {level} usually takes", "High", "High",
        f"Raise the weekly time towards {-(-low // weeks)} hours, move the date, or aim for the"
        " level below first; take a level test at each review week",
        "", "A level test at the half-way review below the level before it",
    )  # fmt: skip
    return hazard, f"{level} from {start}: {low:,}-{high:,} guided hours, as usually quoted"
