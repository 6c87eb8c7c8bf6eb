"""Each family's structure: a weekly table for training and study, a vendor timeline for an
event (a countdown for a market), waves for a migration, workstreams for an opening,
experiments for growth."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from planloop.planners.offline.families.countdowns import countdown, without
from planloop.planners.offline.families.family import Phase
from planloop.planners.offline.families.fundraising import sources
from planloop.planners.offline.families.lines import excluded_words
from planloop.planners.offline.families.outline import Outline, date_at, owner_for
from planloop.terms import cell

_SUPPORT = re.compile(r"\b(?:tutor|teacher|coach|trainer|mentor|physio)", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def structure(out: Outline) -> str:
    render = {
        "training": _training,
        "fitness": _fitness,
        "study": _study,
        "event": countdown,
        "gathering": countdown,
        "party": countdown,
        "race": countdown,
        "move": countdown,
        "job": countdown,
        "driving": countdown,
        "home": countdown,
        "fundraising": sources,
        "retreat": countdown,
        "trip": countdown,
        "market": countdown,
        "migration": _migration,
        "software": _software,
        "venue": _venue,
        "growth": _growth,
        "renovation": _renovation,
        "writing": _writing,
    }.get(out.family.id, _general)
    return render(out) + _added(out)


def _added(out: Outline) -> str:
    if not out.tasks:
        return ""
    rows = ["| Task | Owner | Done by | Asked in |", "|---|---|---|---|"]
    rows += [
        f"| {cell(t.title)} | {cell(t.owner)} | {t.due.isoformat()} | {t.source} |"
        for t in out.tasks
    ]
    return "\n\n**Added at the reviewer's request:**\n\n" + "\n".join(rows)


def _week_start(out: Outline, week: int) -> date:
    return out.start + timedelta(days=7 * (week - 1))


def _rest_days(out: Outline) -> str:
    banned = [d for d in _WEEKDAYS for c in out.cs.exclusions if d in c.subject]
    return ", ".join(d.capitalize() for d in banned)


SAFE_KG_A_WEEK = 1.0  # the usual upper bound of a safe pace of weight loss


def _fitness(out: Outline) -> str:
    weeks = min(out.weeks, 52)
    target = out.cs.quantity("kg")
    kg = target.number if target and target.number else None
    rows = ["| Week | Starts | Sessions | Weight change to date | Focus |", "|---|---|---|---|---|"]
    for w in range(1, weeks + 1):
        if w == 1:
            focus, sessions = "Baseline: weigh in, measure, log food and activity", 2
        elif w % 4 == 0:
            focus, sessions = "Check-in: measure, review the log, adjust", 3
        elif w <= 4:
            focus, sessions = "Habits: keep every session; protein and vegetables at meals", 3
        else:
            focus, sessions = "Progress: add load or time to one session a week", 4
        change = f"−{kg * w / weeks:.1f} kg" if kg else "—"
        rows.append(
            f"| {w} | {_week_start(out, w).isoformat()} | {sessions} | {change} | {focus} |"
        )
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
    (re.compile(r"\bultra", re.I), "an ultra", 100, 40, 24),
    (re.compile(r"\bhalf[\s-]?marathon", re.I), "a half marathon", 60, 21, 12),
    (re.compile(r"\bmarathon", re.I), "a marathon", 80, 32, 16),
    (re.compile(r"\b10\s?k(?:m)?\b", re.I), "a 10k", 50, 16, 8),
    (re.compile(r"\b5\s?k(?:m)?\b|\bparkrun", re.I), "a 5k", 35, 10, 6),
)


def _race(goal: str) -> tuple[str, float, float, int]:
    """The race the goal trains for: its usual peak week and longest run (km), and the
    weeks a usual plan for it takes."""
    for pattern, name, peak, longest, weeks in _RACES:
        if pattern.search(goal):
            return name, peak, longest, weeks
    return "the race", 60, 25, 8


def _training(out: Outline) -> str:
    weeks = min(out.weeks, 52)
    base_q = out.cs.quantity("km")
    base = base_q.number if base_q and base_q.number else 20.0
    race, cap, longest, usual = _race(out.goal)
    cap = max(cap, base)  # a runner already above it keeps their load
    taper = 2 if weeks >= 8 else 1
    rows = [
        "| Week | Starts | Sessions | Load (km) | Long run (km) | Focus |",
        "|---|---|---|---|---|---|",
    ]
    load = base
    peak = base
    for w in range(1, weeks + 1):
        if w > weeks - taper:
            km = round(peak * (0.6 if w == weeks - taper + 1 or taper == 1 else 0.4))
            focus = "Race week" if w == weeks else "Taper: keep intensity, cut volume"
        elif w % 4 == 0:
            km = round(load * 0.8)
            focus = "Cutback week: recover"
        else:
            if w > 1:
                load = min(cap, load * 1.1)
            km = round(load)
            peak = max(peak, km)
            focus = "Base: easy aerobic running" if w <= weeks // 3 else "Build: tempo and long run"
        sessions = 3 if km < 30 else 4 if km < 50 else 5
        long_run = round(min(km * 0.35, longest))
        rows.append(
            f"| {w} | {_week_start(out, w).isoformat()} | {sessions} | {km} | {long_run} "
            f"| {focus} |"
        )
    notes = [
        f"Load starts from {base:g} km a week"
        + (f" ({base_q.source})" if base_q else " (assumed: no weekly distance stated)")
        + f", rises about 10% a week to at most {cap:g} km (a usual peak week for {race}),"
        + " drops every fourth week and tapers before the race."
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


def _study(out: Outline) -> str:
    weeks = min(out.weeks, 52)
    hours_q = out.cs.quantity("hour")
    hours = hours_q.number if hours_q and hours_q.number else 5.0
    rows = ["| Week | Starts | Hours | Work | Review |", "|---|---|---|---|---|"]
    tutor = next((m.name for m in out.cs.members if _SUPPORT.search(m.role)), "")
    for w in range(1, weeks + 1):
        # The exam is on the deadline, after the last week's mock (its own row below).
        if w == weeks:
            work, review = "Mock exam under real conditions", "Mark it; revise the weak topics"
        elif w == weeks - 1:
            work, review = "Practice questions across all the material", "List weak topics"
        else:
            part = math.ceil(w * 4 / max(1, weeks - 2))
            work = f"New material, part {min(part, 4)} of 4" + "".join(
                f"; {c.subject} practice" for c in out.cs.focus[:2]
            )
            review = (
                "Review week: revisit everything so far"
                if w % 4 == 0
                else "15-minute recap of last week"
            )
            if tutor:
                review += f"; session with {tutor}"
        rows.append(f"| {w} | {_week_start(out, w).isoformat()} | {hours:g} | {work} | {review} |")
    rows.append(f"| Exam | {out.end.isoformat()} | — | Final exam or goal check | — |")
    basis = f"({hours_q.source})" if hours_q else "(assumed: no weekly hours stated)"
    return "\n".join(
        [*rows, "", f"{hours:g} hours a week {basis}; every fourth week is a review week."]
    )


def _migration(out: Outline) -> str:
    first = [p.subject for p in out.cs.priorities]
    waves = [*first, "low-risk read paths", "core write paths", "remaining modules"]
    rows = ["| Wave | Scope | Migrated by | Cutover | Rollback |", "|---|---|---|---|---|"]
    # On the milestones' days: wave 1, wave 2, then (a wave asked for first makes four) one
    # between, and the last with "Remaining waves migrated".
    _, one, two, last = (ph.share for ph in out.family.phases[:4])
    shares = [one, two, last] if len(waves) == 3 else [one, two, (two + last) / 2, last]
    for i, (scope, share) in enumerate(zip(waves, shares, strict=False), start=1):
        due = date_at(out, share)
        rows.append(
            f"| {i} | {cell(scope)} | {due.isoformat()} | behind a switch, traffic moved in steps "
            f"| switch back to the old path within an hour; data written by both kept in sync |"
        )
    notes = [
        "Each wave: shadow traffic first, then 10% → 50% → 100%; a wave is done when the "
        "old path has been idle for a week."
    ]
    for c in out.cs.focus:
        notes.append(f"Focus asked for ({c.source}): **{c.subject}** — rehearsed in every wave.")
    return "\n".join([*rows, "", *notes])


def _software(out: Outline) -> str:
    first = [p.subject for p in out.cs.priorities]
    scope = [*first, "core flows, end to end", "the remaining features", "polish and fixes"]
    rows = ["| Increment | Scope | Done by | Demo to | Rollback |", "|---|---|---|---|---|"]
    # On the milestones' days: the first increment demoed, feature complete, the beta (a
    # part asked for first makes four: the core flows then fall between).
    _, demo, complete, beta = (ph.share for ph in out.family.phases[:4])
    shares = (
        [demo, complete, beta] if len(scope) == 3 else [demo, (demo + complete) / 2, complete, beta]
    )
    for i, (what, share) in enumerate(zip(scope, shares, strict=False), start=1):
        due = date_at(out, share)
        rows.append(
            f"| {i} | {cell(what)} | {due.isoformat()} | {cell(out.lead)} "
            "| release behind a feature flag; turn it off to roll back |"
        )
    notes = [
        f"Focus asked for ({c.source}): **{c.subject}** — tested in every increment."
        for c in out.cs.focus
    ]
    return "\n".join([*rows, *(["", *notes] if notes else [])])


def _venue(out: Outline) -> str:
    # Each workstream is done by the milestone that names it (the launch by the last one
    # that does: the public opening), not by the milestone in its place in a list.
    streams = [
        ("Permits and licences", ("permit", "licence"), False),
        ("Premises and fit-out", ("premises", "fit-out"), False),
        ("Supply", ("supplier", "stock"), False),
        ("Staff", ("staff",), False),
        ("Launch", ("opening", "launch"), True),
    ]
    rows = ["| Workstream | Owner | Done by |", "|---|---|---|"]
    for name, words, last in streams:
        named = [m for m in out.milestones if any(w in m.title.lower() for w in words)]
        if named:
            ms = named[-1] if last else named[0]
            rows.append(f"| {name} | {cell(ms.owner)} | {ms.due.isoformat()} |")
    return "\n".join(rows)


# Keeping people is a different job from winning them: a goal about churn or retention
# gets retention experiments; one about more subscribers, users or leads, acquisition ones.
_KEEPING = re.compile(r"\b(churn\w*|retention|retain\w*|cancel\w*|renewals?|at-risk)\b", re.I)
_RETENTION = (
    "Fix the biggest drop-off in onboarding (the first-use journey)",
    "Personal outreach to at-risk accounts",
    "A check-in at the point people usually leave",
)
_ACQUISITION = (
    "Fix the biggest drop-off between a first visit and signing up",
    "A referral offer: people who joined invite others, with a small reward",
    "A sign-up offer where the audience already is (social posts, partners, events)",
)


def _growth(out: Outline) -> str:
    rows = ["| # | Experiment | Measure | Owner | Decide by |", "|---|---|---|---|---|"]
    keeping = _KEEPING.search(out.goal) is not None
    ideas = list(_RETENTION if keeping else _ACQUISITION)
    for f in out.cs.focus:
        ideas.insert(0, f"Focus: {f.subject}")
    for i, idea in enumerate(ideas[:4], start=1):
        due = out.start + timedelta(days=round(out.days * (0.3 + 0.1 * i)))
        rows.append(
            f"| E{i} | {cell(idea)} | weekly | {cell(owner_for(out, idea))} "
            f"| {min(due, out.end).isoformat()} |"
        )
    return "\n".join(rows)


# A renovation's works in the order trades need them, each from a share of the schedule, with
# what a homeowner is usually told to watch at that step.
_WORKS = (
    (0.0, "Measure up, design the layout, ask three builders to quote", "Homeowner", "design",
     "quotes on the same drawings, so they compare"),
    (0.15, "Choose the builder; agree a written quote and payment stages", "Homeowner",
     "builder", "pay in stages as work is done, not up front"),
    (0.2, "Order units, fittings and appliances", "Homeowner", "order",
     "ask each supplier for its lead time"),
    (0.45, "Strip out; first fix of plumbing and electrics", "Builder",
     "plumbing electrics electrician plumber", "set up a temporary kitchen or washroom elsewhere"),
    (0.6, "Plaster; install units, worktops and fittings", "Builder", "units fitter fitting",
     "stone worktops are templated after the units are in"),
    (0.8, "Fit tiles and flooring; decorate; second fix", "Builder",
     "tiling tiler flooring decorating decorator painter",
     "electrical work signed off or certified where the rules ask"),
    (0.95, "Walk round with the builder; list and clear the snags", "Homeowner", "snagging",
     "the last payment once the list is cleared"),
)  # fmt: skip


def _renovation(out: Outline) -> str:
    rows = ["| Step | Starts | Owner | Watch |", "|---|---|---|---|"]
    banned = {w for c in out.cs.exclusions for w in excluded_words(c, out.goal)}
    for share, whole, owner, topics, watch in _WORKS:
        step = without(whole, banned)
        if not step:
            continue
        who = owner_for(out, step, Phase(step, share, owner, tuple(topics.split())))
        rows.append(
            f"| {cell(step)} | {date_at(out, share).isoformat()} | {cell(who)} | {cell(watch)} |"
        )
    return "\n".join(rows)


_WORDS = re.compile(r"\b([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{4,6})[\s-]words?\b", re.I)
_PIECES = re.compile(
    r"\b([0-9]{1,4})\s(recipes|chapters|poems|stories|essays|articles|posts|songs)\b", re.I
)
ASSUMED_WORDS = 80_000  # a usual length for a book (a first novel), said as an assumption


def _length(out: Outline) -> tuple[int, str, str]:
    """How much the draft is (a number, its unit, and where that comes from): the words or
    the pieces (recipes, chapters, poems) the goal states, else a usual novel's words."""
    if said := _WORDS.search(out.goal):
        return int(said.group(1).replace(",", "")), "words", "(goal)"
    if said := _PIECES.search(out.goal):
        return int(said.group(1)), said.group(2).lower(), "(goal)"
    return ASSUMED_WORDS, "words", "(assumed: no length stated; a usual length for a book)"


