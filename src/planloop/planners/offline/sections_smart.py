"""The SMART goal section: what the goal is, how it is measured, what it has to work with,
and by when. Takes a :class:`SectionInput` and returns Markdown (no heading)."""

from __future__ import annotations

import re

from planloop.domain import DataPoint
from planloop.planners.offline.families.debts import money_to_it
from planloop.planners.offline.families.traits import DAY_OR_PERSON
from planloop.planners.offline.questions import outage_cap
from planloop.planners.offline.relabels import COUNTS
from planloop.planners.offline.section_kit import (
    TARGETS,
    SectionInput,
    cite,
    horizon,
    measure_name,
)
from planloop.terms import cell, join_words, lower_first


def measures_of(inp: SectionInput) -> list[DataPoint]:
    """The numbers the goal is measured by; where it starts from is none of them (found as a
    user: a half marathon was "measured by 10 km", the runner's weekly distance now)."""
    caps = [c.value for c in inp.pick("constraint") if _CAPPED.search(c.value)]
    return [
        p
        for p in inp.pick(*TARGETS, *COUNTS)
        if not _baseline(inp, p) and not any(p.value in cap for cap in caps)
    ]


# A number said as a most is a limit, not what success is measured by ("peak weekly
# distance must not exceed 70 km" was a measure of a marathon plan)
_CAPPED = re.compile(r"\b(?:not\sexceed|at\smost|no\smore\sthan|never\smore\sthan|max)", re.I)


_BASELINE = re.compile(
    r"\b(?:currently|now|already|at\sthe\smoment|so\sfar|today|these\sdays|I\scan|I\sam\sable\sto"
    r"|I\smanage)\b[^.;,]{0,30}$",
    re.I,
)
# ... or said after it, to the clause's end: "I can swim 1 km and cycle 30 km now" (found
# as a user: a triathlete's present distances were the plan's measures and a Should have)
_BASELINE_AFTER = re.compile(
    r"^[^.;,]{0,40}?\b(?:now|currently|already|at\sthe\smoment|these\sdays|today)\b", re.I
)


def _baseline(inp: SectionInput, p: DataPoint) -> bool:
    """``p`` is said of how things are now ("I currently run 10 km a week")."""
    at = inp.goal.lower().find(p.value.lower()) if p.source == "goal" else -1
    if at < 0:
        return False
    end = at + len(p.value)
    return bool(
        _BASELINE.search(inp.goal[max(0, at - 40) : at])
        or _BASELINE_AFTER.search(inp.goal[end : end + 50])
    )


def resources_of(inp: SectionInput) -> list[str]:
    """The team and money on hand (a debt's amount is owed, not on hand; the savings of
    someone cared for are theirs, and what pays for their care)."""
    kinds: tuple[str, ...] = ("team size",)
    kinds += () if inp.family == "debt" else ("budget", "amount")
    kinds += ("savings",) if inp.family == "care" else ()
    return [cite(p) for p in inp.pick(*kinds)]


def _when(inp: SectionInput) -> str:
    if inp.outline is not None and not inp.outline.assumed_end:
        return f"By {inp.outline.end.isoformat()}"
    deadline = inp.first("deadline")
    if deadline:
        return f"By {deadline.value}"
    hz = horizon(inp)  # with an outline, its own length: the same as every dated row's
    return f"Within {hz.weeks} weeks (assumed)" if hz.assumed else f"Within {hz.stated}"


_WHOLE_DATE = re.compile(
    r"\b[0-9]{1,2}(?:st|nd|rd|th)?\s[A-Za-z]+\s[0-9]{4}\b|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b"
)


