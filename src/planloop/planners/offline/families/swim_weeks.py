"""A swim's week-by-week table: pool sessions and the longest swim without stopping, grown
from what is swum now to past the distance (swims.py has the plan's kind)."""

from __future__ import annotations

import re

from planloop.constraints.weekdays import work_days
from planloop.planners.offline.families.outline import Outline
from planloop.planners.offline.families.swims import POOL_LENGTH, distances
from planloop.planners.offline.families.weeks import away_in, week_start

_UNDER = re.compile(r"\bunder\s([0-9]{1,2})\s(?:minutes|mins?)\b", re.I)


FASTEST = 50  # seconds per 100 m: faster is no one's swim (the world's best swim ~46)


def target_time(out: Outline) -> int | None:
    """The minutes the whole distance is to take ("in under 12 minutes"), in the goal or
    said later, if at all; not minutes no swimmer could swim it in, which are another
    thing's ("tread water for 2 minutes", a new user's trial: 400 m "under 2 minutes")."""
    far, _ = distances(out.goal)
    said = _UNDER.search(out.goal)
    later = out.cs.quantity("minute")
    minutes = int(said.group(1)) if said else None
    if minutes is None and later is not None and later.number and not later.scope:
        minutes = int(later.number)
    return minutes if minutes and minutes * 60 * 100 >= FASTEST * far else None


def swim_weeks(out: Outline) -> str:
    """Each week's pool sessions with the longest swim without stopping, grown from what is
    swum now to past the distance by the last weeks; every fourth week easier; nothing in
    a week away or with the pool closed."""
    weeks = min(out.weeks, 52)
    far, now = distances(out.goal)
    start = now or POOL_LENGTH
    minutes = target_time(out)
    lessons = out.cs.quantity("lesson")
    weekly = lessons is not None and lessons.scope == "week" and lessons.number
    days = len(work_days(out.cs))  # "only Tuesdays now": one session a week
    sessions = f"{lessons.number:g} lesson + 1 swim" if weekly and lessons else str(min(2, days))
    booked = out.milestones[0].due  # lessons begin once booked (M1), as the budget pays them
    # the whole distance by its milestone's week (found as a user: the table reached it three
    # weeks after "The whole 400 m without stopping")
    whole = next((m.due for m in out.milestones if m.title.startswith("The whole")), out.end)
    build = max(1, (whole - out.start).days // 7)
    rows = ["| Week | Starts | Sessions | Longest swim without stopping | Focus |",
            "|---|---|---|---|---|"]  # fmt: skip
    done = 0
    # weeks away or closed before the whole distance's week: the build waits for them (a
    # new user's trial: 200 m, two weeks shut, then 250 m), and no week adds more than a
    # tenth (or a length) to the longest swum (375 m, then 450 m)
    closed = sum(1 for w in range(1, build + 1) if away_in(out, w) is not None)
    missed, swum = 0, start
    for w in range(1, weeks + 1):
        starts = week_start(out, w).isoformat()
        if (gone := away_in(out, w)) is not None:
            rows.append(f"| {w} | {starts} | 0 | — | No swimming ({gone.text}) |")
            missed += 1
            continue
        # the milestone's week has the distance
        step = min(1.0, (w - 1 - missed) / max(1, build - 1 - closed))
        past = far * (1.1 if w > build else 1.0)
        longest = max(start, int(round((start + (past - start) * step) / 25) * 25))
        longest = min(longest, swum + max(POOL_LENGTH, swum // 10 // 25 * 25))
        if w == weeks:
            focus = f"The {far:,} m, timed" + (f": under {minutes} minutes" if minutes else "")
            longest = far
        elif w % 4 == 0 or (missed and away_in(out, w - 1) is not None):
            focus = "Easier week: technique drills"  # every fourth, and the first one back
            longest = max(start, min(longest, swum) * 3 // 4 // 25 * 25)
        elif step < 0.3:
            focus = "Technique: floating, kicking, breathing to the side"
        elif step < 0.7:
            focus = "Endurance: longer swims at an easy pace, rests between"
        else:
            focus = "Distance: the whole way, then at a steady pace" + _pace(minutes, far)
        done += 1
        swum = max(swum, longest) if focus != "Easier week: technique drills" else swum
        had = sessions if week_start(out, w) >= booked or not weekly else "2 swims"
        rows.append(f"| {w} | {starts} | {had} | {longest:,} m | {focus} |")
    pace = f", in under {minutes} minutes" if minutes else ""
    return "\n".join(
        [
            *rows,
            "",
            f"From {start:,} m without stopping to {far:,} m{pace}; lengths of a"
            f" {POOL_LENGTH} m pool unless said.",
        ]
    )


def _pace(minutes: int | None, far: int) -> str:
    """The pace per 100 m that swims ``far`` in ``minutes`` (" (about 3:00 per 100 m)")."""
    if not minutes:
        return ""
    per = minutes * 60 * 100 // far - 5  # seconds per 100 m, a little inside the time
    return f" (about {per // 60}:{per % 60:02d} per 100 m)"
