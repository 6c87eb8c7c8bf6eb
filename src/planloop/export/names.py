"""Names made from text a person wrote: section anchors and download file names."""

from __future__ import annotations

import re
import unicodedata

from planloop.terms import vocabulary

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """ASCII words joined by "-" (accents folded, other scripts dropped), cut at a word."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _NOT_WORD.sub("-", folded.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0]
        # not ending on a word that leads to the next: "…-for-my-dad-graham-in" (a page
        # trial's file name)
        while (parts := words.rsplit("-", 1))[-1] in _LEADING and len(parts) > 1:
            words = parts[0]
    return words


_LEADING = vocabulary(
    "a an the and or of in on at to for from with by my our your his her their into"
)


def anchor_of(title: str, used: set[str]) -> str:
    """A unique id for a section heading (``used`` collects the ones given)."""
    base = slug(title, 40) or "section"
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def file_name(goal: str, extension: str, iteration: int | None = None) -> str:
    """``open-a-bakery-in-lisbon.ics``; ``plan`` when the goal has no ASCII words."""
    stem = slug(goal) or "plan"
    if iteration is not None:
        stem += f"-iteration-{iteration}"
    return f"{stem}.{extension}"
