"""Section bodies of the scoping frameworks: stakeholders, SWOT, work breakdown, milestones
and MoSCoW (the SMART goal is sections_smart.py's). Each takes a :class:`SectionInput` and
returns Markdown (no heading)."""

from __future__ import annotations

import re

from planloop.constraints import kept
from planloop.domain import DataPoint
from planloop.planners.offline.families import Outline
from planloop.planners.offline.families.care import care_stakeholders
from planloop.planners.offline.families.prospects import allowed, extras_for, opportunities_for
from planloop.planners.offline.families.tables import rests_on_the_road
from planloop.planners.offline.families.timing import EVENT_FAMILIES
from planloop.planners.offline.families.traits import DAY_OR_PERSON, FINISH, PERSONAL, finish_of
from planloop.planners.offline.families.upsides import EXTRAS, OPPORTUNITIES
from planloop.planners.offline.families.youth import for_children, youth_stakeholders
from planloop.planners.offline.relabels import COUNTS
from planloop.planners.offline.risks import derive_risks, watched
from planloop.planners.offline.section_kit import (
    TARGETS,
    SectionInput,
    cite,
    count_of,
    horizon,
    measure_name,
)
from planloop.planners.offline.sections_smart import measures_of, resources_of
from planloop.terms import cell, join_words, lower_first, shorten, stems

_PEOPLE_WORDS = (
    "customer", "user", "client", "student", "patient", "resident", "member", "employee",
    "investor", "partner", "supplier", "vendor", "donor", "parent", "teacher", "citizen",
    "volunteer", "subscriber", "reader", "visitor", "community", "shopper", "guest",
)  # fmt: skip
_OWN_PARTNER = re.compile(r"\b(?:my|our|his|her|their)\s+(?:\w+\s+)?partner\b", re.I)
_SURPRISE = re.compile(r"\bsurprise\b", re.I)
_REGULATED = ("complian", "legal", "regulat", "gdpr", "hipaa", "permit", "licen", "audit", "safety")


