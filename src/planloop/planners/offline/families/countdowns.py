"""The countdowns to an event's day: what to book or do so many weeks or days before a
celebration, a party, a gathering, a race, a move, an offsite, a trip's departure, a
market's first day, a job search's target date, a driving test or a purchase's
completion, each task's parts dropped when an exclusion names them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planloop.constraints import Constraint
from planloop.constraints.diets import food_rules, rule_of
from planloop.planners.offline.families.exclusions import excluded_words
from planloop.planners.offline.families.moves import NOTICE_GIVEN, booked_as_quoted
from planloop.planners.offline.families.omissions import given, without
from planloop.planners.offline.families.outline import Outline, on_a_free_day, owner_for
from planloop.planners.offline.families.parties import Steps
from planloop.planners.offline.families.quizzes import runs_a_quiz
from planloop.planners.offline.families.roadtrips import drives
from planloop.planners.offline.families.runups import steps_for
from planloop.planners.offline.families.shows import noun_of, release_days
from planloop.planners.offline.families.single_hire import in_the_singular
from planloop.planners.offline.families.timing import DAY_OF, IN_LEAD_TIMES
from planloop.planners.offline.families.tournaments import TOURNAMENT_DAY, runs_a_tournament
from planloop.planners.offline.families.tripdays import cities, destination, rest_every, trip_days
from planloop.planners.offline.families.volunteers import VOLUNTEER_DAY, recruits_volunteers
from planloop.terms import cell, join_words

_THE_DAY = ("Event day", "The event")


def countdown(out: Outline) -> str:
    """The countdown to an event's day (a celebration, a party, a gathering, an offsite, a
    trip's departure, a market's first day): each task so many weeks or days before it."""
    quiz = out.family.id == "event" and runs_a_quiz(out.goal)
    task_title = (
        "Task"
        if out.family.id
        in ("party", "race", "move", "job", "driving", "home", "sale", "fair", "hiring", "talk")
        or out.family.id in ("show", "concert", "switch")
        or quiz
        or runs_a_tournament(out.family.id, out.goal)
        else "Booking or vendor task"
    )
    rows = [f"| When | Date | {task_title} | Owner |", "|---|---|---|---|"]
    # a show kept going through a stretch counts down to its launch, its issues after it
    launched = out.begins if out.family.id == "show" and out.begins is not None else None
    event = launched or out.end
    steps = steps_for(out)
    if out.family.id == "move":
        steps = _notice_steps(out, steps)
    span = max(1, (event - out.start).days)
    if out.family.id in IN_LEAD_TIMES:  # lead times, as its milestones (timing.in_lead_times)
        span = min(span, out.family.default_days)
    banned = {
        w for c in out.cs.exclusions if c.scope != "budget" for w in excluded_words(c, out.goal)
    }
    gifts = {  # what others give or lend: not bought, but confirmed
        w for c in out.cs.exclusions if c.scope == "budget" for w in excluded_words(c, out.goal)
    }
    place = out.place
    dated: list[tuple[date, str]] = []
    rules = food_rules(out.cs)
    schools = any("school" in p.topics for p in out.family.phases)
    heads = _milestone_heads(out)
    for share, whole, topic in steps:
        if topic == "school" and not schools:
            continue  # a household with no children (households.py)
        task = given(without(booked_as_quoted(whole, out.cs), banned), gifts)
        if rules and _BRINGS_FOOD.search(task):  # the food rules, to whoever brings it
            task += f"; all food {join_words(rule_of(c) for c in rules)} ({_sources(rules)})"
            rules = []
        if place is not None and "the venue" in task:
            task = task.replace("the venue", f"the venue in {place.name}", 1)
            place = None  # said once, at the booking
        if not task:
            continue
        owner = owner_for(out, f"{task}: {topic}")  # who books the band: "Book … music"
        # the first task of a milestone's own subject is that milestone's, on its day
        # (found as a user: "Book the venue" on one date, "M2 Venue booked" on another)
        if (head := heads.pop(topic.split()[0], None)) is not None:
            number, due = head
            # the milestone's owner does its own task (found by a new user's trial: "Tom
            # Barker" owned M3 while its task on the same day was the move planner's)
            owner = out.milestones[number - 1].owner
            if " with " in (helped := owner_for(out, f"{task}: {topic}")):
                owner = helped  # "Job seeker with Priya Shah": who helps with it
            row = f"| With M{number} | {due.isoformat()} | {cell(task)} | {cell(owner)} |"
            dated.append((due, row))
            continue
        days_before = round(span * share)
        # never after the milestone that says it is done (found as a user: "Sign for the
        # new home" three days after "M2 New home found and signed for")
        if (done := _done_by(out, topic, 1 - share)) is not None:
            days_before = max(days_before, (event - done).days)
        if days_before >= 14:  # whole weeks, and the date exactly that many before
            weeks = round(days_before / 7)
            if done is not None and event - timedelta(weeks=weeks) > done:
                weeks += 1
            when, label = event - timedelta(weeks=weeks), f"{weeks} weeks before"
        else:
            when = event - timedelta(days=days_before)
            label = (
                f"{days_before} day{'s' if days_before != 1 else ''} before"
                if days_before
                else "On the day"
            )
        when, label = on_a_free_day(out, event, when, label)
        dated.append((when, f"| {label} | {when.isoformat()} | {cell(task)} | {cell(owner)} |"))
    rows += [row for _, row in sorted(dated, key=lambda d: d[0])]
    day, what = ("Quiz night", "The quiz") if quiz else DAY_OF.get(out.family.id, _THE_DAY)
    if runs_a_tournament(out.family.id, out.goal):
        day, what = TOURNAMENT_DAY
    if recruits_volunteers(out.family.id, out.goal):
        day, what = VOLUNTEER_DAY
    meal = out.family.phases[-1].title.split()[0]
    if out.family.title == "A celebration meal out" and meal in ("Lunch", "Dinner", "Meal"):
        day, what = f"{meal} day", f"The {meal.lower()}"  # "Lunch day", "The lunch"
    what = in_the_singular(what, out.goal)  # "The new hire started", of one hire
    if out.event is not None:
        what = f"{what}: {out.event.span}"
    rows.append(f"| {day} | {event.isoformat()} | {what} | {cell(out.lead)} |")
    if launched is not None:
        noun = noun_of(out.family)
        days = release_days(out.goal, out.cs, launched, out.end, noun)
        for n, when in enumerate(days, start=2):
            said = f"Write, edit and send issue {n}" if noun == "issue" else f"Release {noun} {n}"
            who = owner_for(out, said)
            rows.append(f"| {noun.title()} {n} | {when.isoformat()} | {said} | {cell(who)} |")
    if out.family.id == "trip" and out.event is not None and out.event.last > out.event.first:
        every = rest_every([out.goal, *(c.text for c in out.cs.additions)])
        stops = cities(out.goal)
        rows += ["", "**Day by day:**", ""]
        to = destination(out.goal)  # "from Edinburgh to Cornwall": there and back
        rows += trip_days(out.event.first, out.event.last, every, drives(out.goal), stops, to)
    return "\n".join(rows)


def _notice_steps(out: Outline, steps: Steps) -> Steps:
    """A notice period of its own milestone (moves.with_notice) is its own task: the
    signing no longer gives the notice."""
    notice = out.cs.notice
    if notice is None or not any(m.title == NOTICE_GIVEN for m in out.milestones):
        return steps
    owed = notice.text + ("'" if notice.text.endswith("s") else "'s")  # "a month's"
    give = f"Give notice on the old home ({owed} notice before moving day)"
    signed = tuple(
        (share, task.replace("; give notice on the old one", ""), topic)
        for share, task, topic in steps
    )
    return ((0.5, give, "notice"), *signed)


def _milestone_heads(out: Outline) -> dict[str, tuple[int, date]]:
    """Each milestone's own subject (its phase's first topic), with its number and day."""
    heads: dict[str, tuple[int, date]] = {}
    for phase in out.family.phases:
        if phase.share >= 1.0 or not phase.topics:
            continue
        for number, m in enumerate(out.milestones, start=1):
            if m.title.startswith(phase.title):
                heads.setdefault(phase.topics[0], (number, m.due))
                break
    return heads


def _done_by(out: Outline, topic: str, at: float) -> date | None:
    """The day of the first milestone at or after ``at`` (a share of the schedule) whose
    phase names ``topic``: the task of that topic is done by then."""
    words = set(topic.split())
    for phase in sorted(out.family.phases, key=lambda p: p.share):
        if phase.share + 1e-9 >= at and phase.share < 1.0 and words & set(phase.topics):
            return next((m.due for m in out.milestones if m.title.startswith(phase.title)), None)
    return None


# a task that asks whoever brings or makes the food: a food rule is said to them there
# (a sale's "ask whether selling food there needs permission" is not one)
_BRINGS_FOOD = re.compile(
    r"\b(?:bakers?|caterers?|catering|cooks?|menu|cake|(?<!selling\s)food)\b", re.I
)


def _sources(rules: list[Constraint]) -> str:
    return ", ".join(dict.fromkeys(c.source for c in rules))
