"""A goal's outline: its family, dated milestones with owners, and budget lines that hold
(lines.py).

Built from the constraints alone (planloop.constraints), so every section that shows a
date, an owner or an amount shows the same one, and the plan checker can verify them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from planloop.constraints import Constraint, ConstraintSet
from planloop.constraints.weekdays import days_text, work_days
from planloop.planners.offline.families import people
from planloop.planners.offline.families.accounts import for_handover
from planloop.planners.offline.families.choice import pick
from planloop.planners.offline.families.clubs import CLUB_STRUCTURE, before_the_first
from planloop.planners.offline.families.debts import for_repayment
from planloop.planners.offline.families.decorating import by_the_decorator
from planloop.planners.offline.families.exclusions import base, words_of
from planloop.planners.offline.families.family import Family, Phase
from planloop.planners.offline.families.hire_notice import with_notices
from planloop.planners.offline.families.homesales import with_agent
from planloop.planners.offline.families.income import fees_paid, sells
from planloop.planners.offline.families.lines import Line, budget, phases_left, phasing
from planloop.planners.offline.families.omissions import titles_without
from planloop.planners.offline.families.practice import materials_first
from planloop.planners.offline.families.rooms import (
    for_builder,
    from_the_site_start,
    on_site,
    works_trade,
)
from planloop.planners.offline.families.shows import kept_going, launch_day, launched_early
from planloop.planners.offline.families.stepdays import around_the_day, matching_phase, pulled
from planloop.planners.offline.families.timing import (
    EVENT_FAMILIES,
    EVENT_NOUNS,
    IN_LEAD_TIMES,
    EventDays,
    ahead,
    event_days,
    in_lead_times,
    milestone_days,
)
from planloop.planners.offline.families.tournaments import on_a_saturday, runs_a_tournament
from planloop.planners.offline.families.traits import SOLO
from planloop.terms import done_form


@dataclass(frozen=True)
class Milestone:
    title: str
    owner: str
    due: date
    source: str = "plan"  # or the constraint's source that put it here


@dataclass
class Outline:
    family: Family
    cs: ConstraintSet
    end: date
    assumed_end: bool
    milestones: list[Milestone] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    excluded: list[tuple[Constraint, str]] = field(default_factory=list)  # (exclusion, effect)
    goal: str = ""
    phasing: list[tuple[str, int]] = field(default_factory=list)  # (period, spend)
    tasks: list[Milestone] = field(default_factory=list)  # what reviewers asked to add
    # An event of more than a day: ``end`` is its first day (timing.py).
    event: EventDays | None = None
    # The first of what recurs: a club's stated start ("from February 2027"), its first
    # meeting, prepared from today; a newsletter's launch, its issues after it to the end
    begins: date | None = None
    # a renovation's works: where the builder's first step falls, where their start said
    # puts it, and the share the works then take, as shares of the schedule (rooms.on_site)
    site: tuple[float, float, float] | None = None

    @property
    def until(self) -> str:
        """Where the schedule runs to, for a person: the deadline, or the event's first
        day and why."""
        deadline, event = self.cs.end, self.event
        if event is None and deadline is not None and self.end < deadline:  # a day said
            days = self.cs.latest("days")
            why = f" ({days_text(days)})" if days is not None else ""
            return (
                f"to {self.end.isoformat()}, the last day for it{why} by the deadline"
                f" {deadline.isoformat()}"
            )
        if event is None or deadline is None:
            return f"to the deadline {self.end.isoformat()}"
        if event.first == deadline:  # "a 2-day workshop on 14 May"
            noun = EVENT_NOUNS.get(self.family.id, "event")
            return (
                f"to the deadline {deadline.isoformat()}, when the {noun} begins; it lasts"
                f" {event.lasts}, to {event.last.isoformat()}"
            )
        return (
            f"to {self.end.isoformat()}, the first day of the {event.lasts} it lasts, so that"
            f" it ends by the deadline {deadline.isoformat()}"
        )

    @property
    def lasts(self) -> str:
        """How long the event lasts ("3 days"); "" for an event of a day, or none."""
        return self.event.lasts if self.event is not None else ""

    @property
    def place(self) -> Constraint | None:
        """Where the event happens, as last said, for a plan that happens somewhere."""
        return self.cs.place if self.event_family else None

    @property
    def event_family(self) -> bool:
        return self.family.id in EVENT_FAMILIES

    @property
    def start(self) -> date:
        return self.cs.start

    @property
    def days(self) -> int:
        return max(1, (self.end - self.start).days)

    @property
    def months(self) -> int:
        return max(1, math.ceil(self.days / 30.4))

    @property
    def weeks(self) -> int:
        return max(1, math.ceil(self.days / 7))

    @property
    def currency(self) -> str:
        """The budget's currency, else that of the first amount stated (a cap)."""
        b = self.cs.budget
        if b and b.money:
            return b.money.currency
        said = next((c.money.currency for c in self.cs.items if c.money), "")
        return said or next(iter(re.findall(r"[£$€¥]", self.goal)), "")  # "raise £15,000"

    def money(self, amount: float) -> str:
        return f"{self.currency}{amount:,.0f}"

    @property
    def lead(self) -> str:
        """Who leads: a named person (people.py), else the family's lead role."""
        return people.lead(self.cs, self.family, self.goal)

    @property
    def finance(self) -> str | None:
        """A named person who holds the money ("Ben handles finance"), if any."""
        return people.finance(self.cs)

    @property
    def team(self) -> str:
        named = [people.team_text(self.cs, c) for c in self.cs.teams]
        apart = {self.lead, self.finance}  # who leads or keeps the money is not the crew
        crew = [m.name for m in self.cs.members if m.name not in apart]
        crew = [n for n in crew if not people.one_of_a_team(self.cs, n)]  # counted already
        return ", ".join([*named, *crew]) or self.family.team