def stakeholders(inp: SectionInput) -> str:
    text = inp.goal + " " + " ".join(f.text for f in inp.feedback)
    said = stems(text)
    lead = shorten(inp.lead, 60)
    rows = [("Goal owner", f"Accountable for “{lead}”", "High", "Decides at checkpoints")]
    team = join_words(p.value for p in inp.pick("team size"))
    name = f"Delivery team ({team})" if team else "Delivery team"
    roles: list[str] = []
    if inp.outline is not None:
        out = inp.outline
        name = out.team if out.cs.has_team and out.team != out.lead else out.family.team
        roles = [c.role.split()[0] for c in out.cs.teams]
        rows[0] = (out.lead, f"Accountable for “{lead}”", "High", "Decides at checkpoints")
    support = inp.family in ("study", "training", "fitness")
    if support and inp.outline is not None and inp.outline.cs.members:
        helpers = ", ".join(m.name for m in inp.outline.cs.members)
        if inp.outline.family.team != rows[0][0]:
            rows.append((inp.outline.family.team, "Does the work", "High", "Weekly plan"))
        rows.append((helpers, "Supports and reviews progress", "Medium", "Regular sessions"))
    elif name != rows[0][0]:  # a learner who does the work is one row, not two
        # each named person with the part they take, then the crew (found as a user: "Mrs
        # Okafor leads the raffle" made her the one who "Does the work" of a whole fair)
        cs = inp.outline.cs if inp.outline is not None else None
        roled = [m for m in cs.members if m.role and m.name != rows[0][0]] if cs else []
        for m in roled:
            rows.append(
                (m.name, m.role[0].upper() + m.role[1:], "High", "Weekly plan and blockers")
            )
        if roled and cs is not None and inp.outline is not None:
            crew = ", ".join(f"{c.number:g} {c.role}" for c in cs.teams)
            name = crew or inp.outline.family.team
        if not roled or name != rows[0][0]:
            rows.append((name, "Does the work", "High", "Weekly plan and blockers"))
    if inp.family == "community" and for_children(inp.goal):  # who a children's club answers to
        rows += youth_stakeholders(inp.goal)
    if inp.family == "care":  # the person cared for first, then who assesses and who cares
        rows += care_stakeholders(inp.goal)
    audience = [p for p in inp.pick("audience") if not any(r in p.value for r in roles)]
    for p in audience:
        rows.append((f"Audience: {p.value}", "Their take-up decides the result", "Medium", "Pilot"))
    named = [w for w in _PEOPLE_WORDS if w in said and not any(w in p.value for p in audience)]
    if _OWN_PARTNER.search(inp.goal):  # "with my partner": a household, not business partners
        named = [w for w in named if w != "partner"]
    # not those already a row ("12 volunteers" do the work), the community as one, and where
    # each was named (found as a user: "Communitys — Named in the goal", and "Volunteers —
    # Named in the goal" beside "12 volunteers" from the feedback)
    in_goal = stems(inp.goal)
    # a surprise's guests of honour are the ones not told (found by a new user's trial: "a
    # surprise 40th wedding anniversary dinner for my parents" had "Parents: keep informed")
    kept_from = "Kept from them: it is a surprise" if _SURPRISE.search(text) else "Keep informed"
    for word in [w for w in named if not any(w in r[0].lower() for r in rows)][:3]:
        who = "The community" if word == "community" else f"{word.capitalize()}s"
        where = "Named in the goal" if word in in_goal else "Named in the feedback"
        # ... but its guests and helpers are in on it (a new user's trial: "Guests: kept
        # from them")
        told = word in ("guest", "volunteer", "visitor", "community")
        rows.append((who, where, "Medium", "Keep informed" if told else kept_from))
    money = inp.pick("budget", "amount", "revenue target")
    if money and inp.family not in PERSONAL and not inp.solo:
        at_stake = f"Money at stake: {join_words(p.value for p in money[:2])}"
        holder = inp.outline.finance if inp.outline is not None else None
        who = f"{holder} (finance / budget holder)" if holder else "Finance / budget holder"
        rows.append((who, at_stake, "High", "Monthly spend review"))
    # places a family visits or meets at are no sites to run (found as a user: "no more
    # than 3 cities" on a holiday had "Managers of 3 cities")
    for p in inp.pick("locations") if inp.family not in PERSONAL else []:
        rows.append(
            (f"Managers of {p.value}", "Run the sites", "Medium", "Shape the rollout order")
        )
    # the words that named a rule, said as they were; a tool's licences are seats, no rule
    # (found as a user: a Trello → Asana switch had "Regulation named" for its licences)
    rules = list(
        dict.fromkeys(w for w in re.findall(r"[a-z]+", text.lower()) if w.startswith(_REGULATED))
    )
    if inp.family == "switch":
        rules = [w for w in rules if not w.startswith(("licen", "audit"))]  # a page audit
    if rules:
        rows.append(
            (
                "Legal / compliance",
                f"Named: {join_words(rules[:3])}",
                "High",
                "Sign-off before launch",
            )
        )
    table = ["| Stakeholder | Stake in this goal | Influence | Engagement |", "|---|---|---|---|"]
    table += [f"| {cell(a)} | {cell(b)} | {c} | {cell(d)} |" for a, b, c, d in rows]
    key = list(dict.fromkeys(r[0] for r in rows if r[2] == "High"))
    return "\n".join([*table, "", f"**Manage closely:** {join_words(key)}."])


def _remembered(inp: SectionInput) -> list[DataPoint]:
    """Memory's points, each value once: an earlier plan's "constraint: budget of EUR
    60,000" says again what its "budget: EUR 60,000" says. None of a kind this plan says
    itself: another party's "date 14 March" and "15 kids" are no strength of one on 20 June
    for 12 (found by a new user's trial)."""
    points = inp.memory_points
    own = {p.label for p in inp.points}
    return [
        p
        for p in points
        if p.label not in own
        and not (p.label == "constraint" and any(q is not p and q.value in p.value for q in points))
        and not re.search(r"[£$€¥]", p.value)  # another plan's money is not this one's
    ]


