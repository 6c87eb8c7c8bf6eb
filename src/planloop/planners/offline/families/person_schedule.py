"""The milestones a person wrote into the Schedule at a checkpoint (``edit``), carried into
every section built from the milestones: the critical path, the RACI, the work breakdown
and the next actions. Found by user trials: an edited Schedule ("M3 Risk assessment written
and signed off | Jo") came back with the old M3 in every other section, so the plan said
two things, and the calendar had both."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from planloop.domain import PersonSection
from planloop.planners.offline.families.outline import Milestone, Outline

SCHEDULE = "Schedule"
_ROW = re.compile(
    r"^\|\s*M(?P<n>[0-9]{1,2})\s*\|(?P<title>[^|\n]+)\|(?P<owner>[^|\n]*)\|\s*"
    r"(?P<due>[0-9]{4}-[01][0-9]-[0-3][0-9])\s*\|",
    re.M,
)


def schedule_of(sections: Sequence[PersonSection]) -> list[Milestone]:
    """The milestones of a Schedule the person wrote, in its order; [] when they did not
    write one, or removed it, or it has no milestone rows."""
    said = next((s for s in reversed(sections) if s.title.strip() == SCHEDULE), None)
    if said is None or not said.text.strip():
        return []
    out: list[Milestone] = []
    for m in _ROW.finditer(said.text):
        try:
            due = date.fromisoformat(m["due"])
        except ValueError:
            continue
        title, owner = m["title"].strip(), m["owner"].strip()
        if title:
            out.append(Milestone(title, owner or "Goal owner", due, "edit"))
    return out


def with_persons_schedule(out: Outline, sections: Sequence[PersonSection]) -> Outline:
    """The outline with the person's milestones in place of its own, when they wrote some."""
    written = schedule_of(sections)
    if not written:
        return out
    return replace(out, milestones=written)