def _writing(out: Outline) -> str:
    """The draft in four-week blocks (how much each needs, the total so far), then the
    revision, the edit and the publishing on their milestones' days."""
    total, unit, basis = _length(out)
    draft_end = date_at(out, out.family.phases[2].share)
    weeks = max(1, math.ceil((draft_end - out.start).days / 7))
    step = 50 if unit == "words" else 1
    per_week = math.ceil(total / weeks / step) * step
    title = unit.capitalize()
    rows = [f"| Weeks | Starts | Work | {title} | Draft so far |", "|---|---|---|---|---|"]
    for first in range(1, weeks + 1, 4):
        last = min(weeks, first + 3)
        so_far = min(total, per_week * last)
        done = so_far - min(total, per_week * (first - 1))
        if done <= 0:
            break
        span = f"{first}–{last}" if last > first else f"{first}"
        rows.append(
            f"| {span} | {_week_start(out, first).isoformat()} | Draft | {done:,} | {so_far:,} |"
        )
    rows += [
        f"| — | {m.due.isoformat()} | {cell(m.title)} | — | {total:,} |" for m in out.milestones[3:]
    ]
    pace = f"about {per_week:,} {unit} a week until the draft is done"
    return "\n".join([*rows, "", f"{total:,} {unit} {basis}: {pace}."])


def _general(out: Outline) -> str:
    rows = ["| Step | Owner | Done by |", "|---|---|---|"]
    rows += [f"| {cell(m.title)} | {cell(m.owner)} | {m.due.isoformat()} |" for m in out.milestones]
    return "\n".join(rows)
