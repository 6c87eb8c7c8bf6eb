"""Each family's structure: a weekly table for training and study, a vendor timeline for an
event (a countdown for a market), waves for a migration, workstreams for an opening,
experiments for growth."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from planloop.constraints import Constraint
from planloop.constraints.weekdays import work_days
from planloop.planners.offline.families.accounts import (
    handover,
    shared_out,
    steps_for,
    steps_to_the_return,
)
from planloop.planners.offline.families.beginners import starts_running
from planloop.planners.offline.families.care import CARE_ASK, care_notes
from planloop.planners.offline.families.clubs import runs_a_club
from planloop.planners.offline.families.countdowns import countdown
from planloop.planners.offline.families.debts import repayment_schedule
from planloop.planners.offline.families.decorating import DECORATOR, decorators_work
from planloop.planners.offline.families.drafts import hands_in
from planloop.planners.offline.families.exclusions import excluded_words
from planloop.planners.offline.families.family import Phase
from planloop.planners.offline.families.fundraising import sources
from planloop.planners.offline.families.meetings import meetings
from planloop.planners.offline.families.migrations import migration
from planloop.planners.offline.families.omissions import without, words_in
from planloop.planners.offline.families.outline import Outline, date_at, owner_for
from planloop.planners.offline.families.rooms import (
    chosen_builder,
    on_site_share,
    with_builder,
    works,
)
from planloop.planners.offline.families.run_walk import run_walk
from planloop.planners.offline.families.services import SERVICE_WATCH, runs_a_service
from planloop.planners.offline.families.studies import study
from planloop.planners.offline.families.swim_weeks import swim_weeks
from planloop.planners.offline.families.swims import swims
from planloop.planners.offline.families.triathlon_weeks import triathlon
from planloop.planners.offline.families.triathlons import is_triathlon
from planloop.planners.offline.families.tripdays import REST_EVERY
from planloop.planners.offline.families.weeks import fitness, training, week_start
from planloop.terms import cell


def structure(out: Outline) -> str:
    render = {
        "training": training,
        "fitness": fitness,
        "study": study,
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
        "sale": countdown,
        "fair": countdown,
        "show": countdown,
        "concert": countdown,
        "hiring": countdown,
        "festival": countdown,
        "talk": countdown,
        "switch": countdown,
        "migration": migration,
        "software": _software,
        "venue": _venue,
        "growth": _growth,
        "renovation": _renovation,
        "writing": _writing,
        "accounts": _accounts,
        "debt": _repayments,
        "care": _care,
    }.get(out.family.id, _general)
    if out.family.id == "training" and is_triathlon(out.goal):
        render = triathlon
    elif out.family.id == "training" and swims(out.goal):
        render = swim_weeks
    elif out.family.id == "training" and starts_running(out.goal):
        render = run_walk
    elif out.family.id == "community" and runs_a_club(out.goal):
        render = meetings
    return render(out) + _added(out)


def _added(out: Outline) -> str:
    tasks = [t for t in out.tasks if not rests_on_the_road(out, t.title)]
    if not tasks:
        return ""
    rows = ["| Task | Owner | Done by | Asked in |", "|---|---|---|---|"]
    rows += [
        f"| {cell(t.title)} | {cell(t.owner)} | {t.due.isoformat()} | {t.source} |" for t in tasks
    ]
    # a part the goal itself wants by its day is no reviewer's request (a trial's thesis)
    goal = [t.source == "goal" for t in tasks]
    said = (
        "Asked for in the goal"
        if all(goal)
        else "Asked for in the goal and at the reviews"
        if any(goal)
        else "Added at the reviewer's request"
    )
    return f"\n\n**{said}:**\n\n" + "\n".join(rows)


def rests_on_the_road(out: Outline, said: str) -> bool:
    """A rest day asked of a trip: its day-by-day table holds it, no task does."""
    return out.family.id == "trip" and out.event is not None and REST_EVERY.search(said) is not None


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


def _service(out: Outline) -> str:
    """A service business's steps, each with what to watch."""
    rows = ["| Step | Owner | Done by | Watch |", "|---|---|---|---|"]
    for m in out.milestones:
        watch = next((w for k, w in SERVICE_WATCH.items() if m.title.startswith(k)), "—")
        rows.append(f"| {cell(m.title)} | {cell(m.owner)} | {m.due.isoformat()} | {cell(watch)} |")
    return "\n".join(rows)


def _care(out: Outline) -> str:
    """Care's steps, each with who to ask and what to watch; then what was said of the
    visits, the person's savings and their memory."""
    rows = ["| Step | Who to ask | Done by | Watch |", "|---|---|---|---|"]
    for m in out.milestones:
        ask, watch = next((v for k, v in CARE_ASK.items() if k in m.title), ("—", "—"))
        rows.append(f"| {cell(m.title)} | {cell(ask)} | {m.due.isoformat()} | {cell(watch)} |")
    return "\n".join([*rows, *(f"\n{note}" for note in care_notes(out.goal, out.cs))])


