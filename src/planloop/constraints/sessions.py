"""Prices of lessons or sessions, and how often they come: "lessons cost £38 each", "£20
each, 2 a week", "£45 an hour, one a fortnight" (money.py reads the price; found by new
users' trials: "£38 each" had been a budget of £38, and "2 a week" named nothing)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint

# a word that joins a clause to the next, which no price is per
JOINING = r"(?:and|or|but|so|if|for|with|to|in|on|at|of|the|from|until|plus)\b"
# A price said of each of what comes in lessons or sessions: "lessons cost £38 each"
EACH_AFTER = re.compile(rf"^\s?each\b(?!\s(?!{JOINING})[a-z])", re.I)
# (plural: "one online lesson a week at $25 each" is $25 a week, a cost per period)
HAD_BEFORE = re.compile(r"\b(lessons|sessions|classes|workshops)\b[^.;,]{0,30}$", re.I)
# how many follow a price: "£20 each, 2 a week", "£45 an hour, one a fortnight", "£30 each
# and I can do one a week"
# ... "once a week", "£12 a walk, 3 walks a week" (found as a user: both named nothing)
_THEN_OFTEN = re.compile(
    r"^,?\s(?:and\s)?(?:(?:I|we)\s(?:can\s)?(?:do|have|take|manage)\s)?"
    r"([0-9]{1,2}|one|two|three|four|once|twice)\s(?:[a-z]{3,15}\s)?(?:a|per|every)\s"
    r"(week|fortnight|month)\b",
    re.I,
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "once": 1, "twice": 2}


def often_after(unit: str, after: str, source: str) -> list[Constraint]:
    """The count a week (fortnight, month) said right after a price of ``unit``."""
    said = _THEN_OFTEN.match(after)
    if said is None:
        return []
    n = float(_NUMBER_WORDS.get(said.group(1).lower()) or said.group(1))
    return [
        Constraint(
            kind="quantity", text=f"{n:g} {unit}{'' if n == 1 else 's'}", source=source,
            number=n, unit=unit, scope=said.group(2).lower(),
        )
    ]  # fmt: skip
