"""What each constraint a person said did to the plan, in a line: the Feedback applied
section's "— applied in Budget: venue €8,000", "— notice due by 2027-05-31: its own
milestone, M2"."""

from __future__ import annotations

import re

from planloop.constraints import Constraint, lifts
from planloop.constraints.cadence import every
from planloop.constraints.diets import rule_of
from planloop.constraints.interest import UNTIL
from planloop.constraints.model import Kind
from planloop.constraints.periods import MORE, a_period
from planloop.constraints.quantities import renumbered
from planloop.constraints.weekdays import work_days
from planloop.planners.offline.families.clubs import CLUB_STRUCTURE
from planloop.planners.offline.families.lines import focus_basis, line_basis
from planloop.planners.offline.families.meetings import meeting_days
from planloop.planners.offline.families.moves import NOTICE_GIVEN, notice_by
from planloop.planners.offline.families.outline import AFTER, Outline
from planloop.planners.offline.families.practice import sits_exam
from planloop.planners.offline.families.studies import study_weeks
from planloop.planners.offline.families.tables import rests_on_the_road, structure
from planloop.planners.offline.families.timing import EVENT_NOUNS
from planloop.terms import join_words

SETTING: tuple[Kind, ...] = ("place", "length")  # said of an event: where, how long


def effect(out: Outline, c: Constraint) -> str:
    if c.kind == "member":
        owns = [f"M{i}" for i, m in enumerate(out.milestones, start=1) if m.owner == c.name]
        if owns:
            return f"{c.name} owns {join_words(owns)}"
        if f"| {c.name} |" in structure(out):
            return f"{c.name} owns tasks in {out.family.structure}"
        if c.name == out.finance:
            return f"{c.name} holds the budget (finance in the RACI, owner of the budget risk)"
        return f"{c.name} is named in the team"
    if c.kind == "team":
        return f"the team is {out.team}"
    if c.kind == "exclusion":
        later = out.cs.lifted(c)
        if later is not None:
            return f"lifted by {later.source}: {c.subject} may be planned again"
        if c.scope == "diet" and re.search(rf"all food [^|(]*{rule_of(c)}", structure(out)):
            return f"said to whoever brings the food, in {out.family.structure}"
        if c.scope == "self":  # constraints/handiwork.py
            return f"left out of the hired work: {out.lead} does the {c.subject}"
        if c.scope == "secret":  # constraints/secrets.py
            return f"kept from {c.subject}: every invitation and message says so (MoSCoW)"
        effect = next((e for x, e in out.excluded if x is c), "left out of every section")
        return f"excluded: {effect}"
    if c.kind == "allowance":
        gone = [e.subject for e in out.cs.of("exclusion") if lifts(c, e)]
        if gone:
            return f"the exclusion of {join_words(gone)} no longer holds"
        return "nothing excluded earlier names it; recorded"
    if c.kind in ("priority", "focus"):
        hit = [
            f"M{i}"
            for i, m in enumerate(out.milestones, start=1)
            if c.subject.lower() in m.title.lower()
        ]
        done = f"applied as {join_words(hit)}" if hit else "applied to the structure"
        lines = [x.name.lower() for x in out.lines if focus_basis(c) in x.basis]
        return f"{done}; in Budget: {join_words(lines)}" if lines else done
    if c.kind == "budget":
        return (
            "now the total budget; every line is recomputed"
            if out.cs.budget is c
            else "replaced later"
        )
    if c.kind == "deadline":
        return (
            "now the deadline; every date is recomputed"
            if out.cs.deadline is c
            else "replaced later"
        )
    if c.kind == "addition" and rests_on_the_road(out, c.text):
        return f"the rest days are in {out.family.structure}, day by day"
    if c.kind == "addition":
        # its title without what it says of its day: " (said for …", " (after the move: …"
        task = next((t for t in out.tasks if _bare(t.title) == c.subject), None)
        if task is None:
            return "not added: an exclusion rules it out"
        if AFTER in task.title and c.when is not None:  # "we'll sell the house in the summer"
            return f"added to {out.family.structure}: {task.owner}, said for {c.when.isoformat()}"
        return f"added to {out.family.structure}: {task.owner}, done by {task.due.isoformat()}"
    if c.kind == "line_cap":
        if out.cs.line_caps().count(c) == 0:
            return "replaced later"
        line = next((x for x in out.lines if x.basis.endswith(line_basis(c))), None)
        if line is None:
            return "recorded; no budget line shows it"
        return f"applied in Budget: {line.name.lower()} {out.money(line.amount)}"
    if c.kind == "period_cap" and out.family.id == "debt" and c.unit == "month":
        said = a_period(out.cs.of("period_cap"), "month")
        if said is None or c not in said[1]:
            return "replaced later"
        if c.scope.endswith(MORE):
            money = c.money.currency if c.money else ""
            return (
                f"added to the monthly repayment in {out.family.structure}: {money}{said[0]:,.0f}"
            )
        return f"the monthly repayment in {out.family.structure}"
    if c.kind == "period_cap" and out.family.id == "care" and c.unit == "week":
        return f"the weekly fee asked of each, in {out.family.structure}"
    club = out.family.structure == CLUB_STRUCTURE and out.event is None
    if c.kind == "unit_cap" and c.unit in ("session", "meeting") and club and c.money:
        return f"applied in Budget: {c.money.text()} at each of the meetings"
    if c.kind in ("unit_cap", "period_cap"):
        # said only when a line shows it (found as a user: "applied in Budget" over a Budget
        # with no lines)
        money = c.money.text() if c.money else ""
        line = next((x for x in out.lines if money in x.basis and c.source in x.basis), None)
        if line is not None:
            return f"applied in Budget: {line.name.lower()} {out.money(line.amount)}"
        if out.cs.budget is not None:
            return "applied in Budget"  # within the lines it caps
        return "recorded; no budget line shows it without a total budget or a count of it"
    if c.kind == "price_cap":
        if out.cs.price_caps().count(c) == 0:
            return "replaced later"
        return "kept in Budget as a price the plan charges: income, no spending line"
    if c.kind in SETTING and out.event_family:
        return _setting_effect(out, c)
    if c.kind == "quantity" and c.unit == "mock" and out.family.id == "study":
        fit = len(study_weeks(out)[1])
        runs = ("mock exam" if sits_exam(out.goal) else "full practice run") + (
            "" if fit == 1 else "s"
        )
        if fit < (c.number or 0):
            asked = runs if runs.endswith("s") else f"{runs}s"
            return f"{fit} of the {c.number:g} {asked} asked fit after the material"
        return f"the week-by-week schedule has {fit} {runs}, the last in its milestone's week"
    if c.kind == "quantity" and c.unit == "visit" and out.family.id == "care":
        return f"the visits in {out.family.structure}: {c.number:g} a day"
    if c.kind == "quantity":
        return _count_effect(out, c)
    if c.kind == "away" and c.first and c.when and c.subject and out.family.id == "fitness":
        return (
            f"the weeks until {c.when.isoformat()} keep to low-impact exercise, without {c.subject}"
        )
    if c.kind == "away" and c.first and c.when:
        inside = [f"M{i}" for i, m in enumerate(out.milestones, 1) if c.first <= m.due <= c.when]
        if inside:  # the deadline itself, set by others (an exam's day)
            return f"{join_words(inside)} still falls then: its day is set by the goal"
        return "no milestone or task is dated in those days"
    if c.kind == "notice":
        return _notice_effect(out, c)
    if c.kind == "cadence":
        return _cadence_effect(out, c)
    if c.kind == "rate" and out.family.id == "debt":
        # the latest said of the same debt holds ("the store card is 29%" and "the credit
        # card is 19%" are two rates, neither replaced)
        # ... and an offer's rate beside the rate after it ("0% until March, then 24.9%")
        same = [r for r in out.cs.of("rate") if r.subject == c.subject and r.scope == c.scope]
        latest = same[-1] is c
        offer = f"offer until {c.when.isoformat()}" if c.scope == UNTIL and c.when else "rate"
        used = (
            f"the {c.subject}'s {offer} in {out.family.structure}"
            if c.subject
            else f"the rate of {out.family.structure}"
        )
        return used if latest else "replaced later"
    if c.kind == "start" and c.scope and c.when and out.site is not None:
        own = c.scope.rstrip("s") not in ("builder", "contractor", "decorator", "painter", "trade")
        own = own and not c.scope.startswith("trades")
        whose = f"the {c.scope.rstrip('s')}'s step starts" if own else "the works start"
        return (
            f"{whose} on {c.when.isoformat()} ({out.family.structure}); design, quotes"
            " and orders come before"
        )
    if c.kind == "reserve":
        kept = next((x for x in out.lines if x.name == "Contingency"), None)
        if out.cs.reserve is not c or kept is None:
            return "replaced later" if kept is not None else "recorded: no budget to keep it from"
        return f"applied in Budget: the contingency line is {out.money(kept.amount)}"
    if c.kind == "days":
        if out.cs.latest("days") is not c:
            return "replaced later"
        if out.end.weekday() in work_days(out.cs):
            return "every milestone falls on one of those days"
        return (
            "every milestone before the last falls on one of those days; the last is on the"
            " day the goal sets"
        )
    return "recorded"


