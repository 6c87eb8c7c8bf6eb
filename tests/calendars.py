"""What a plan's calendar and CSV must hold, checked against its JSON export (the same plan)."""

from __future__ import annotations

import csv
import io
from typing import Any

from icalendar import Calendar


def check_calendar(ics: str, body: dict[str, Any]) -> None:
    """Every numbered milestone with a date is an event; the deadline is one of its own,
    unless the last milestone is on it (then that milestone's event says so)."""
    events = {str(e["UID"]).split(".")[0]: e for e in Calendar.from_ical(ics).walk("VEVENT")}
    numbered = [m for m in body["milestones"] if m["due"] and m["key"][1:].isdigit()]
    assert numbered and {m["key"] for m in numbered} <= set(events)
    last = max(numbered, key=lambda m: m["due"])
    on_it = last["due"] == body["deadline"]
    assert ("deadline" in events) is (body["deadline"] is not None and not on_it)
    assert ("The plan's deadline" in str(events[last["key"]]["DESCRIPTION"])) is on_it


def check_csv(text: str, body: dict[str, Any]) -> None:
    """Every milestone of the JSON export is told in a row (a countdown's line on the
    plan's day in that day's row), and the plan's day is one row, not two (found as a user:
    "Race day" and "The race" on the race's date)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    titles = [r["title"] for r in rows]
    assert all(any(m["title"] in t for t in titles) for m in body["milestones"]), titles
    numbered = [m for m in body["milestones"] if m["due"] and m["key"][1:].isdigit()]
    day = max(m["due"] for m in numbered)
    assert [r["due"] for r in rows].count(day) == 1, rows
