"""A mobile app released through the app stores. Found as a user: "Launch our mobile
budgeting app on iOS and Android by 1 May 2027" had no step that submits it to the App
Store or Google Play, whose review takes days and can turn a build back, so a release
planned for the day could not be in the stores on it. The software family (kinds.py) with
the stores' review before its day."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

_MOBILE = re.compile(
    r"\b(?:ios|iphone|ipad|android|mobile\sapps?|app\sstore|google\splay|play\sstore)\b", re.I
)


def stores_of(goal: str) -> str:
    """The stores a mobile app goes through, as the goal names them ("the App Store and
    Google Play" when it names both platforms or neither), else ""."""
    if _MOBILE.search(goal) is None:
        return ""
    apple = re.search(r"\b(?:ios|iphone|ipad|app\sstore)\b", goal, re.I) is not None
    google = re.search(r"\b(?:android|google\splay|play\sstore)\b", goal, re.I) is not None
    if apple and not google:
        return "the App Store"
    if google and not apple:
        return "Google Play"
    return "the App Store and Google Play"


def for_mobile_app(family: Family, goal: str) -> Family:
    """The software family for a mobile app: its store listings and the stores' review,
    passed before the release day."""
    stores = stores_of(goal)
    if family.id != "software" or not stores:
        return family
    review = phase(
        f"Store listings ready; the build submitted to {stores} and through review",
        0.93,
        "Product lead",
        "store review listing",
    )
    last = family.phases[-1]
    return dataclasses.replace(family, phases=(*family.phases[:-1], review, last))