def swot(inp: SectionInput) -> str:
    strengths = [f"Resource on hand: {r}" for r in resources_of(inp)]
    strengths += [f"Known from memory: {p.label} {cite(p)}" for p in _remembered(inp)[:2]]
    if not strengths:
        strengths = [f"A concrete goal to rally around: “{shorten(inp.lead, 70)}”"]
    caps = inp.constraints("without", "no more than", "at most", "under")
    weaknesses = [f"Constraint: {p.value}" for p in caps] + [f"Missing: {m}" for m in _missing(inp)]
    upside = inp.pick("growth target", "revenue target", "audience", "locations")
    opportunities = [f"Upside in {measure_name(inp, p)}: {cite(p)}" for p in upside]
    family = inp.family
    if family in OPPORTUNITIES and inp.outline is not None:
        opportunities += allowed(inp.outline, opportunities_for(family, inp.goal))
    else:
        opportunities += [f"Momentum around “{t}”" for t in inp.terms[:2]]
    if not opportunities:
        opportunities = [f"Being first to deliver “{shorten(inp.lead, 60)}”"]
    threats = [f"{r.title} ({r.likelihood.lower()} likelihood)" for r in derive_risks(inp)[:3]]
    lines = []
    for name, items in (
        ("Strengths", strengths),
        ("Weaknesses", weaknesses or ["None stated yet"]),
        ("Opportunities", opportunities),
        ("Threats", threats),
    ):
        lines += [f"**{name}**", *(f"- {shorten(i, 160)}" for i in items[:4]), ""]
    lines.append(
        f"**So what:** build on the first strength ({lower_first(strengths[0])}), aim it at the "
        f"first opportunity ({lower_first(opportunities[0])}) and guard first against the top "
        f"threat: {lower_first(watched(derive_risks(inp))[1].title)}."
    )
    return "\n".join(lines)


def _missing(inp: SectionInput) -> list[str]:
    out = []
    if inp.asks_for_a_budget:
        out.append("no budget stated")
    if not inp.pick("timeline", "deadline"):
        out.append("no deadline stated")
    cs = inp.outline.cs if inp.outline else None
    if cs is not None:
        out = [o for o in out if not (o == "no deadline stated" and cs.deadline)]
    if not inp.pick("team size") and not (cs and cs.has_team) and not inp.solo:
        # a hire's team is who hires ("for our Berlin team": found as a user, "no team named")
        out.append("no hiring panel named" if inp.family == "hiring" else "no team named")
    return out


def work_breakdown(inp: SectionInput) -> str:
    hz = horizon(inp)
    measures = measures_of(inp)
    baseline = join_words(dict.fromkeys(measure_name(inp, p) for p in measures[:3]))
    teams = inp.pick("team size")
    owners = teams[-1].value if teams else "owners"  # the latest said holds
    resource = "set the time each takes" if inp.solo else f"assign {owners}"
    musts = join_words(c.value for c in inp.constraints("must")[:2])
    targets = join_words(p.value for p in measures[:3]) or "the agreed measure"
    family = inp.family
    # a day's target (money raised at a fair) is aimed at, not measured beforehand
    made = measures and not inp.pick(*TARGETS) and family == "show"  # "3 episodes": none yet
    if made or (family in DAY_OR_PERSON and (not inp.pick(*TARGETS) or family in EVENT_FAMILIES)):
        # a day or a person's own result: nothing to baseline, numbers to plan for
        counts = join_words(p.value for p in measures[:3])
        known = f"the numbers it is planned for: {counts}" if counts else "what is fixed already"
        first = (
            f"1. **Agree the basics** — confirm the scope of “{shorten(inp.lead, 70)}” and {known}."
        )
    else:
        # with no measure named, words of the goal are no baseline (found as a user: "record
        # today's value of “community”, “garden”" for a community garden's opening)
        today = f"today's value of {baseline}" if baseline else "where things stand today"
        first = (
            f"1. **Discover and baseline** — confirm the scope of “{shorten(inp.lead, 70)}” "
            f"and record {today}."
        )
    lines = [
        first,
        f"2. **Plan and resource** — cost each package, {resource}, "
        f"fit everything into {hz.weeks} weeks ({hz.basis}).",
        "3. **Deliver**",
    ]
    # the goal's own parts where it names several ("a patio, raised beds"), else the
    # schedule's work between its first and last milestones
    # (a state it ends in, "be moved out by 30 September", is no part of its own)
    parts = [d for d in inp.deliverables if not _STATE.match(d)]
    packages = _packages(inp) if len(parts) == 1 else []
    for i, part in enumerate(packages or inp.deliverables[:4], start=1):
        lines.append(f"   - 3.{i} {part}")
    for part in [] if packages else inp.deliverables[:1]:
        unit = _unit_count(inp, part) if family not in DAY_OR_PERSON else None
        if unit:
            lines.append(f"     - one sub-package per unit: {unit}, delivered in waves")
    step, what = finish_of(family, inp.goal)
    confirm = musts or ("" if family in FINISH else "the acceptance checks")
    lines += [
        f"4. **{step}** — {what}" + (f", confirm {confirm}." if confirm else "."),
        f"5. **Measure and close** — compare results with {targets}; write down what to keep.",
    ]
    return "\n".join(lines)


