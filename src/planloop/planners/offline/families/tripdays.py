"""A trip day by day (found by new users' trials: "Add a rest day every 4 days" became one
task due in January, and a three-week trip to "Tokyo, Kyoto and Osaka" had no day of it
laid out): each day of the trip with what it is for, the rest days asked for, the cities
the goal names in turn, and the way home."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planloop.constraints.dates import MONTH_RE

# "add a rest day every 4 days", "a rest day every third day" (a new user's trial: a task
# due in January, and no day of the trip laid out to hold it)
REST_EVERY = re.compile(
    r"\brest\sdays?\s(?:every|each)\s(?:(?P<n>[0-9]{1,2}|other|second|third|fourth|fifth"
    r"|sixth)\s)?(?:days?|nights?)\b",
    re.I,
)
_NTH = {"other": 2, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def rest_every(texts: list[str]) -> int | None:
    """Every how many days a rest day comes, as said last, else None."""
    found = [m for text in texts for m in REST_EVERY.finditer(text)]
    if not found:
        return None
    said = (found[-1]["n"] or "").lower()
    every = _NTH.get(said) or (int(said) if said.isdigit() else 0)
    return every if every >= 2 else None


# "Tokyo, Kyoto and Osaka": the places a trip goes to, in order
_CITIES = re.compile(
    r"\b([A-Z][a-z]{2,})(?:,\s([A-Z][a-z]{2,}))*,?\s(?:and|then)\s([A-Z][a-z]{2,})\b"
)
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NOT_PLACES = re.compile(rf"^(?:{MONTH_RE}|{_DAYS})$")


def cities(goal: str) -> list[str]:
    """The cities a goal lists ("Tokyo, Kyoto and Osaka", "Rome then Florence"), in its
    order; [] for none. Two names joined by "and" are no list of places: "for Anna and
    Mark" is who goes."""
    m = _CITIES.search(goal)
    if m is None or ("," not in m.group(0) and " then " not in m.group(0)):
        return []
    if re.search(r"\b(?:for|with|by|from)\s$", goal[: m.start()], re.I):
        return []  # "for Ana, Ben and Carl": who goes, not where
    said = re.findall(r"[A-Z][a-z]{2,}", m.group(0))
    return [] if any(_NOT_PLACES.match(c) for c in said) else said


# "from Edinburgh to Cornwall": a drive to one place, a stay there and the drive back (a
# page trial's ten days were all "Drive on")
_TO_A_PLACE = re.compile(r"\bfrom\s([A-Z][a-z]{2,})\s(?:\w+\s)?to\s(?:the\s)?([A-Z][a-z]{2,})\b")


def destination(goal: str) -> str:
    """The one place a road trip drives to and back from, if the goal says one."""
    m = _TO_A_PLACE.search(goal)
    return m.group(2) if m and not _NOT_PLACES.match(m.group(2)) else ""


def _to_and_back(n: int, days: int, to: str) -> str:
    """Day ``n`` of a drive to ``to``, a stay there and the drive home."""
    going, back = max(1, round(days * 0.25)), max(1, round(days * 0.2))
    if n < going:
        return f"Drive towards {to} (4 hours at most); the night's stop booked"
    if n == going:
        return f"Drive on and arrive in {to}; settle in"
    if n == days:
        return "Drive home"
    if n > days - back:
        return "Drive back (4 hours at most); the night's stop booked"
    return f"A day in {to}: one thing booked ahead, the rest of the day free"


def trip_days(
    first: date, last: date, every: int | None, drives: bool, stops: list[str], to: str = ""
) -> list[str]:
    """The trip day by day: a day's drive (4 hours at most, as the route says) or its city
    and sights, a rest day every ``every`` days, the move from one city to the next; the
    last day home. A road trip ``to`` one place drives there, stays and drives back."""
    # "On", not "Date": the trip's own days, after its departure, are no work of the plan's
    # to check against its deadline or export as tasks
    rows = ["| Day | On | Plan |", "|---|---|---|"]
    days = (last - first).days + 1

    def stop(n: int) -> str:  # the city of day ``n``: the days shared in the goal's order
        return stops[min(len(stops) - 1, (n - 1) * len(stops) // days)] if stops else ""

    for n in range(1, days + 1):
        when, at = first + timedelta(days=n - 1), stop(n)
        if n == days:
            plan = "Drive home" if drives else "Travel home"
        elif n > 1 and at != stop(n - 1):
            plan = f"Travel to {at}; settle in"
        elif drives and to and days >= 4:
            plan = _to_and_back(n, days, to)
        elif every and n % every == 0:
            rest = "no driving; stay on the same site" if drives else "nothing booked"
            plan = f"Rest day{' in ' + at if at and not drives else ''}: {rest}"
        elif drives:
            plan = "Drive on (4 hours at most); the night's stop booked"
        elif n == 1:
            plan = f"{at + ': a' if at else 'A'}rrive and settle in"
        else:
            plan = f"{at + ': s' if at else 'S'}ights booked ahead, the rest of the day free"
        rows.append(f"| {n} | {when.isoformat()} ({when:%a}) | {plan} |")
    return rows