def _count_effect(out: Outline, c: Constraint) -> str:
    """A count a later text changed, or the one that changed it ("the guest list is now
    25 kids": the plan is for 25 kids, not the goal's 20)."""
    changed = out.cs.changed_quantities()
    if any(was is c for was, _ in changed):
        return "replaced later"
    before = [was for was, now in changed if now is c]
    if not before:
        return "recorded"
    was = before[0]
    return f"the plan is now for {renumbered(was, c.number or 0)}, not {was.text} ({was.source})"


def _notice_effect(out: Outline, c: Constraint) -> str:
    """Where a notice period put the notice on the old home (moves.with_notice)."""
    if out.cs.notice is not c:
        return "replaced later"
    given = notice_by(out.cs, out.end)
    at = next(
        ((i, m) for i, m in enumerate(out.milestones, 1) if "notice" in m.title.lower()), None
    )
    if given is None or at is None:
        return "recorded"
    number, milestone = at
    if milestone.due > given:
        return (
            f"notice is due by {given.isoformat()}, before the plan can give it: the old and"
            f" the new home overlap; M{number} on {milestone.due.isoformat()}"
        )
    if milestone.title == NOTICE_GIVEN:
        return f"notice due by {given.isoformat()}: its own milestone, M{number}"
    return f"notice due by {given.isoformat()}: given with M{number}, {milestone.due.isoformat()}"


