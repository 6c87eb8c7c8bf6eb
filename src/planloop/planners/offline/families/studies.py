"""A study schedule week by week: new material in four parts with a review week every
fourth, the first two parts by the first-half milestone and all by "all material
covered", then practice, the mock exams and revision to the exam or the goal's day (the
week tables of training and fitness are weeks.py's)."""

from __future__ import annotations

import math
import re

from planloop.constraints import dates
from planloop.planners.offline.families.instruments import played, plays_music
from planloop.planners.offline.families.outline import Outline, date_at
from planloop.planners.offline.families.practice import PRACTICE_RUN, ready, sits_exam
from planloop.planners.offline.families.weeks import (
    away_in,
    hours_said,
    week_start,
    weekly_hours,
)

_SUPPORT = re.compile(r"\b(?:tutor|teacher|coach|trainer|mentor|physio)", re.I)


def _week_of(out: Outline, title: str, share: float) -> int:
    """The week in which the milestone that begins with ``title`` falls (its share of the
    schedule when it is not there): the week table and the milestones say one date."""
    due = next((m.due for m in out.milestones if m.title.startswith(title)), None)
    due = due or date_at(out, share)
    return max(1, (due - out.start).days // 7 + 1)


def _part(i: int, weeks: int) -> str:
    """The parts of 4 that the ``i``-th (from 0) of ``weeks`` weeks of new material covers:
    "part 2", or "parts 3 to 4" (written with a dash) when there are fewer weeks than parts."""
    first, last = i * 4 // weeks + 1, max(i * 4 // weeks + 1, (i + 1) * 4 // weeks)
    return f"part {first}" if first == last else f"parts {first}–{last}"


def _parts(learning: list[int], half: int) -> dict[int, str]:
    """Each week of new material's part of 4: parts 1 and 2 in the weeks up to ``half``
    (the first-half milestone's), 3 and 4 after it, so that the table and the milestone
    say one week (found by a new user's trial: parts 1 and 2 ended in week 16, the milestone
    said week 18); evenly when either side has no week."""
    first, second = [w for w in learning if w <= half], [w for w in learning if w > half]
    if not first or not second:
        return {w: _part(i, len(learning)) for i, w in enumerate(learning)}
    found = {}
    for group, before in ((first, 0), (second, 2)):
        for i, w in enumerate(group):
            lo = before + i * 2 // len(group) + 1
            hi = before + max(i * 2 // len(group) + 1, (i + 1) * 2 // len(group))
            found[w] = f"part {lo}" if lo == hi else f"parts {lo}–{hi}"
    return found


_COUNTED_SONGS = re.compile(
    r"\b([0-9]{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve)"
    r"\s(?:[a-z]+\s)?(?:songs|pieces|tunes)\b",
    re.I,
)


def songs_to_learn(goal: str) -> int:
    """How many songs the goal names ("6 songs", "five pieces"), 2 to 40, else 0."""
    m = _COUNTED_SONGS.search(goal)
    n = dates.number(m.group(1)) if m else None
    return n if n is not None and 1 < n <= 40 else 0


def _songs(learning: list[int], half: int, n: int) -> dict[int, int]:
    """Each week of new songs' song, of ``n``: the first half of them by ``half`` (the
    first-half milestone's week), the rest after it (a new user's trial: "New songs, part 1
    of 4" for eight weeks, the 6 songs never named)."""
    first, second = [w for w in learning if w <= half], [w for w in learning if w > half]
    split = (n + 1) // 2 if first and second else n
    found: dict[int, int] = {}
    for group, before, count in ((first, 0, split), (second, split, n - split)):
        for i, w in enumerate(group):
            found[w] = before + min(count, i * count // len(group) + 1) if count else n
    return found


def _weeks_by(out: Outline, title: str, share: float) -> int:
    """The weeks up to the milestone that begins with ``title``: the one it falls in, unless
    it falls on that week's first day (then the week before is the last)."""
    due = next((m.due for m in out.milestones if m.title.startswith(title)), None)
    return math.ceil(((due or date_at(out, share)) - out.start).days / 7)


def study_weeks(out: Outline) -> tuple[int, list[int]]:
    """The last week of new material, and the weeks of the mock exams (or practice runs).

    New material runs until the last week that ends by "all material covered", the mock in
    the week its milestone is (found as a user: the table's last new material came two
    weeks after that milestone, its mock exam a week after the mock's; later, new material
    in the week that began on the milestone's day). As many mocks as asked ("two full
    practice exams"), in the weeks up to the mock's, after the material."""
    weeks = min(out.weeks, 52)
    run = "Mock exam" if sits_exam(out.goal) else PRACTICE_RUN
    mock = min(weeks, _week_of(out, run, 0.92))
    covered = max(1, min(mock - 1, _weeks_by(out, "All material covered", 0.8)))
    asked = out.cs.quantity("mock")
    count = max(1, min(int(asked.number or 1) if asked else 1, mock - covered))
    return covered, list(range(mock - count + 1, mock + 1))


def _booked(out: Outline) -> str:
    """The exam's booking: for its day when the goal dates it ("on 15 March 2027"), else a
    sitting by the deadline ("by June 2027" ends on the 30th, which need be no exam day)."""
    said = out.cs.deadline
    if said is not None and re.match(r"on\b", said.text, re.I):
        return f"book the exam for {out.end.isoformat()}"
    return f"book a sitting by {out.end.isoformat()}"


def study(out: Outline) -> str:
    weeks = min(out.weeks, 52)
    hours, basis = weekly_hours(out)
    rows = ["| Week | Starts | Hours | Work | Review |", "|---|---|---|---|---|"]
    tutor = next((m.name for m in out.cs.members if _SUPPORT.search(m.role)), "")
    exam = sits_exam(out.goal)
    music = plays_music(out.goal) and not exam
    covered, mocks = study_weeks(out)
    mock, count = mocks[-1], len(mocks)
    # every fourth week reviews instead of adding (found as a user: "Review week" beside
    # "New material, part 2 of 4"); a plan of under four weeks has no review week
    # the first week chooses the materials and tests the level (practice.materials_first)
    first = 2 if covered > 4 and out.family.id == "study" else 1
    learning = [w for w in range(first, covered + 1) if w % 4 or covered < 4]
    parts = _parts(learning, _weeks_by(out, "First half of the", 0.45))  # each week's part
    n = songs_to_learn(out.goal) if music else 0
    songs = _songs(learning, _weeks_by(out, "First half of the", 0.45), n) if n else {}
    for w in range(1, weeks + 1):
        # The exam is on the deadline, after the mock (its own row below).
        if w in mocks:
            nth = f" {mocks.index(w) + 1} of {count}" if count > 1 else ""
            run = "Mock exam" if exam else "Full practice run"
            work, review = f"{run}{nth} under real conditions", "Mark it; list the weak topics"
        elif w > mock:
            showed = "the mock" if exam else "the practice run"
            work, review = f"Revise the weak topics {showed} showed", "Timed practice questions"
        elif w > covered:
            work, review = "Practice questions across all the material", "List weak topics"
        elif w < first:
            work, review = "Choose the materials; take a level test", "Set the weekly study times"
            if exam:  # a seat is booked weeks ahead (found as a user: no plan said to book it)
                review += f"; {_booked(out)} if it is not booked yet"
        elif w not in learning and songs:
            learned = songs[max(x for x in learning if x < w)]
            work = "Review week: no new song; play the ones learned"
            review = (
                f"Play songs 1–{learned} start to end"
                if learned > 1
                else "Play song 1 start to end"
            )
        elif w not in learning:
            done = parts[max(x for x in learning if x < w)].split()[-1][-1]
            work = "Review week: no new material" + "".join(
                f"; {c.subject} practice" for c in out.cs.focus[:2]
            )
            revisit = f"parts 1–{done}; practice questions on them"
            review = "Revisit " + (revisit if done != "1" else "part 1; practice questions on it")
        elif songs:
            k = songs[w]
            started = any(songs.get(x) == k for x in learning if x < w)
            step = (
                "up to full speed, with the recording" if started else "chords and rhythm, slowly"
            )
            review = (
                "Play the songs learned so far through twice"
                if k > 1
                else "Listen to the recording; practise the chord changes"
            )
            work = f"Song {k} of {n}: {step}"
        else:
            work = f"New material, {parts[w]} of 4" + "".join(
                f"; {c.subject} practice" for c in out.cs.focus[:2]
            )
            review = "15-minute recap of last week"
        if tutor and w <= covered:
            review += f"; session with {tutor}"
        if (gone := away_in(out, w)) is not None:
            rows.append(
                f"| {w} | {week_start(out, w).isoformat()} | 0 | Away ({gone.text}): no study"
                " | Catch up on the week's work the week after |"
            )
            continue
        if music:
            work, review = played(work, out.goal), played(review, out.goal)
        rows.append(
            f"| {w} | {week_start(out, w).isoformat()} | {round(hours, 1):g} | {work} | {review} |"
        )
    last = ("Exam", "Final exam or goal check") if exam else ("Goal", ready(out.goal))
    rows.append(f"| {last[0]} | {out.end.isoformat()} | — | {last[1]} | — |")
    return "\n".join(
        [*rows, "", f"{hours_said(hours)} a week {basis}; every fourth week is a review week."]
    )
