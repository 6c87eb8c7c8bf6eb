"""A gathering held online: no venue, caterer or volunteers' rota, but a platform to choose
and test, hosts and moderators, and links to send (found as a user: "a half-day online
workshop" was planned with a venue booked for its Wi-Fi and power, a caterer and a safety
plan). The gathering family (occasions.py) is the in-person one; an online goal gets its
phases, budget lines and countdown in these words."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_ONLINE = re.compile(
    r"\b(?:online|virtual|remote|webinar|livestream(?:ed)?|live-streamed|over\s(?:zoom|teams)"
    r"|on\s(?:zoom|teams|google\smeet))\b",
    re.I,
)
_IN_PERSON = re.compile(r"\b(?:in[\s-]person|hybrid|venue)\b", re.I)

ONLINE_COUNTDOWN = (
    (0.90, "Choose the video platform; check it fits the attendee count", "platform"),
    (0.75, "Confirm speakers or facilitators; agree each session's length", "speakers"),
    (0.55, "Open registration; publish the programme with times and a time zone", "registration"),
    (0.35, "Prepare slides, exercises and any worksheets to send", "materials"),
    (0.20, "Rehearse with every speaker: sound, screen sharing, breakout rooms", "rehearsal"),
    (0.07, "Send joining links and a reminder; name a host and a moderator", "links"),
    (0.01, "Test the links, recording and breakout rooms once more", "platform"),
)


def online(goal: str) -> bool:
    """Whether the goal's gathering is held online (and not in person or hybrid)."""
    return _ONLINE.search(goal) is not None and _IN_PERSON.search(goal) is None


def for_format(family: Family, goal: str) -> Family:
    """The gathering family in an online gathering's words (the in-person one as it is)."""
    if family.id != "gathering" or not online(goal):
        return family
    phases = list(family.phases)
    phases[1] = phase("Platform chosen; links, recording and breakout rooms tested", 0.2,
                      "Organiser", "platform")  # fmt: skip
    phases[4] = phase("Materials ready; hosts and moderators briefed", 0.8, "Organiser",
                      "materials hosts moderators")  # fmt: skip
    lines = (("Video platform and tools", 0.15, ""), ("Speakers and facilitation", 0.35, ""),
             ("Marketing and registration", 0.20, ""), ("Materials and design", 0.10, ""),
             ("Recording and captions", 0.05, ""))  # fmt: skip
    return dataclasses.replace(family, phases=tuple(phases), lines=lines)
