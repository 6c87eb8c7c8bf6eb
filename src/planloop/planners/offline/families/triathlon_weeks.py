"""A triathlon's week-by-week schedule: each week's swim, ride and run, building from what
the athlete does now to the race's distances, dated from the outline's start."""

from __future__ import annotations

from planloop.planners.offline.families.outline import Outline
from planloop.planners.offline.families.triathlons import race_of, ridden_now, swum_now
from planloop.planners.offline.families.weeks import away_in, hours_said, week_start, weekly_hours


def triathlon(out: Outline) -> str:
    """Each week's hours with its swims, rides and runs: the longest swim grows from what is
    swum now to past the race's, the ride and the run to theirs; a brick each week from the
    build; every fourth week easier; a taper; nothing in a week away."""
    weeks = min(out.weeks, 52)
    name, swim, bike, run = race_of(out.goal)
    hours, basis = weekly_hours(out)
    swim_from = swum_now(out.goal) or min(200, swim // 2)
    ridden = ridden_now(out.goal)
    ride_from = min(300, round(ridden * 3.5)) if ridden else 45  # minutes, ~17 km an hour
    taper = 2 if weeks >= 8 else 1
    build = max(1, weeks - taper - 1)  # the rehearsal's week, the last of the build
    rows = [
        "| Week | Starts | Hours | Swim | Ride | Run | Focus |",
        "|---|---|---|---|---|---|---|",
    ]
    done = 0  # weeks of the build done (a week away does not advance it)
    rested = False  # the last week had no runs: the first back is walk-runs
    for w in range(1, weeks + 1):
        starts = week_start(out, w).isoformat()
        gone = away_in(out, w)
        if gone is not None and gone.subject != "running":
            rows.append(f"| {w} | {starts} | 0 | — | — | — | Away ({gone.text}): rest |")
            continue
        step = min(1.0, done / build)
        longest_swim = _nearest(swim_from + (swim * 1.2 - swim_from) * step, 50)
        # minutes, at about 17 km an hour, up to five hours
        ride = _nearest(ride_from + (max(ride_from, min(bike * 3.5, 300)) - ride_from) * step, 5)
        run_km = round(3 + (run * 1.1 - 3) * step, 1)
        week_hours = round(hours, 1)
        if w > weeks - taper:
            week_hours = round(hours * (0.6 if w < weeks else 0.4), 1)
            focus = (
                "Race week: short, sharp sessions; rest two days before"
                if w == weeks
                else "Taper: keep some pace, cut the volume"
            )
            longest_swim, ride, run_km = swim, max(30, ride // 2), round(run / 2, 1)
        elif w == build + 1 and w > 1:
            focus = "Rehearsal: the race's swim, ride and run at race effort, one after another"
        elif w % 4 == 0:
            week_hours = round(hours * 0.8, 1)
            focus = "Easier week: recover"
        elif step < 0.4:
            focus = "Base: swim technique, easy rides and runs"
        else:
            focus = "Build: a brick (ride, then run straight after) and one faster session"
        done += 1
        runs = f"2 runs; longest {run_km:g} km"
        if gone is not None:  # "no running until 10 January": swims and rides go on
            runs, focus = "No runs", f"Swims and rides only ({gone.text})"
        elif rested:
            runs = "2 walk-runs of 20 minutes"
        rested = gone is not None
        rows.append(
            f"| {w} | {starts} | {week_hours:g} | 2 swims; longest {longest_swim:,} m "
            f"| 1–2 rides; longest {ride} min | {runs} | {focus} |"
        )
    rows.append(
        f"| Race | {out.end.isoformat()} | — | {swim:,} m | {bike:g} km | {run:g} km | {name} |"
    )
    return "\n".join(
        [
            *rows,
            "",
            f"{hours_said(hours)} a week {basis}, shared between the three; the longest swim "
            f"grows from {swim_from:,} m to past the race's {swim:,} m before the taper.",
        ]
    )


def _nearest(value: float, step: int) -> int:
    return int(round(value / step) * step)
