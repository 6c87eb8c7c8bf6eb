"""The milestone a reviewer's dated step belongs to is done by the step's day: "Tom Hughes
must open entries by 1 February" brings "Entries open; chip timing booked" to 1 February,
and the milestones before it with it (a re-run of new users' trials: the milestone stayed
on 7 February beside the step on the 1st; "a CV and LinkedIn profile by 20 December" beside
"CV, LinkedIn and portfolio updated" on the 27th). A step's day never moves a milestone
later, nor the last one: the plan's day is the deadline's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Protocol, TypeVar

from planloop.constraints import Constraint
from planloop.planners.offline.families.exclusions import base, words_of
from planloop.planners.offline.families.family import Phase


class Dated(Protocol):
    @property
    def due(self) -> date: ...


M = TypeVar("M", bound=Dated)


def matching_phase(phases: Sequence[Phase], subject: str, closest: bool = False) -> int | None:
    """The phase a priority names ("the venue first" → "Venue booked"), if any; with
    ``closest``, the one sharing most words (a task's: "care needs assessment", a trial's)."""
    words = words_of(subject)
    shared = [len(words & (words_of(p.title) | {base(t) for t in p.topics})) for p in phases]
    hits = [i for i, n in enumerate(shared) if n]
    return (shared.index(max(shared)) if closest else hits[0]) if hits else None


_BOOKS = re.compile(r"(?:book|reserve|order|buy|register|sign\sup|apply|pay)\b", re.I)
_BOOKED = re.compile(
    r"\b(?:booked|reserved|ordered|bought|registered|signed\sup|applied|paid|chosen|hired)\b",
    re.I,
)


def pulled(milestones: list[M], phases: Sequence[Phase], steps: Sequence[Constraint]) -> list[M]:
    """``milestones`` (one a phase, in order) with each dated step's milestone, and those
    before it, done by the step's day when they fell later."""
    out = list(milestones)
    for step in steps:
        if step.when is None or not step.source.startswith("feedback:"):
            continue
        i = matching_phase(phases, step.subject, closest=True)
        if i is None or i >= len(out) - 1 or out[i].due <= step.when:
            continue
        if _BOOKS.match(step.subject) and not _BOOKED.search(phases[i].title):
            continue  # booking the exam is not sitting it (found as a user: the mock exam
            # and all the material pulled to the day the exam was to be booked)
        for j in range(i + 1):
            if out[j].due > step.when:
                out[j] = replace(out[j], due=step.when)  # type: ignore[type-var]
    return out


# "the week before the move": a step's day counted back from the plan's own day (found as a
# user: "Tom takes the old furniture to the tip the week before the move" was due in June,
# nine weeks before moving day); "register with a GP after the move": after it (found as a
# user: dated seven weeks before moving day)
_BEFORE_THE_DAY = re.compile(
    r"\b(?:the|a)\s(day|week|fortnight|month)\sbefore\s(?:the\s|our\s)?(?:move|moving\sday"
    r"|party|wedding|race|event|trip|launch|opening|big\sday|day)\b",
    re.I,
)
_AFTER_THE_DAY = re.compile(
    r"\b(?:once|after)\s(?:the\s|our\s)?(?:move|moving\sday|we\s(?:have\s)?moved|wedding"
    r"|party|race|event|trip|launch|opening|big\sday)\b",
    re.I,
)
_DAYS_BACK = {"day": 1, "week": 7, "fortnight": 14, "month": 30}


def around_the_day(text: str, end: date) -> tuple[date, str] | None:
    """The day of a step said before or after the plan's own day ``end``, and what its title
    adds to say so ("" before it; " (after the move: on or after …)" after it)."""
    if said := _BEFORE_THE_DAY.search(text):
        return end - timedelta(days=_DAYS_BACK[said.group(1).lower()]), ""
    if said := _AFTER_THE_DAY.search(text):
        return end, f" ({said.group(0)}: on or after {end.isoformat()})"
    return None