def _packages(inp: SectionInput) -> list[str]:
    """The work between the basics and the finish, for a goal that names one piece of work:
    the milestones between the first and the last, each with its owner and day (found as a
    user: a wedding's one work package was "3.1 Plan our wedding on 12 June 2027 for 80
    guests", the goal again)."""
    out = inp.outline
    if out is None or len(out.milestones) < 3:
        return []
    return [
        f"{m.title} — {m.owner}, by {m.due.isoformat()} (M{i})"
        for i, m in enumerate(out.milestones[1:-1], start=2)
    ][:5]


def _unit_count(inp: SectionInput, part: str) -> str | None:
    for p in inp.pick(*COUNTS):
        n = count_of(p)
        if n and 1 < n <= 50 and p.value.lower() in part.lower():
            return p.value
    return None


def milestones(inp: SectionInput) -> str:
    if inp.outline is not None:
        return _dated_milestones(inp.outline)
    hz = horizon(inp)
    work = inp.deliverables
    first = shorten(work[0], 60)
    fourth = f"Also delivered: {shorten(work[1], 60)}" if len(work) > 1 else ""
    plan = [
        ("M1", "Scope and baseline agreed", 0.1, "—"),
        ("M2", "Plan, people and money confirmed", 0.25, "M1"),
        ("M3", f"First delivery: {first}", 0.5, "M2"),
        ("M4", fourth or "All work packages delivered", 0.8, "M3"),
        ("M5", f"Goal reached and reviewed: {shorten(inp.lead, 50)}", 1.0, "M4"),
    ]
    table = ["| Milestone | What is true | Due | Depends on |", "|---|---|---|---|"]
    table += [f"| {m} | {cell(what)} | {hz.at(share)} | {dep} |" for m, what, share, dep in plan]
    notes = [f"Schedule basis: {hz.days} days — {hz.basis}."]
    deadline = inp.first("deadline")
    if deadline:
        notes.append(
            f"M5 lands on the deadline {cite(deadline)}; earlier dates count back from it."
        )
    lost, slip = _slip(hz.days)
    notes.append(
        "**Critical path:** M1 → M2 → M3 → M4 → M5. The longest chain runs through "
        f"“{first}”; a {lost} slip there uses about {slip}% of the schedule."
    )
    return "\n".join([*table, "", *notes])


_OUTCOME = re.compile(
    r"^(?:and\s|then\s)?(?:pass|passing|get|getting|raise|raising|win|winning|reach|reaching"
    r"|secure|securing|land|landing|make|making|earn|earning)\b",
    re.I,
)
# ... and the state it ends in: "be moved out by 30 September" (found as a user: a Should
# have of a home's sale, and a work package)
_STATE = re.compile(r"^(?:and\s)?be\s(?:[\w'’-]+\s){1,3}(?:by|before)\s", re.I)


