"""How often carers come, said of care at home: "she needs carers twice a day", "a carer
to come in three times a day", "care visits morning and evening". One quantity of unit
"visit" a day; the latest said holds (a care plan's arrangements show it: found by a new
user's trial, "She needs carers twice a day" was kept as direction only)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint

_TIMES = {"once": 1, "twice": 2, "three times": 3, "four times": 4, "3 times": 3, "4 times": 4}
_WHO = r"(?:carers?|care\s(?:visits?|calls?)|home\scare|visits\sfrom\scarers)"
_BETWEEN = (
    r"(?:\s(?:to\s)?(?:come|coming|call|calling|visit|visiting|pop|popping)(?:\sin|\sround)?)?"
)
_VISITS = re.compile(
    rf"\b{_WHO}{_BETWEEN}\s(?:(?P<n>once|twice|three\stimes|four\stimes|[34]\stimes)\s(?:a|per"
    r"|each)\sday(?:,?\s(?:in\sthe\s)?mornings?\sand\s(?:evenings?|nights?|bedtime))?"
    r"|(?:every\s|each\s)?(?P<two>mornings?\sand\s(?:evenings?|nights?|bedtime)))\b",
    re.I,
)


def read_visits(text: str, source: str) -> list[Constraint]:
    """The visits a day said of carers, at most one per text (its last)."""
    found = list(_VISITS.finditer(text))
    if not found:
        return []
    m = found[-1]
    n = 2 if m.group("two") else _TIMES[re.sub(r"\s+", " ", m.group("n").lower())]
    return [
        Constraint(
            kind="quantity", text=m.group(0), source=source, number=float(n), unit="visit",
            scope="day",
        )
    ]  # fmt: skip