def build(goal: str, cs: ConstraintSet) -> Outline:
    family = pick(goal)
    if not sells(family, goal):
        cs = cs.prices_paid()  # a trip's "entry fee at most £30 a person" is spent
    elif paid := fees_paid(goal):  # a stallholder's pitch fee
        cs = cs.prices_paid(paid)
    begins = None
    if family.structure == CLUB_STRUCTURE and cs.made_on is not None and cs.made_on < cs.start:
        # a club said to start then meets from then, its members and room found before
        # (found as a user: "a monthly book club from February" met first in March)
        begins, cs = cs.start, cs.model_copy(update={"start": cs.made_on})
    end = cs.end
    assumed = end is None
    if end is None:
        end = (begins or cs.start) + timedelta(days=family.default_days)
    end = _last_work_day(family, cs, end)
    said = cs.deadline.text if cs.deadline else ""
    if runs_a_tournament(family.id, goal) and _BY.match(said):  # "in June": a Saturday in it
        end = on_a_saturday(end)
    event = None if assumed else event_days(goal, family.id, cs, end)
    if event is not None:
        end = event.first
    if family.id == "training":
        family = _in_training_weeks(family, (end - cs.start).days)
    if family.id in IN_LEAD_TIMES:
        family = in_lead_times(family, (end - cs.start).days)
    family = materials_first(family, (end - cs.start).days)
    family = with_notices(family, cs, end, goal)  # the old home's, a new hire's
    site = on_site(family, goal, cs, end)  # "the builder can only start on 1 March"
    family = by_the_decorator(for_builder(phases_left(family, cs, goal), cs), works_trade(cs))
    family = from_the_site_start(family, site)
    family = with_agent(titles_without(family, cs, goal), cs)
    family = for_repayment(for_handover(family, cs, cs.start, end), goal, cs, end)
    if begins is not None:
        family = before_the_first(family, cs.start, begins, end)
    elif kept_going(family, goal, (end - cs.start).days):
        begins = launch_day(family, goal, cs.start, end)
        family = launched_early(family, (end - cs.start).days, (begins - cs.start).days, goal)
    out = Outline(family=family, cs=cs, end=end, assumed_end=assumed, goal=goal, event=event)
    out.begins, out.site = begins, site
    out.milestones = _milestones(out)
    out.lines, out.excluded = budget(out)
    out.phasing = phasing(out)
    out.tasks = _tasks(out)
    return out