def _venue(out: Outline) -> str:
    if runs_a_service(out.goal):
        return _service(out)
    # Each workstream is done by the milestone that names it (the launch by the last one
    # that does: the public opening), not by the milestone in its place in a list.
    # (a market stall's in its own words: stalls.py; a trial's table had no rows)
    streams = [
        ("Permits and licences", ("permit", "licence", "registered"), False),
        ("Premises and fit-out", ("premises", "fit-out"), False),
        ("Pitch and insurance", ("pitch applied",), False),
        ("Equipment", ("gazebo",), False),
        ("Supply", ("supplier", "stock", "recipes"), False),
        ("Staff", ("staff",), False),
        ("Launch", ("opening", "launch", "first trading", "first market"), True),
    ]
    rows = []
    for name, words, last in streams:
        named = [m for m in out.milestones if any(w in m.title.lower() for w in words)]
        if named:
            ms = named[-1] if last else named[0]
            rows.append(f"| {name} | {cell(ms.owner)} | {ms.due.isoformat()} |")
    if not rows:
        return "Each workstream is a milestone of the Schedule, done by its date."
    return "\n".join(["| Workstream | Owner | Done by |", "|---|---|---|", *rows])


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
def _renovation(out: Outline) -> str:
    rows = ["| Step | Starts | Owner | Watch |", "|---|---|---|---|"]
    banned = {
        w for c in out.cs.exclusions if c.scope != "budget" for w in excluded_words(c, out.goal)
    }
    builder = chosen_builder(out.cs)
    for share, whole, owner, topics, watch in works(out.goal):
        step = without(with_builder(whole, builder), banned)
        watch = with_builder(watch, builder)
        if not step:
            continue
        if out.family.team == DECORATOR and decorators_work(topics.split()):
            owner = DECORATOR  # the decorator said at a checkpoint prepares and paints
        who = owner_for(out, step, Phase(step, share, owner, tuple(topics.split())))
        # what to watch, without what is ruled out ("check the tiles come from one batch")
        heed = "; ".join(w for w in watch.split("; ") if not words_in(w) & banned) or "—"
        rows.append(
            f"| {cell(step)} | {date_at(out, on_site_share(share, out.site)).isoformat()}"
            f" | {cell(who)} | {cell(heed)} |"
        )
    return "\n".join(rows)


_WORDS = re.compile(r"\b([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{4,6})[\s-]words?\b", re.I)
_PIECES = re.compile(  # "60 family recipes" too (a trial's cookbook was 80,000 words)
    r"\b([0-9]{1,4})\s(?:[a-z-]{3,15}\s)?(recipes|chapters|poems|stories|essays|articles|posts"
    r"|songs)\b",
    re.I,
)
ASSUMED_WORDS = 80_000  # a usual length for a book (a first novel), said as an assumption
_THESES = (  # a dissertation's usual length by its degree
    (re.compile(r"\b(?:phd|doctoral|doctorate|dphil)\b", re.I), 80_000, "PhD thesis's"),
    (re.compile(r"\b(?:master'?s|msc|mres|mphil|mba)\b", re.I), 15_000, "master's dissertation's"),
    (re.compile(r""), 10_000, "undergraduate dissertation's"),
)
SHORT_WORDS = 1_000  # a picture book's, at most
_SHORT_BOOK = re.compile(r"\b(?:picture|board)[\s-]books?\b", re.I)


def _length(out: Outline) -> tuple[int, str, str]:
    """How much the draft is (a number, its unit, and where that comes from): the words or
    the pieces (recipes, chapters, poems) the goal states, else a usual novel's words."""
    if said := _WORDS.search(out.goal):
        return int(said.group(1).replace(",", "")), "words", "(goal)"
    if said := _PIECES.search(out.goal):
        return int(said.group(1)), said.group(2).lower(), "(goal)"
    if _SHORT_BOOK.search(out.goal):  # found by a third new user's trial: 80,000 words
        return SHORT_WORDS, "words", "(assumed: no length stated; a usual picture book's)"
    if hands_in(out.goal):  # a master's thesis was a novel's 80,000 words (a trial's)
        words, whose = next((n, w) for kind, n, w in _THESES if kind.search(out.goal))
        return words, "words", f"(assumed: no length stated; a usual {whose})"
    return ASSUMED_WORDS, "words", "(assumed: no length stated; a usual length for a book)"


