"""What usually works in a family's favour: the SWOT's opportunities where the goal names
no upside of its own (a target, an audience). Suggestions to check, never facts about the
goal; a family without any here falls back to the goal's own terms."""

from __future__ import annotations

OPPORTUNITIES: dict[str, tuple[str, ...]] = {
    "venue": (
        "Local press and neighbours for the opening week",
        "A soft opening that turns invited guests into regulars",
    ),
    "party": (
        "Family, friends and neighbours glad to help on the day",
        "Games and food the children can help make",
    ),
    "event": (
        "Vendors' off-peak dates and package prices",
        "Guests' own skills: music, photographs, decorating",
    ),
    "market": (
        "Local producers looking for a regular outlet",
        "The council's support for town-centre events",
    ),
    "retreat": (
        "Off-season rates at the venue",
        "A local guide or facilitator who knows the area",
    ),
    "trip": (
        "Booking early for the best fares and rooms",
        "Free days at museums, walks and markets",
    ),
    "gathering": (
        "Sponsors who want to reach this audience",
        "Volunteers from the community the event serves",
    ),
    "race": (
        "Local running clubs and the charity's supporters as entrants",
        "Sponsors who pay for the race kit in return for their name on it",
    ),
    "move": (
        "Moving outside the summer peak, when removals cost less",
        "Relocation help from an employer",
    ),
    "migration": (
        "Retiring unused data and code on the way",
        "Replaying real traffic against the new system before the switch",
    ),
    "software": (
        "Early users who will give feedback before the release",
        "Existing components and services to build on",
    ),
    "training": (
        "A running club or partner for the long runs",
        "Local races as milestones on the way",
    ),
    "fitness": (
        "A friend to train with",
        "Free options close to home: parks, walking, home workouts",
    ),
    "study": (
        "A study group and past papers",
        "Someone who has passed it, to ask",
    ),
    "driving": (
        "Practice with a qualified driver between lessons",
        "Cancellation slots for an earlier test date",
    ),
    "job": (
        "Referrals from former colleagues",
        "Recruiters who specialise in the field",
    ),
    "fundraising": (
        "Matched giving from supporters' employers",
        "Tax relief on donations (Gift Aid in the UK)",
    ),
    "growth": (
        "The channels that already bring users in",
        "Customers who would refer a friend",
    ),
    "writing": (
        "Beta readers and a writing group",
        "Readers who would pre-order before publication",
    ),
    "renovation": (
        "Quotes outside the builders' busy season",
        "Keeping what works: the layout, the pipes, sound units",
    ),
}