def _setting_effect(out: Outline, c: Constraint) -> str:
    """What a place or a length said after the goal did to the event."""
    if out.cs.latest(c.kind) is not c:
        return "replaced later"
    noun = EVENT_NOUNS.get(out.family.id, "event")
    if c.kind == "place":
        before = [p.name for p in out.cs.of("place") if p.name != c.name]
        was = f" (was {before[-1]})" if before else ""
        return f"the {noun} is now in {c.name}{was}, as Schedule says"
    if out.event is None:
        if (c.number or 0) > 1 or c.unit != "day":
            return f"recorded; with no date for the {noun}, its days are not placed"
        return f"the {noun} takes one day, {out.end.isoformat()}"
    return f"the {noun} now lasts {out.event.span}; its milestone and the countdown say so"


def _cadence_effect(out: Outline, c: Constraint) -> str:
    """What a cadence asked for did: the club's meetings or the show's issues on it."""
    if out.cs.latest("cadence") is not c:
        return "replaced later"
    if out.family.structure == CLUB_STRUCTURE:
        return f"{len(meeting_days(out))} meetings in {CLUB_STRUCTURE}, {every(c.unit)}"
    table = structure(out)
    for noun in ("Issue", "Episode"):
        if f"| {noun} 2 |" in table:
            later = table.count(f"| {noun} ")
            return f"after the first, {later} more {noun.lower()}s, {every(c.unit)}"
    if out.family.id == "show":  # a launch only: no stretch said to date the ones after it
        noun = "issues" if out.family.title == "A newsletter" else "episodes"
        return f"the plan ends at the launch; the {noun} after it go out {every(c.unit)}"
    return "nothing in this plan recurs on a schedule, so it changes nothing"


def _bare(title: str) -> str:
    """A task's title without what it says of its day (a subject, as the addition has it)."""
    return re.sub(r" \((?:after|once) .*$", "", title.lower().split(AFTER)[0])