def smart_goal(inp: SectionInput) -> str:
    measures = measures_of(inp)
    measured = [f"{measure_name(inp, p)}: {cite(p)}" for p in measures]
    resources = resources_of(inp)
    if inp.outline is not None and inp.outline.cs.has_team:
        said = " ".join(resources)
        extra = [f"{c.number:g} {c.role}" for c in inp.outline.cs.teams]
        extra += [m.name for m in inp.outline.cs.members]
        resources = [*resources, *(x for x in extra if x not in said)]
    times = [cite(p) for p in inp.pick("deadline", "timeline", "date", "start date")]
    if inp.outline is not None:
        out = inp.outline
        times = [f"{out.start.isoformat()} → {out.end.isoformat()}"]
        if out.assumed_end:
            times = [f"{times[0]} (no deadline stated; assumed)"]
    why = inp.why()
    measurable, measured_from = "; ".join(measured), "data points" if measured else "gap"
    if not measured and inp.outline is not None and inp.family in DAY_OR_PERSON:
        # Work that ends in a day (a move, a party, a race): done is the day, on time.
        last = inp.outline.milestones[-1]
        measurable = (
            f"Every milestone met on its date, the last ({last.title}) on {last.due.isoformat()}"
        )
        measured_from = "milestones"
    outage = outage_cap(inp)
    if not measured and outage is not None and inp.outline is not None:
        # a move or an upgrade whose goal caps its downtime: done on time, within the cap
        # (a page trial's: "No number yet: set a target for “postgresql”")
        last = inp.outline.milestones[-1]
        measurable = f"{last.title} by {last.due.isoformat()}, with {cite(outage)}"
        measured_from = "data points"
    if not measured and inp.family == "switch" and inp.outline is not None:
        # everyone moved by switch day (found as a user: an email switch for "120 staff"
        # was told "No number yet: set a target for “company”")
        last, people = inp.outline.milestones[-1], inp.pick("team size")
        measurable = f"{last.title} by {last.due.isoformat()}"
        measurable += f", for all {cite(people[0])}" if people else ""
        measured_from = "milestones"
    asked = inp.pick("amount asked for", "loan asked for")
    if not measured and asked and inp.outline is not None:
        # a grant or a loan applied for: the application, for the amount, on time (found
        # by a new user's trial: "No number yet" beside "£10,000 community grant")
        last = inp.outline.milestones[-1]
        measurable = f"{last.title} by {last.due.isoformat()}, for {cite(asked[-1])}"
        measured_from = "data points"
    if not measurable and inp.outline is not None:
        # done is the last milestone on its date, whatever the number turns out to be
        # (found as a user: "No number yet: set a target for “internal”" for a dashboard
        # built for a support team); the number is asked under Open questions
        last = inp.outline.milestones[-1]
        measurable = (
            f"{last.title} by {last.due.isoformat()}; the number that shows it worked is"
            " an open question"
        )
        measured_from = "milestones"
    if inp.family == "debt" and inp.outline is not None and not resources:
        out = inp.outline  # what goes to it each month, not money on hand
        resources = [r for r in [money_to_it(out.goal, out.cs, out.end)] if r]
    rows = [
        ("Specific", f"{inp.lead} — centred on {inp.term_text()}", "goal wording"),
        (
            "Measurable",
            measurable or f"No number yet: set a target for {inp.term_text(1)}",
            measured_from,
        ),
        (
            "Achievable",
            f"With {join_words(resources)}" if resources else "Resources not stated yet",
            "data points" if resources else "gap",
        ),
        (
            "Relevant",
            f"It matters because {why}" if why else f"Serves {inp.term_text(2)}; confirm why now",
            "goal wording" if why else "open question",
        ),
        (
            "Time-bound",
            join_words(times) or "No date yet: twelve weeks assumed",
            "data points" if times else "assumption",
        ),
    ]
    table = ["| Criterion | For this goal | Basis |", "|---|---|---|"]
    table += [f"| {c} | {cell(text)} | {basis} |" for c, text, basis in rows]
    when = _when(inp)
    # the first clause whole: a sentence cut short lost its day (a user's trial: "By
    # 2027-05-08, organise … at a restaurant in London on 8 May….")
    lead = inp.sentence or inp.whole_lead or inp.lead
    deadline = inp.outline.cs.deadline if inp.outline is not None else None
    said = deadline.text if deadline is not None and deadline.source == "goal" else ""
    at = lead.lower().find(said.lower()) if said else -1
    moved = (  # a day a reviewer moved, put in the goal's words (render.up_to_date)
        deadline is not None
        and deadline.when is not None
        and f"{deadline.when.day} {deadline.when:%B %Y}" in lead
    )
    if moved or when.split(" ", 1)[1].lower() in lead.lower():  # the goal says when
        statement = lead[:1].upper() + lead[1:]
    elif at >= 0 and deadline is not None and deadline.when is not None:
        # "… by March with 3 engineers": the goal says when; the date goes beside its words
        end = at + len(said)
        whole = _WHOLE_DATE.search(said)  # "by 15 March 2027" needs no date beside it
        iso = "" if whole else f" ({deadline.when.isoformat()})"
        dated = f"{lead[:end]}{iso}{lead[end:]}"
        statement = dated[:1].upper() + dated[1:]
    else:
        statement = f"{when}, {lower_first(lead)}"
    # a number the sentence says already is not said again (a new user's trial: "Run a
    # marathon in under 3 hours 45 minutes …, measured by 3 hours 45 minutes")
    by: list[str] = []
    for p in measures[:3]:
        if p.label == "target time":  # "in under 4 hours" or "sub-4-hour": said in its words
            by.append("the finish time")
        elif p.value.lower() not in statement.lower():
            by.append(p.value)
    if by:
        statement += f", measured by {join_words(dict.fromkeys(by))}"
    limits = [p.value for p in inp.constraints() if p.value.lower() not in inp.lead.lower()]
    if limits:
        statement += f"; limits: {join_words(limits[:2])}"
    return "\n".join([*table, "", f"**SMART statement:** {statement}."])
