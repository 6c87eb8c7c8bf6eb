"""What an exclusion rules out, word by word: "no recruitment agencies" the "Recruiter or
agency fees" line, "skip the paid marketing entirely" the Marketing line, "no alcohol
stalls" only the alcohol of a market with stalls. The words of a plan's titles and lines
are compared as :func:`base` makes them."""

from __future__ import annotations

import functools
import re

from planloop.constraints import Constraint, ConstraintSet


def base(word: str) -> str:
    """A word as exclusions and topics are compared: lowered, without a plural's ending
    ("agencies" is "agency": found by a new user's trial, "no recruitment agencies" kept
    the "Recruiter or agency fees" line)."""
    w = word.lower()
    return w[:-3] + "y" if w.endswith("ies") and len(w) > 4 else w.rstrip("s")


@functools.lru_cache(maxsize=1024)
def words_of(text: str) -> frozenset[str]:
    """The words of ``text`` as compared (:func:`base`), the commonest left out; read once
    per text (a plan asks for the same titles, roles and lines again and again)."""
    return frozenset({base(w) for w in re.findall(r"[a-z]{3,}", text.lower())} - COMMON)


COMMON = frozenset({"the", "and", "for", "with", "all", "our", "first", "ready", "done"})


KIN = {
    "band": "music", "dj": "music", "musician": "music", "photographer": "photography",
    "flower": "decoration", "florist": "decoration", "loan": "financing", "coach": "coaching",
    "physio": "coaching", "ad": "marketing", "advert": "marketing", "advertising": "marketing",
    "tutor": "tutor", "kubernete": "kubernetes", "discount": "discount",
    "entertainer": "entertainment", "magician": "entertainment", "clown": "entertainment",
    "caterer": "catering", "tiling": "tile", "flight": "travel", "airfare": "travel",
    "tool": "equipment", "recruitment": "recruiter", "textbook": "book", "lesson": "tutor",
    "game": "activity", "painting": "decorating", "cabinet": "unit", "cupboard": "unit",
    "class": "tutor", "classe": "tutor",
}  # fmt: skip


# An exclusion with a bound rules out only what passes it, so it bans no word of the plan.
_BOUNDED = re.compile(
    r"\b(?:over|above|under|below|beyond|(?:more|longer|less|shorter|fewer)\sthan)\s\d", re.I
)
# ... or one said of where it goes: "no tiling on the ceiling" leaves the walls' and the
# floor's (a new user's trial: the bathroom lost its tiles, and its milestone read "suite,
# shower")
_PLACED = re.compile(
    r"\s(?:on|in|for|around)\s(?:the\s)?(?:ceilings?|walls?|floors?|roof|windows?|doors?"
    r"|stairs|landing|front|back|outside|inside|exterior|interior)$",
    re.I,
)


_HOW_RULED_OUT = frozenset(
    {"entirely", "completely", "altogether", "totally", "fully", "please", "now", "paid"}
)


def excluded_words(c: Constraint, goal: str = "") -> set[str]:
    """The words an exclusion rules out, with the plan's word for the same thing.

    A narrower exclusion of something the goal asks for rules out only what narrows it:
    "no alcohol stalls" for a market "with 30 stalls" rules out alcohol, not the stalls.
    An exclusion whose every word the goal uses elsewhere rules them all out."""
    if _BOUNDED.search(c.subject) or _PLACED.search(c.subject):  # "flights over 3 hours"
        return set()
    said = {base(w) for w in re.findall(r"[a-z]{2,}", c.subject.lower())}
    words = {
        w for w in said if w not in ("live", "any", "more", "new", "the", "on", "in", "and", "or")
    }
    # how it is ruled out, and "paid": every line of a budget is paid (a new user's trial:
    # "Skip the paid marketing entirely" kept the Marketing line, and said it was left out)
    words -= _HOW_RULED_OUT
    plain_said = [w for w in re.findall(r"[a-z]{2,}", c.subject.lower()) if w not in _HOW_RULED_OUT]
    elsewhere = goal.lower().replace(c.text.lower(), " ") if c.source == "goal" else goal.lower()
    narrowing = words - {base(w) for w in re.findall(r"[a-z]{2,}", elsewhere)}
    if narrowing and len(words) > 1:
        words = narrowing
    plain = plain_said
    listed = re.search(r"\band\b|\bor\b|,", c.subject)  # "tables and chairs": each of them
    if len(words) > 2 and len(plain) == len(words) and not listed:
        # "no alcohol raffle prizes": the first word says which prizes; the raffle and the
        # prizes stay (found by a third new user's trial: the raffle was dropped)
        words = {base(plain[0])}
    # a kind of a thing named by its maker or channel is not all of it: "no Instagram ads"
    # leaves the marketing (found by a third new user's trial: no marketing line was left)
    named = {base(m.group(1)) for m in _NAMED_KIND.finditer(c.text)}
    return words | {KIN[w] for w in words - named if w in KIN}


_NAMED_KIND = re.compile(r"(?<=\s)[A-Z][\w-]+\s([a-z]{2,})\b")  # not "No ads"


def banned_words(cs: ConstraintSet, goal: str) -> set[str]:
    """The words of what the exclusions rule out of the work (not of the budget)."""
    return {w for c in cs.exclusions if c.scope != "budget" for w in excluded_words(c, goal)}


def dropped_words(cs: ConstraintSet, goal: str) -> set[str]:
    """The words of what rules a milestone out whole: not a thing kept rather than bought
    ("we keep the old cabinets": the worktops are still fitted), which only leaves titles."""
    kept = {w for c in cs.exclusions if c.scope == "kept" for w in excluded_words(c, goal)}
    return banned_words(cs, goal) - kept
