"""A beginners' week-by-week table: run-walk sessions on the days said, the minutes run at
a time growing to 30 without stopping (beginners.py has the plan's kind)."""

from __future__ import annotations

from planloop.constraints.weekdays import DAYS, work_days
from planloop.planners.offline.families.outline import Outline
from planloop.planners.offline.families.weeks import away_in, week_start
from planloop.terms import join_words

_GOAL_MINUTES = 30


def run_walk(out: Outline) -> str:
    """Each week's sessions and its run-walk: 1 minute run, 90 seconds walk, 8 times in the
    first; the minutes run at a time grow to 30 in the last, the graduation run."""
    weeks = min(out.weeks, 52)
    days = sorted(work_days(out.cs))
    on = join_words(DAYS[d].capitalize() for d in days) if len(days) < 7 else "3 a week"
    rows = ["| Week | Starts | Sessions | Each session | Focus |", "|---|---|---|---|---|"]
    for w in range(1, weeks + 1):
        starts = week_start(out, w).isoformat()
        if (gone := away_in(out, w)) is not None:
            rows.append(f"| {w} | {starts} | 0 | — | Away ({gone.text}): rest |")
            continue
        share = (w - 1) / max(1, weeks - 1)
        run = max(1, round(1 + (_GOAL_MINUTES - 1) * share**1.5))  # slowly at first
        if w == weeks:
            each, focus = f"{_GOAL_MINUTES} min run, or 5 km", "Graduation run"
        elif run < 20:
            times = max(2, min(8, 24 // run))
            walk = "90 s" if run < 5 else "2 min"
            each = f"{run} min run, {walk} walk, × {times}"
            focus = "Walk first: 5 minutes brisk, then the intervals"
        else:
            each = f"{run} min run without stopping"
            focus = "Steady: a pace you can talk at"
        rows.append(f"| {w} | {starts} | {on} | {each} | {focus} |")
    return "\n".join(
        [
            *rows,
            "",
            "Every session starts and ends with 5 minutes' brisk walk. Repeat a week"
            " that felt too hard rather than pushing on.",
        ]
    )