def moscow(inp: SectionInput) -> str:
    hard = inp.constraints("must", "within", "no more than", "at most", "under", "budget of")
    must = [f"{inp.lead} (the goal itself)"]
    must += [f"{p.value} ({p.source})" for p in [*hard, *inp.constraints("deadline")]]
    without = inp.constraints("without")
    must += [f"Keep {what} ({p.source})" for p in without if (what := kept(p.value))]
    parts = [part for part in inp.deliverables if part != inp.lead]
    # what the goal is for is the goal too: "… and pass my test", "raising £900" (found by
    # a second new user's trial: each was a Should have)
    outcomes = [part for part in parts if _OUTCOME.match(part) or _STATE.match(part)]
    must[1:1] = [f"{part} (the goal itself)" for part in outcomes]
    should = [f"{part} (goal)" for part in parts if part not in outcomes][:3]
    if inp.outline is not None:  # what a reviewer asked to add: "a treasure hunt instead"
        asked = [t for t in inp.outline.tasks if t.source.startswith("feedback:")]
        should = [
            f"{t.title}, in the day-by-day table ({t.source})"  # a road trip's: no task
            if rests_on_the_road(inp.outline, t.title)
            else f"{t.title}, done by {t.due.isoformat()} ({t.source})"
            for t in asked
        ] + should
    should += [f"{p.value} ({p.source})" for p in inp.constraints("at least")]
    should += [
        f"Hit the {p.label} {cite(p)}" for p in inp.pick("growth target", "reduction target")
    ]
    stretch = inp.pick("growth target", "revenue target", "audience")[:2]
    could = [f"Go beyond {p.value} once the Musts are safe" for p in stretch]
    family = inp.family
    if family in EXTRAS and inp.outline is not None:
        could += allowed(inp.outline, extras_for(family, inp.goal))
    else:
        could += [f"Extras around “{t}” that do not move the schedule" for t in inp.terms[:2]]
    wont = [
        f"{p.value.split(' ', 1)[1]} — the goal rules it out ({p.source})"
        for p in without
        if " " in p.value and not kept(p.value)
    ]
    kept_things = [c for c in inp.outline.cs.exclusions if c.scope == "kept"] if inp.outline else []
    if inp.outline is not None:  # "… and no alcohol stalls", a reviewer's "No medals"
        wont += [
            f"{c.subject} — the {'goal' if c.source == 'goal' else 'feedback'} rules"
            f" it out ({c.source})"
            if c.scope != "budget"
            else f"{c.subject} in the budget — given by others ({c.source})"
            for c in inp.outline.cs.exclusions
            if not any(c.subject in w.lower() for w in wont)
            and c.scope not in ("self", "kept", "secret")
        ]
        wont += [f"New {c.subject} — the old ones are kept ({c.source})" for c in kept_things]
        # what the household does itself is theirs to do, not ruled out (handiwork.py)
        must += [f"The {c.subject}, done ourselves ({c.source})" for c in inp.outline.cs.of(
            "exclusion") if c.scope == "self"]  # fmt: skip
        must += [f"Nobody tells {c.subject}: say so with every invitation ({c.source})"
                 for c in inp.outline.cs.exclusions if c.scope == "secret"]  # fmt: skip
    wont.append(f"Anything outside “{shorten(inp.lead, 60)}” — parked for a later plan")
    lines = []
    for name, items in (
        ("Must have", must),
        ("Should have", should or ["Nothing beyond the Musts yet"]),
        ("Could have", could or ["Nothing yet: the Musts take the whole schedule"]),
        ("Won't have (this time)", wont),
    ):
        lines += [f"**{name}**", *(f"- {shorten(i, 160)}" for i in dict.fromkeys(items[:5])), ""]
    return "\n".join(lines).rstrip()


def _dated_milestones(out: Outline) -> str:
    table = ["| Milestone | What is true | Owner | Date | Depends on |", "|---|---|---|---|---|"]
    for i, m in enumerate(out.milestones, start=1):
        dep = f"M{i - 1}" if i > 1 else "—"
        table.append(f"| M{i} | {cell(m.title)} | {cell(m.owner)} | {m.due.isoformat()} | {dep} |")
    chain = " → ".join(f"M{i}" for i in range(1, len(out.milestones) + 1))
    lost, slip = _slip(out.days)
    return "\n".join(
        [
            *table,
            "",
            f"**Critical path:** {chain}. A {lost} slip uses about {slip}% of the "
            f"{out.days}-day schedule; the last date is {out.end.isoformat()}.",
        ]
    )


def _slip(days: int) -> tuple[str, int]:
    """A slip worth naming for a schedule this long, and its share of it: two weeks, or a
    day in one shorter than four weeks (found as a user: "a two-week slip uses about 233%
    of the 6-day schedule")."""
    lost, lost_days = ("two-week", 14) if days >= 28 else ("one-day", 1)
    return lost, max(1, round(100 * lost_days / max(1, days)))
