"""A sports tournament: the format and the entry fee, pitches or courts, referees and first
aid, entries and fixtures, kit and trophies, then the day, on a Saturday (found by a new
user's trial: "Organise a 5-a-side football tournament for 8 teams in June 2027" was a
conference with speakers, Wi-Fi, a caterer's per-head price and recorded talks, held on a
Wednesday). The gathering family (occasions.py) for a tournament."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.hazards import Hazard

_TOURNAMENT = re.compile(r"\b(?:tournaments?|tourney|five-a-side|5-a-side|six-a-side)\b", re.I)
_SPORT = re.compile(
    r"\b(?:football|soccer|futsal|netball|rugby|hockey|cricket|basketball|volleyball|tennis"
    r"|badminton|padel|squash|softball|rounders|handball|five-a-side|5-a-side|six-a-side)\b",
    re.I,
)
SATURDAY = 5


def runs_a_tournament(family: str, goal: str) -> bool:
    """A sports tournament organised (a chess one stays a gathering)."""
    return family == "gathering" and bool(_TOURNAMENT.search(goal) and _SPORT.search(goal))


def for_tournament(family: Family, goal: str) -> Family:
    """The gathering family for a sports tournament: its phases, lines and countdown."""
    if not runs_a_tournament(family.id, goal):
        return family
    phases = (
        phase("Format, date, venue and entry fee fixed; teams invited", 0.1, "Organiser",
              "format date venue entry fee"),
        phase("Pitches booked; referees and first aid arranged", 0.3, "Organiser",
              "pitch pitches courts referees first aid"),
        phase("Entries in and fees paid; groups drawn; fixtures and rules sent", 0.6,
              "Organiser", "fixtures entries teams fees rules"),
        phase("Kit, trophies and medals ready; helpers briefed", 0.9, "Organiser",
              "kit balls bibs trophies medals helpers"),
        phase("Tournament day", 1.0, "Organiser", "tournament day"),
    )  # fmt: skip
    lines = (("Pitch or court hire", 0.45, ""), ("Referees", 0.20, ""),
             ("Trophies and medals", 0.15, ""),
             ("Balls, bibs and first-aid kit", 0.10, ""))  # fmt: skip
    return dataclasses.replace(
        family, title="A sports tournament", lead="Organiser", team="Organisers and helpers",
        phases=phases, lines=lines, structure=TOURNAMENT_STRUCTURE,
    )  # fmt: skip


TOURNAMENT_STRUCTURE = "Countdown to the tournament"
TOURNAMENT_DAY = ("Tournament day", "The tournament")

# (share of the run-up before the day, task, topic)
TOURNAMENT_COUNTDOWN = (
    (0.95, "Book the pitches or courts for the day, with changing rooms and toilets", "pitch"),
    (0.85, "Fix the format: groups then knockouts, match length, squad size", "format"),
    (0.80, "Invite teams; open entries with the fee and a closing date", "entries"),
    (0.70, "Book qualified referees; arrange first aid on site", "referees"),
    (0.50, "Order trophies and medals", "trophies"),
    (0.30, "Close entries; draw the groups; send fixtures and rules to every captain",
     "fixtures"),
    (0.15, "Check balls, bibs, goals or nets and the first-aid kit", "kit"),
    (0.05, "Brief the helpers on scores, timings and parking; print the fixture board",
     "helpers"),
)  # fmt: skip

TOURNAMENT_HAZARD = Hazard(
    "Teams drop out late and the fixtures fall apart", "Medium", "High",
    "Take the entry fee with the entry, not refunded once entries close; keep a reserve"
    " team; draw fixtures that still work with one team fewer",
    "Organiser", "Fewer teams entered than wanted a month before the day",
)  # fmt: skip
TOURNAMENT_OPPORTUNITIES = (
    "Local clubs and leagues glad to enter a team",
    "A local business to sponsor the trophies or the kit",
)
TOURNAMENT_EXTRAS = (
    "A plate competition for the teams knocked out early",
    "A player of the tournament award",
)


def on_a_saturday(day: date) -> date:
    """The Saturday on or before ``day``: when teams can play."""
    return day - timedelta(days=(day.weekday() - SATURDAY) % 7)
