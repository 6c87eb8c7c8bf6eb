"""The families no keyword chooses: a personal project of one's own life, and a general
goal's work plan (kinds.FAMILIES holds them last)."""

from __future__ import annotations

from planloop.planners.offline.families.family import Family
from planloop.planners.offline.families.family import phase as _p

# A goal of one's own life that no family names ("get ready for our first baby", "adopt a
# rescue dog", "apply to five master's programmes"): the person is the team, nothing is
# delivered or handed over, and the money is theirs. choice.py picks it over the general
# family when the goal speaks of a person or a household and of no organisation.
PERSONAL_PROJECT = Family(
    "personal", "A personal project",
    (),
    84, "You", "You",
    (
        _p("Options, costs and what is needed found out", 0.15, "You", "research options"),
        _p("Money and time set aside; the main choices made", 0.3, "You", "budget choices"),
        _p("Applications, bookings and purchases made", 0.55, "You",
           "applications bookings purchases"),
        _p("The main work done; loose ends listed", 0.85, "You", "work"),
        _p("Done, checked and looked back on", 1.0, "You", "review"),
    ),
    (("Things to buy", 0.55, ""), ("Services, fees and bookings", 0.30, "")),
    "Steps",
)  # fmt: skip

GENERAL = Family(
    "general", "A general goal",
    (),
    84, "Goal owner", "Delivery team",
    (
        _p("Scope and baseline agreed", 0.1, "Goal owner", "scope"),
        _p("Plan, people and money confirmed", 0.25, "Goal owner", "plan budget"),
        _p("First delivery", 0.5, "Delivery team", "delivery"),
        _p("All work packages delivered", 0.8, "Delivery team", "delivery"),
        _p("Goal reached and reviewed", 1.0, "Goal owner", "review"),
    ),
    (("Delivery work", 0.65, ""), ("Materials and tools", 0.15, ""),
     ("Launch and hand-over", 0.10, "")),
    "Work plan",
)  # fmt: skip

# The general family comes last: the fallback when no other matches.
