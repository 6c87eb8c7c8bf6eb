"""A plan's first dated steps: what its Next actions start with.

Read from the plan's own structure table (a countdown's tasks, a training plan's first
week, a works sequence, the sources of money) and its milestones, so the first thing a
person is told to do is the first thing the plan dates, with its day and its owner (found
as a user: every plan's first action was "Start with “<the goal>”: scope and baseline
agreed by week 3", beside a countdown that said what to book first and by when).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from planloop.planners.offline.families import Outline
from planloop.planners.offline.families.exclusions import words_of

# The structure tables' columns, by what they hold (families/*: countdowns, weeks, works,
# sources, experiments, meetings, waves, workstreams)
_DATES = ("Date", "Starts", "Done by", "Asked for by", "Decide by", "Migrated by", "Due")
_TASKS = (
    "Task",
    "Booking or vendor task",
    "Step",
    "What",
    "Source",
    "Experiment",
    "Scope",
    "Workstream",
    "Focus",
    "Work",
)
_OWNERS = ("Owner", "Host")
_PIPE = re.compile(r"(?<!\\)\|")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WITH = re.compile(r"^With (M\d+)$")


@dataclass(frozen=True)
class Step:
    due: date
    what: str
    owner: str
    milestone: str = ""  # "M2": a milestone, or its own task ("With M2")
    week: str = ""  # "1": a week of a weekly table, which starts on ``due``
    verb: str = "By"  # "From" a step that starts then, "On" a meeting's day

    def said(self) -> str:
        if self.week:
            weeks = "Weeks" if "–" in self.week else "Week"
            return f"{weeks} {self.week}, from {self.due.isoformat()}: {_unbold(self.what)}."
        who = ", ".join(x for x in (self.milestone, self.owner) if x)
        return f"{self.verb} {self.due.isoformat()}: {_unbold(self.what)}" + (
            f" ({who})." if who else "."
        )


def first_steps(out: Outline, structure: str, limit: int = 3) -> list[str]:
    """The plan's first ``limit`` dated steps from today on, in date order: the
    structure's rows, and the milestones no row is the task of."""
    rows = _rows(structure)
    mine = {s.milestone for s in rows if s.milestone}
    marks = [
        Step(m.due, m.title, m.owner, milestone=f"M{i}")
        for i, m in enumerate(out.milestones, start=1)
        if f"M{i}" not in mine and out.start <= m.due < out.end
    ]
    steps = [s for s in rows if out.start <= s.due < out.end and not _restates(s, marks)]
    steps += marks
    steps.sort(key=lambda s: (s.due, not s.milestone))
    weeks = [s for s in steps if s.week]
    chosen = [s for s in steps if not s.week or s is weeks[0]]  # one week says how it starts
    return [s.said() for s in chosen[:limit]]


def _restates(row: Step, marks: list[Step]) -> bool:
    """Whether a row says again what a milestone of its day says (a workstream "Permits and
    licences" done with "M1 Business registered; permits and licences applied for")."""
    said = words_of(row.what)
    for mark in marks:
        if mark.due == row.due and said:
            theirs = words_of(mark.what)
            if len(said & theirs) * 2 >= min(len(said), len(theirs)):
                return True
    return False


def _rows(structure: str) -> list[Step]:
    lines = [line for line in structure.splitlines() if line.startswith("|")]
    if len(lines) < 3:
        return []
    header = _cells(lines[0])
    at = _column(header, _DATES)
    task = _column(header, _TASKS)
    if at is None or task is None:
        return []
    owner = _column(header, _OWNERS)
    weekly = header[0] in ("Week", "Weeks")
    verb = "From" if header[at] == "Starts" else "By"
    if header[0] == "#" and header[at] == "Date":  # a meeting is held on its day
        verb = "On"
    found = []
    for line in lines[2:]:
        cells = _cells(line)
        if len(cells) != len(header) or (day := _day(cells[at])) is None:
            continue
        what = cells[task].replace("\\|", "|")
        if what in ("", "—"):
            continue
        if header[0] == "Wave":
            what = f"wave {cells[0]} migrated: {what}"
        mark = _WITH.match(cells[0])
        found.append(
            Step(
                day,
                what,
                cells[owner] if owner is not None else "",
                milestone=mark.group(1) if mark else "",
                week=cells[0] if weekly else "",
                verb=verb,
            )
        )
    return found


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _PIPE.split(line.strip().strip("|"))]


def _day(text: str) -> date | None:
    if not (m := _ISO.match(text)):
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _unbold(text: str) -> str:
    return text.replace("**", "")
