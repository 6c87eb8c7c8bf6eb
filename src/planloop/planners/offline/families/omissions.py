"""The parts of a task an exclusion rules out, dropped from its text: "Book the caterer;
agree the per-guest price" goes with "no catering", "Tile; lay the floor" loses its tiling
with "no tiling". Countdowns (countdowns.py) and works sequences (tables.py) say their tasks
through it."""

from __future__ import annotations

import re
from dataclasses import replace

from planloop.constraints import ConstraintSet
from planloop.planners.offline.families.exclusions import banned_words, base, dropped_words
from planloop.planners.offline.families.family import Family


def without(task: str, banned: set[str]) -> str:
    """The task with the parts an exclusion rules out dropped ("photography and music").

    Its first clause says what the task is: when that clause's things are all ruled out,
    so is the task ("Book the caterer; agree the per-guest price"). A clause whose action
    is ruled out goes by itself ("Tile; lay the floor": found as a user, "No tiling" left
    the step as it was), and so does a later clause whose things all are ("brief
    recruiters")."""
    clauses = task.split("; ")
    kept: list[str] = []
    # what is ruled out as a doing rules out its verb: "no decorating", "decorate" (found as
    # a user: "Tile; lay the floor; decorate" kept its decorating, said to be left out)
    doings = {w[:-3] + end for w in banned if w.endswith("ing") for end in ("", "e")}
    for i, clause in enumerate(clauses):
        verb, _, objects = clause.partition(" ")
        if words_in(verb) & (banned | doings):
            continue
        parts = objects.split(" and ") if objects else []
        left = [o for o in parts if not (words_in(o) & banned)]
        if parts and not left:
            if i == 0:
                return ""
            continue
        if len(left) == len(parts):
            kept.append(clause)
            continue
        rest = " and ".join(left)
        if " and " not in rest and ", " in rest:  # "the suite, shower and taps"
            rest = " and ".join(rest.rsplit(", ", 1))
        kept.append(f"{verb} {rest}")
    if kept == clauses:
        return task
    if not kept:
        return ""
    out = "; ".join(kept)
    return out[0].upper() + out[1:]


# the verbs of a task that buys or hires what it names
_BUYS = frozenset({"order", "buy", "hire", "rent", "print", "get", "source"})


def given(task: str, gifts: set[str]) -> str:
    """A task that buys what others give, asked to confirm it instead: "Order trophies and
    medals" with the medals donated is "Order trophies; confirm the medals given" (found by
    a new user's trial: donated medals left the budget, but were still ordered)."""
    verb = task.partition(" ")[0]
    if verb.lower() not in _BUYS or not gifts:
        return task
    first, *rest = task.split("; ")
    objects = first.partition(" ")[2]
    parts = objects.split(" and ")
    gone = [o for o in parts if words_in(o) & gifts]
    if not gone:
        return task
    kept = [o for o in parts if o not in gone]
    confirm = f"confirm the {' and '.join(g.removeprefix('the ') for g in gone)} given"
    clauses = ([f"{verb} {' and '.join(kept)}"] if kept else []) + [confirm, *rest]
    out = "; ".join(clauses)
    return out[0].upper() + out[1:]


def words_in(text: str) -> set[str]:
    """A text's words as an exclusion's are compared: lowered, without a plural's s."""
    return {base(w) for w in text.lower().replace(",", " ").split()}


_PARTS = re.compile(r"(; |, and |: | and |, )")


def titles_without(family: Family, cs: ConstraintSet, goal: str) -> Family:
    """Milestones without the parts an exclusion rules out: "Route planned: each day's
    drive, and the ferries booked" with "no ferries" (found by a new user's trial: the
    ferries stayed booked in the Schedule and the work breakdown). A title's first part
    says what it is and stays, but for a thing kept rather than bought: "Units, worktops
    and fittings installed" of a kitchen whose old cabinets stay is "Worktops and fittings
    installed" (a user trial's: new units ordered and installed)."""
    banned = banned_words(cs, goal)
    if not banned:
        return family
    kept = banned - dropped_words(cs, goal)
    phases = tuple(replace(p, title=_title_without(p.title, banned, kept)) for p in family.phases)
    return family if phases == family.phases else replace(family, phases=phases)


def _title_without(title: str, banned: set[str], kept: set[str]) -> str:
    pieces = _PARTS.split(title)  # part, separator, part, …
    kept_parts = pieces[0] if not words_in(pieces[0]) & kept else ""
    for sep, part in zip(pieces[1::2], pieces[2::2], strict=True):
        if not (words_in(part) & banned):
            kept_parts += (sep if kept_parts else "") + part
    said = kept_parts.rstrip(" ,;:") or pieces[0]
    return said[:1].upper() + said[1:]