def _writing(out: Outline) -> str:
    """The draft in four-week blocks (how much each needs, the total so far), then the
    revision, the edit and the publishing on their milestones' days."""
    total, unit, basis = _length(out)
    # the draft's own milestone ("First draft finished"): the end, for a draft-only goal
    drafted = next(p for p in out.family.phases if p.title == "First draft finished")
    draft_end = date_at(out, drafted.share)
    weeks = max(1, math.ceil((draft_end - out.start).days / 7))
    step = 50 if unit == "words" else 1
    per_week = math.ceil(total / weeks / step) * step
    if (said_pace := _week_pace(out)) and unit == "words":  # the writer's pace: the table's
        # (a second trial's table wrote 1,800 words a week beside "3,750 a week at your pace")
        per_week, weeks = said_pace, max(1, math.ceil(total / said_pace))
    title = unit.capitalize()
    rows = [f"| Weeks | Starts | Work | {title} | Draft so far |", "|---|---|---|---|---|"]
    for first in range(1, weeks + 1, 4):
        last = min(weeks, first + 3)
        so_far = min(total, per_week * last)
        done = so_far - min(total, per_week * (first - 1))
        if done <= 0:
            break
        span = f"{first}–{last}" if last > first else f"{first}"
        work = _chapters(out, week_start(out, last))
        rows.append(
            f"| {span} | {week_start(out, first).isoformat()} | {work} | {done:,} | {so_far:,} |"
        )
    after = [m for m in out.milestones if m.due > draft_end]  # revision, editing, publishing
    rows += [f"| — | {m.due.isoformat()} | {cell(m.title)} | — | {total:,} |" for m in after]
    pace = f"about {per_week:,} {unit} a week until the draft is done"
    said = _said_pace(out, total, unit, draft_end, drafted.title)
    return "\n".join([*rows, "", f"{total:,} {unit} {basis}: {pace}.{said}"])


# what a dissertation's draft is of while each milestone is ahead (a thirteenth trial's:
# "Draft" from week 1, before the question was agreed and the data collected)
_CHAPTERS = {
    "outline": "Outline; reading notes",
    "ethics": "Literature review; the ethics application",
    "collection": "Methods chapter, while the data comes in",
    "analysis": "Results and discussion",
    "reading": "Literature review and methods",
    "draft": "Main chapters",
}


def _chapters(out: Outline, ends: date) -> str:
    """The Work of a block of the writing table ending on ``ends``: "Draft", or for a
    dissertation the chapters written before the next of its milestones."""
    if not hands_in(out.goal):
        return "Draft"
    ahead = [m for m in out.milestones if m.due >= ends]
    phase = next((p for p in out.family.phases if ahead and ahead[0].title == p.title), None)
    if phase is None or phase.title == "First draft finished":
        return "Introduction and conclusion"
    return _CHAPTERS.get(phase.topics[0] if phase.topics else "", "Draft")


def _week_pace(out: Outline) -> int:
    """The words a week of the writer's pace, said ("500 words a day" on the days said), or 0."""
    said = _pace(out)
    return said[2] if said else 0


def _pace(out: Outline) -> tuple[Constraint, int, int] | None:
    """The writer's pace as said last, the days a week it is written on, and its words a
    week; None when no pace is said."""
    paces = [q for q in out.cs.of("quantity") if q.unit == "word" and q.scope in ("day", "week")]
    pace = paces[-1] if paces else None
    if pace is None or not pace.number:
        return None
    days = len(work_days(out.cs)) if pace.scope == "day" else 1
    return pace, days, round(pace.number * days)


def _said_pace(out: Outline, total: int, unit: str, due: date, title: str) -> str:
    """What the writer's own pace ("500 words a day" on the days said) makes of the draft:
    done before its milestone, or after it (found as a user: the pace was read as nothing
    and the draft spread to its milestone's day)."""
    said = _pace(out)
    if unit != "words" or said is None:
        return ""
    pace, days, week = said
    weeks = math.ceil(total / week)
    done = out.start + timedelta(weeks=weeks)
    a_day = f"{pace.number:,g} a day × {days} days = " if pace.scope == "day" else ""
    gap = (due - done).days // 7
    when = (
        f"{gap} weeks before “{title}” ({due.isoformat()}): time to rest it before revising"
        if gap > 0
        else f"{-gap} weeks after “{title}” ({due.isoformat()}): write on more days, or"
        " move that milestone"
        if gap < 0
        else f"on “{title}”'s day"
    )
    return (
        f" At your pace ({a_day}{week:,} words a week, {pace.source}) the draft takes {weeks}"
        f" weeks: done by {done.isoformat()}, {when}."
    )


def _accounts(out: Outline) -> str:
    """The steps to a tax return, each on its share of the way to the deadline, the
    records at the accountant's on the day they asked for."""
    at = handover(out.cs, out.start, out.end)
    rows = []
    for share, step, who, watch in steps_for(out.goal):
        when = date_at(out, shared_out(share, at)).isoformat()
        rows.append((step, when, owner_for(out, step, Phase(step, share, who)), watch))
    return steps_to_the_return(rows)


def _repayments(out: Outline) -> str:
    return repayment_schedule(out.goal, out.cs, out.end)


def _general(out: Outline) -> str:
    rows = ["| Step | Owner | Done by |", "|---|---|---|"]
    rows += [f"| {cell(m.title)} | {cell(m.owner)} | {m.due.isoformat()} |" for m in out.milestones]
    return "\n".join(rows)