def _in_training_weeks(family: Family, days: int) -> Family:
    """A training plan's milestones in the weeks its table gives them (weeks.training):
    base after the first third, the peak long run in the last build week that is no cutback
    (a trial's: a cutback week's Friday), the taper's two weeks before race day (found as a
    user: "Taper begun 2027-08-13" while the table tapered from 2027-09-18)."""
    weeks = math.ceil(days / 7)
    if weeks > 52 or weeks < 4 or len(family.phases) != 4:
        return family
    taper = 2 if weeks >= 8 else 1
    built = weeks - taper - ((weeks - taper) % 4 == 0)  # the last build week is no cutback
    shares = (
        min(0.5, 7 * (weeks // 3) / days),
        (7 * built - 3) / days,
        7 * (weeks - taper) / days,
        1.0,
    )
    phases = tuple(
        replace(p, share=min(1.0, max(0.05, share)))
        for p, share in zip(family.phases, shares, strict=True)
    )
    return replace(family, phases=phases)


AFTER = " (said for "  # a task said for a day after the plan's: its title says so


def _tasks(out: Outline) -> list[Milestone]:
    """Each addition a reviewer asked for, due with the milestone whose work it belongs to
    ("a judging rubric" → judges confirmed), else by four fifths of the way to the end."""
    found: list[Milestone] = []
    for c in [*out.cs.additions, *out.cs.ratios]:
        i = matching_phase(list(out.family.phases), c.subject, closest=True)
        phase = out.family.phases[i] if i is not None else None
        due = next((m.due for m in out.milestones if phase and m.title == phase.title), None)
        at = c.text.lower().find(c.subject)  # as written: "a tea ceremony in Kyoto"
        said = c.text[at : at + len(c.subject)] if at >= 0 else c.subject
        title = said[:1].upper() + said[1:]
        owner = owner_for(out, c.subject, phase)
        # its own day, in an event's too; one after the plan's said so (two trials' dates)
        if c.when is not None and c.when > max(out.end, out.cs.end or out.end):
            title, due = f"{title}{AFTER}{c.when.isoformat()}, after this plan's day)", out.end
        elif c.when is None and (around := around_the_day(c.text, out.end)) is not None:
            due, title = around[0], title + around[1]  # "the week before the move"
        else:
            due = c.when or due or ahead(c, out.begins)
        found.append(Milestone(title, owner, due or date_at(out, 0.8), c.source))
    return sorted(found, key=lambda m: m.due)


def owner_for(out: Outline, phase_title: str, phase: Phase | None = None) -> str:
    """A named person whose role names this work, else a counted team, else the role."""
    topics = words_of(phase_title) | (set(phase.topics) if phase else set())
    default = phase.owner if phase else out.family.lead
    named = people.doer(out.cs, phase_title, {base(t) for t in topics}, default)
    if named is not None and out.family.id in SOLO and people.helps(out.cs, named):
        # one who helps with a person's own work ("will do mock interviews with me") helps
        # with its task; the milestone stays the person's (a trial's: a friend owned one)
        if phase is None:
            return f"{out.lead} with {named}"
        named = None
    if named is not None:
        return named
    if default == out.family.lead:
        return out.lead
    if out.cs.teams:
        return out.team
    return default


def _milestones(out: Outline) -> list[Milestone]:
    phases, loose = _prioritised(out)
    found: list[Milestone] = []
    first_share = phases[0].share
    for phase in phases:
        title = phase.title
        if out.event is not None and phase.share >= 1.0:  # the event itself
            title = f"{title}: {out.event.span}"
        found.append(
            Milestone(title, owner_for(out, phase.title, phase), date_at(out, phase.share))
        )
    found = pulled(found, phases, out.cs.additions)  # "Tom must open entries by 1 February"
    extra: list[tuple[float, Milestone]] = []
    for i, p in enumerate(loose):  # priorities go first: right after the first milestone
        share = min(0.95, first_share + 0.05 * (i + 1))
        title = f"Priority first: {done_form(p.subject)}"
        extra.append(
            (share, Milestone(title, owner_for(out, p.subject), date_at(out, share), p.source))
        )
    for i, f in enumerate(out.cs.focus):
        share = min(0.95, 0.5 + 0.03 * i)
        title = f"Focus review: {f.subject}"
        extra.append(
            (share, Milestone(title, owner_for(out, f.subject), date_at(out, share), f.source))
        )
    merged = [(p.share, m) for p, m in zip(phases, found, strict=True)] + extra
    merged.sort(key=lambda sm: (sm[0], sm[1].source != "plan"))
    return [m for _, m in merged]


def _prioritised(out: Outline) -> tuple[list[Phase], list[Constraint]]:
    """Phases with each priority's phase moved to the front (after the first), and the
    priorities no phase names (they get a milestone of their own)."""
    phases = list(out.family.phases)
    loose: list[Constraint] = []
    slot = 1
    for p in out.cs.priorities:
        i = matching_phase(phases, p.subject)
        if i is None:
            loose.append(p)
            continue
        if i > slot:  # take the earlier slot's date: the order changes, the dates stay in order
            moved = phases.pop(i)
            phases.insert(slot, moved)
        slot += 1
    shares = sorted(ph.share for ph in phases)
    phases = [replace(ph, share=sh) for ph, sh in zip(phases, shares, strict=True)]
    if loose and out.family.id in ("migration", "software") and len(phases) > 1:
        # the first wave or increment is what goes first: it carries the priority
        first = ", ".join(p.subject for p in loose)
        phases[1] = replace(phases[1], title=f"{phases[1].title}: {first} first")
        loose = []
    return phases, loose


def date_at(out: Outline, share: float) -> date:
    """The day ``share`` of the way through the schedule (at least its first, at most its
    end): where a milestone of that share falls."""
    day = max(1, round(out.days * share))
    when = min(out.end, out.start + timedelta(days=day))
    return when if when == out.end else _on_a_work_day(out, when)


# A deadline that says "by" (or "in", "within") leaves the day to the plan; an exam's, a
# race's or a driving test's day is set by others, whatever days the person has.
_BY = re.compile(r"^(?:by|before|until|till|no\slater\sthan|in|within|end\sof)\b", re.I)
_DAY_SET_BY_OTHERS = frozenset({"study", "training", "driving", "job", "hiring"})


def _last_work_day(family: Family, cs: ConstraintSet, end: date) -> date:
    """The deadline, or the last day before it the work may fall on (found as a user: "we
    can't move on a weekend", and moving day was Saturday 31 July)."""
    days, said = work_days(cs), cs.deadline
    by = said is not None and _BY.match(said.text) is not None
    # a race "by May" is one the runner picks, on a day they run (a second trial's: a
    # Monday, for someone who runs on Tuesdays, Thursdays and Saturdays)
    set_by_others = family.id in _DAY_SET_BY_OTHERS and not (family.id == "training" and by)
    if len(days) == 7 or set_by_others:
        return end
    if said is not None and not by:
        return end  # "on 12 June": the day itself
    for back in range(7):
        day = end - timedelta(days=back)
        if day.weekday() in days and day > cs.start:
            return day
    return end


CLOSED = frozenset({(12, 25), (12, 26), (1, 1)})  # no milestone falls on Christmas or New Year


def _on_a_work_day(out: Outline, when: date) -> date:
    """``when``, or the nearest day before it (else after it) that the work may fall on:
    one of the days said, not while the person is away, not Christmas or New Year's Day
    (found as a user: "I can't study on Sundays", and the mock exam was on a Sunday; "we
    are away 1-14 February", and the works went on; milestones on Boxing Day)."""
    days, opened = milestone_days(out.family.id, out.cs, when), (when.month, when.day) not in CLOSED
    if when == out.end or (len(days) == 7 and not out.cs.of("away") and opened):
        return when
    for step in (*range(0, -31, -1), *range(1, 31)):
        day = when + timedelta(days=step)
        free = day.weekday() in days and out.cs.away_on(day) is None
        if free and out.start < day < out.end and (day.month, day.day) not in CLOSED:
            return day
    return when


def on_a_free_day(out: Outline, event: date, when: date, label: str) -> tuple[date, str]:
    """A countdown's task (``label`` before ``event``) moved off a day the work may not fall
    on, as milestones are (found by a new user's trial: "Amir is away 3-16 May", and the
    pilot was recorded on 10 May while the plan said no task was dated then)."""
    moved = _on_a_work_day(out, when)
    if moved == when:
        return when, label
    days = (event - moved).days
    return moved, f"about {round(days / 7)} weeks before" if days >= 14 else f"{days} days before"
