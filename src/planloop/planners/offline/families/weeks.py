"""Week-by-week schedules of a person's own work: a training plan (its load and long run)
and a fitness plan, each dated from the outline's start (a triathlon's is
triathlon_weeks.py's, a swim's swim_weeks.py's, a study plan's studies.py's)."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from planloop.constraints import Constraint, dates
from planloop.constraints.weekdays import work_days
from planloop.planners.offline.families.outline import Outline

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def week_start(out: Outline, week: int) -> date:
    return out.start + timedelta(days=7 * (week - 1))


def away_in(out: Outline, week: int) -> Constraint | None:
    """The time away that takes most of ``week`` (four of its seven days or more)."""
    first = week_start(out, week)
    days = [out.cs.away_on(first + timedelta(days=d)) for d in range(7)]
    gone = [c for c in days if c is not None]
    return gone[0] if len(gone) >= 4 else None


def part_away(out: Outline, week: int) -> str:
    """What a week partly away says of its runs (found as a user: away skiing from Saturday
    13 February, week 10's long run was still on its Saturday): "" when none of it is."""
    first = week_start(out, week)
    away = [d for d in range(7) if out.cs.away_on(first + timedelta(days=d)) is not None]
    if not away or len(away) >= 4:
        return ""
    if away[0] > 0:  # away from a day in the week: the runs before it
        day = first + timedelta(days=away[0])
        return f"; away from {day:%a} {day.day} {day:%B}: the long run and the rest before then"
    back = first + timedelta(days=away[-1] + 1)
    return f"; back on {back:%a} {back.day} {back:%B}: the week's runs from then"


def _rest_days(out: Outline) -> str:
    """The days the person said they cannot (a rule of days for the work, or "no runs on
    Mondays"), as rest days."""
    days = work_days(out.cs)
    banned = [
        d
        for i, d in enumerate(_WEEKDAYS)
        if i not in days or any(d in c.subject for c in out.cs.exclusions)
    ]
    return ", ".join(d.capitalize() for d in banned)


SAFE_KG_A_WEEK = 1.0  # the usual upper bound of a safe pace of weight loss


_TIMES = re.compile(
    r"\b([1-7]|one|two|three|four|five|six|seven)\s(?:times|sessions|days)\s(?:a|per|each)\sweek\b",
    re.I,
)


def _times_a_week(out: Outline) -> int | None:
    """The sessions a week said, the latest: "3 days a week", "3 times a week"."""
    days = out.cs.quantity("day", "week")
    if days is not None and days.number:
        return int(days.number)
    said = [m for text in (out.goal, *(f.text for f in out.cs.of("quantity"))) for m in
            _TIMES.finditer(text)]  # fmt: skip
    return dates.number(said[-1].group(1)) if said else None


def fitness(out: Outline) -> str:
    weeks = min(out.weeks, 52)
    target = out.cs.quantity("kg", scope="")  # to lose, not weighed now ("I'm 82 kg")
    kg = target.number if target and target.number else None
    rows = ["| Week | Starts | Sessions | Weight change to date | Focus |", "|---|---|---|---|---|"]
    most = _times_a_week(out)  # "can go to the gym 3 times a week": no week has more
    no_running = any("run" in c.subject.lower() for c in out.cs.exclusions)
    for w in range(1, weeks + 1):
        if w == 1:
            focus, sessions = "Baseline: weigh in, measure, log food and activity", 2
        elif w % 4 == 0:
            focus, sessions = "Check-in: measure, review the log, adjust", 3
        elif w <= 4:
            focus, sessions = "Habits: keep every session; protein and vegetables at meals", 3
        else:
            focus, sessions = "Progress: add load or time to one session a week", 4
        sessions = min(sessions, most) if most else sessions
        change = f"−{kg * w / weeks:.1f} kg" if kg else "—"
        if no_running and w > 1:  # "a bad knee, so no running" (a second trial's: unread)
            focus = f"{focus}; low-impact: cycling, swimming or the cross-trainer"
        if (paused := out.cs.away_on(week_start(out, w))) is not None and paused.subject:
            # "no running until February": low-impact sessions until then (a trial's: unread)
            focus = (
                f"Low-impact only, no {paused.subject} until {paused.when} ({paused.source}):"
                f" cycling, swimming or the cross-trainer; {focus[:1].lower()}{focus[1:]}"
            )
        rows.append(f"| {w} | {week_start(out, w).isoformat()} | {sessions} | {change} | {focus} |")
    notes = []
    if kg is not None and target is not None:
        pace = kg / weeks
        notes.append(
            f"{kg:g} kg ({target.source}) over {weeks} weeks is {pace:.1f} kg a week"
            + (
                f": faster than about {SAFE_KG_A_WEEK:g} kg a week, the usual safe pace;"
                " check the target with a doctor, or give it more time."
                if pace > SAFE_KG_A_WEEK
                else f", within the usual safe pace of up to {SAFE_KG_A_WEEK:g} kg a week."
            )
        )
    else:
        notes.append("No target weight change stated: the plan tracks sessions and habits.")
    rest = _rest_days(out)
    if rest:
        notes.append(f"Rest days kept free of sessions: {rest} (as asked).")
    return "\n".join([*rows, "", *notes])


# A usual peak week and longest run for an amateur training for each race (km): the load
# rises to it and holds, so a 5k plan over 30 weeks does not climb to a marathoner's week.
# And the weeks a usual plan for it takes.
_RACES = (
    # a first 50 km: about a marathoner's week, not 100 km for months (a user trial's: 20
    # weeks at 100 km, from 30 km a week)
    (
        re.compile(
            r"\b50\s?(?:k|km|kilomet(?:re|er)s?)\b[^.;]{0,30}\bultra|\bultra[^.;]{0,30}"
            r"\b50\s?(?:k|km)\b",
            re.I,
        ),
        "a 50 km ultra",
        80,
        35,
        20,
    ),
    (re.compile(r"\bultra", re.I), "an ultra", 100, 40, 24),
    (re.compile(r"\bhalf[\s-]?marathon", re.I), "a half marathon", 60, 21, 12),
    (re.compile(r"\bmarathon", re.I), "a marathon", 80, 32, 16),
    (re.compile(r"\b10\s?k(?:m)?\b", re.I), "a 10k", 50, 16, 8),
    (re.compile(r"\b5\s?k(?:m)?\b|\bparkrun", re.I), "a 5k", 35, 10, 6),
)


PEAK_WEEKS = 8  # the weeks before the taper a long plan reaches its peak by, not sooner


def _rate(base: float, cap: float, build: int) -> float:
    """How fast the load grows a week: 10%, or slower when the plan is long enough that 10%
    would reach the peak months early and hold it there (a user trial's first ultra: 100 km
    weeks from week 18 to 39); never slower than 3%."""
    grows = (build - PEAK_WEEKS) * 3 // 4  # the weeks that grow: one in four is a cutback
    if cap <= base or grows < 2:
        return 1.1
    return min(1.1, max(1.03, float((cap / base) ** (1 / grows))))


def _weeks_away_before(out: Outline, week: int) -> int:
    """How many weeks in a row before ``week`` were away."""
    gap = 0
    while week - gap - 1 >= 1 and away_in(out, week - gap - 1) is not None:
        gap += 1
    return gap


def _race(goal: str) -> tuple[str, float, float, int]:
    """The race the goal trains for: its usual peak week and longest run (km), and the
    weeks a usual plan for it takes."""
    for pattern, name, peak, longest, weeks in _RACES:
        if pattern.search(goal):
            return name, peak, longest, weeks
    return "the race", 60, 25, 8


# What a running day holds on average at a plan's peak: a peak week is at most the days
# run times this (4 days: 60 km, a long run and three shorter runs)
_KM_A_DAY = 15


# the other runs of a week are at most this share of its long run
_OTHER_RUNS = 0.8
MOST_DAYS = 6  # running days a week, at most, when the runner has not said


def _sessions(km: float) -> int:
    """Runs in a week of ``km`` when the runner has not said how many days."""
    return 3 if km < 30 else 4 if km < 50 else 5


def _longest_share(days: int) -> float:
    """A week's load over its long run, at most: the long run and the other runs at
    :data:`_OTHER_RUNS` of it (3 days: 2.6 times the long run)."""
    return 1 + (max(1, days) - 1) * _OTHER_RUNS


def training(out: Outline) -> str:
    weeks = min(out.weeks, 52)
    # A distance said per week is the load; one said of a single run ("I run 10 km") is
    # where the long run starts; "the long run up to 18 km" is where it ends. A bare "30 km"
    # is a week's, as it always was.
    weekly = out.cs.quantity("km", "week") or out.cs.quantity("km", "")
    one_run = out.cs.quantity("km", "run")
    long_to = out.cs.quantity("km", "long run")
    days = out.cs.quantity("day", "week")
    per_week = int(days.number) if days is not None and days.number else 0
    allowed = len(work_days(out.cs))
    # the days said are the days run: "I can train on Tuesdays, Thursdays and Sundays" (a new
    # user's trial: 5 sessions a week on 3 days); days ruled out only cap them: "I can't run
    # on Mondays" left 6, and a beginner ran 6 days a week (another trial's)
    listed = any(c.scope != "not" for c in out.cs.of("days"))
    if not per_week and allowed < 7 and listed:
        per_week = allowed
    race, cap, longest, usual = _race(out.goal)
    if one_run and one_run.number and one_run.number < 5:  # a beginner's first: less of it
        cap, longest = round(cap * 0.7), round(longest * 0.8)  # (a page trial's 41 km weeks)
    if weekly and weekly.number:
        base, base_q = weekly.number, weekly
    elif one_run and one_run.number and one_run.number < 5:
        # a short run now ("I can run 3 km") is each day's to begin with: 9 km over 3 days,
        # not 15 (a second page trial's: five times the run said, "about twice")
        base, base_q = float(round(one_run.number * (per_week or 3))), one_run
    elif one_run and one_run.number:
        base, base_q = max(15.0, round(one_run.number * 2)), one_run  # about two runs' worth
    else:
        base, base_q = 20.0, None
    peak_said = f"a usual peak week for {race}"
    if per_week and per_week * _KM_A_DAY < cap:  # found by a new user's trial: 80 km on 4 days
        cap, peak_said = (
            per_week * _KM_A_DAY,
            f"about {_KM_A_DAY} km a running day, {per_week} days",
        )
    cap = max(cap, base)  # a runner already above it keeps their load
    most = out.cs.quantity("km", "peak")  # "peak weekly distance must not exceed 70 km"
    if most is not None and most.number:
        cap, base = most.number, min(base, most.number)
        peak_said = f"as asked, {most.source}"
    first_long: float = one_run.number if one_run and one_run.number else round(base * 0.35)
    last_long = long_to.number if long_to and long_to.number else min(longest, race_long(longest))
    last_long = max(last_long, first_long)
    taper = 2 if weeks >= 8 else 1
    build = max(1, weeks - taper)
    rate = _rate(base, cap, build)
    rows = [
        "| Week | Starts | Sessions | Load (km) | Long run (km) | Focus |",
        "|---|---|---|---|---|---|",
    ]
    load = base
    peak = base
    peak_long = first_long
    missed = 0  # weeks away so far: the build does not advance while away
    ran = (round(base), round(first_long))  # the last week run: the week back is no more
    held = False  # whether the long run, at the race's longest, held the load back
    first_shown = 0  # the first week's long run
    ran_days = 0  # the days run in the last week run
    for w in range(1, weeks + 1):
        days_run = 0
        if (gone := away_in(out, w)) is not None:
            missed += 1
            focus = f"Away ({gone.text}): no runs planned"
            rows.append(f"| {w} | {week_start(out, w).isoformat()} | 0 | 0 | 0 | {focus} |")
            continue
        back = missed and away_in(out, w - 1) is not None  # the first week back: ease in
        if w > weeks - taper:
            cut = 0.6 if w == weeks - taper + 1 or taper == 1 else 0.4
            km, long_run = round(peak * cut), round(peak_long * cut)
            # the race itself is on top of the week's runs (a trial's: "Load 24 km", the 42 km
            # race in no column)
            focus = (
                "Race week: easy runs, then the race (not in the load)"
                if w == weeks
                else "Taper: keep intensity, cut volume"
            )
        elif w % 4 == 0:
            km, long_run = round(load * 0.8), round(peak_long * 0.8)
            focus = "Cutback week: recover"
        else:
            gap = _weeks_away_before(out, w) if back else 0
            if w > 1:  # back after a fortnight away: 80% of the load left
                load = load * max(0.5, 1 - 0.1 * gap) if back else min(cap, load * rate)
            km = round(load)
            step = w - 1 - missed  # where the long run's build has got to
            long_run = round(first_long + (last_long - first_long) * step / max(1, build - 1))
            long_run = round(min(long_run, max(km - 6, first_long)))  # the week runs besides
            if back:  # no more than the last week run (a user's trial: 29 km after 26)
                km = min(km, ran[0])
                long_run = min(round(peak_long * max(0.5, 1 - 0.1 * gap)), ran[1])
            # the long run is the week's longest (a new user's trial: a 10k's 12 km long run
            # beside 15 km runs): it grows with the load, up to the race's longest, and past
            # that the load waits for it
            days_run = per_week or min(_sessions(km), allowed)
            long_run = max(
                long_run, round(min(last_long, math.ceil(km / _longest_share(days_run))))
            )
            while (
                not per_week
                and days_run < min(MOST_DAYS, allowed)
                and km > long_run * _longest_share(days_run)
            ):
                days_run += 1  # the days not said: one more run rather than longer ones
            if km > (most_km := math.floor(long_run * _longest_share(days_run))):
                km = load = most_km
                held = held or long_run >= last_long
            first_shown = first_shown or long_run
            peak = max(peak, km)
            peak_long = max(peak_long, long_run)
            focus = "Base: easy aerobic running" if w <= weeks // 3 else "Build: tempo and long run"
            focus = "Back from time away: easy running" if back else focus
        # a cutback or taper week keeps the days run, each run shorter
        sessions = per_week or days_run or ran_days or _sessions(km)
        focus += part_away(out, w)
        ran, ran_days = (km, long_run), sessions
        rows.append(
            f"| {w} | {week_start(out, w).isoformat()} | {sessions} | {km} | {long_run} | {focus} |"
        )
    said = f" ({base_q.source})" if base_q else " (assumed: no weekly distance stated)"
    if base_q is one_run and one_run is not None:
        said = (
            f" (about twice the {one_run.number:g} km run you do now, {one_run.source})"
            if (one_run.number or 0) >= 5
            else f" (the {one_run.number:g} km you run now, on each running day, {one_run.source})"
        )
    notes = [
        f"Load starts from {base:g} km a week{said}, rises about {rate - 1:.0%} a week to "
        + (
            f"{peak:g} km (no other run longer than {_OTHER_RUNS:.0%} of the {last_long:g} km"
            f" long run, {per_week or _sessions(peak)} running days)"
            if held
            else f"at most {cap:g} km ({peak_said})"
        )
        + ", drops every fourth week and tapers before the race.",
        f"The long run grows from {first_shown or first_long:g} km to {peak_long:g} km"
        + (f" (as asked, {long_to.source})" if long_to else f" before {race}")
        + (f"; {per_week} running days a week ({days.source})." if days and per_week else "."),
    ]
    if weeks < usual:
        notes.append(
            f"{weeks} weeks is short for {race}: a usual plan takes {usual} or more. If the "
            "date can move, move it; if not, run it easy and walk when you need to."
        )
    rest = _rest_days(out)
    if rest:
        notes.append(f"Rest days kept free of running: {rest} (as asked).")
    return "\n".join([*rows, "", *notes])


def race_long(longest: float) -> float:
    """The longest training run before a race: about 90% of a half marathon's 21 km, the
    race's usual longest run otherwise."""
    return round(longest * 0.9) if longest >= 20 else longest


_DAY_GROUPS = {"weekday": frozenset(range(5)), "weekend": frozenset({5, 6})}


def weekly_hours(out: Outline) -> tuple[float, str]:
    """Hours a week for the work, and where they come from: said by the week ("6 hours a
    week"), or by the day times the days the work may fall on ("30 minutes a day" on
    weekdays only: 2.5 hours; found as a user: a plan said "5 hours a week (assumed)" for
    "30 minutes a day"), else 5, assumed."""
    allowed = work_days(out.cs)
    days = len(allowed)
    for unit, in_hours in (("hour", 1.0), ("minute", 1 / 60)):
        said = out.cs.quantity(unit)
        if said is None or not said.number:
            continue
        # a time on weekdays and another at weekends: each for its days left
        split = [
            q
            for q in out.cs.of("quantity")
            if q.unit == unit and q.source == said.source and q.scope == "day" and q.number
            and q.subject in _DAY_GROUPS
        ]  # fmt: skip
        if len({q.subject for q in split}) > 1:
            parts = [(q, len(_DAY_GROUPS[q.subject] & allowed)) for q in split]
            hours = sum((q.number or 0) * in_hours * n for q, n in parts)
            said_as = " + ".join(f"{q.text} × {n} {q.subject} day{'s' if n != 1 else ''}"
                                 for q, n in parts)  # fmt: skip
            return hours, f"({said_as}, {said.source})"
        if said.scope == "day":
            hours = said.number * in_hours * days or 0.5  # 20 minutes, 5 days: 1 hour 40
            a_day = f"{said.text} a day × {days} day{'s' if days != 1 else ''}"
            return hours, f"({a_day}, {said.source})"
        if unit == "hour" or said.scope == "week":  # minutes alone are no weekly time
            return said.number * in_hours, f"({said.source})"
    return 5.0, "(assumed: no weekly hours stated)"


def hours_said(hours: float) -> str:
    """A week's hours in words that add up: "2.5 hours", "1 hour 40 minutes" (found by a user
    trial: "1.5 hours a week (20 minutes a day, 5 days)", the half hour rounded away)."""
    minutes = round(hours * 60)
    whole, left = divmod(minutes, 60)
    if left in (0, 30):
        return f"{minutes / 60:g} hour{'' if minutes == 60 else 's'}"
    if not whole:
        return f"{left} minutes"
    return f"{whole} hour{'' if whole == 1 else 's'} {left} minutes"
