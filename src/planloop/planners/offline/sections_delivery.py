"""Section bodies of the delivery frameworks: RACI, risk register, pre-mortem, KPIs,
assumptions and budget/resources, plus the fallback for frameworks the catalog does not know.
Each takes a :class:`SectionInput` and returns Markdown (no heading)."""

from __future__ import annotations

from planloop.constraints.weekdays import days_text
from planloop.planners.offline.amounts import format_money, parse_money
from planloop.planners.offline.families.debts import money_to_it
from planloop.planners.offline.families.people import one_of_a_team
from planloop.planners.offline.families.traits import DAY_OR_PERSON, PERSONAL
from planloop.planners.offline.families.weeks import hours_said, weekly_hours
from planloop.planners.offline.risks import derive_risks, watched
from planloop.planners.offline.section_kit import (
    SectionInput,
    cite,
    context_of,
    count_of,
    horizon,
    measure_name,
    start_of,
)
from planloop.terms import cell, join_words, lower_first, shorten

_PHASES = (
    ("Discover and baseline", 0.10),
    ("Plan and resource", 0.10),
    ("Deliver", 0.55),
    ("Launch and hand over", 0.15),
    ("Contingency", 0.10),
)


def raci(inp: SectionInput) -> str:
    """Who is responsible, accountable, consulted and informed: a row per milestone of the
    Schedule, **R** its owner there (found as a user: the goal's clauses were the rows, and
    a named helper was **R** for all of them, "Jo Smith will be quizmaster" a row of its
    own), then the money and the checkpoint reviews."""
    team = join_words(p.value for p in inp.pick("team size")) or "delivery team"
    owner = "Goal owner"
    milestones = inp.outline.milestones if inp.outline is not None else []
    if inp.outline is not None:
        # The plan's own people: its lead (named, or the family's: the race director, the
        # host) and who does the work (named, counted, or the family's crew).
        owner, team = inp.outline.lead, inp.outline.team
    solo = team == owner and all(m.owner == owner for m in milestones)  # nobody to hand to
    budgets = inp.pick("budget") if inp.family == "debt" else inp.pick("budget", "amount")
    # A household's or a person's own money has no finance holder: the owner keeps it.
    finance_role = bool(budgets) and inp.family not in PERSONAL
    audience = bool(inp.pick("audience", "locations"))
    holder = inp.outline.finance if inp.outline is not None else None
    money, reviewer = "Finance", "Reviewer"
    # a milestone the named finance holder owns is the Finance column's
    column = {holder: money} if finance_role and holder else {}
    owners = [column.get(m.owner, m.owner) for m in milestones]
    # a crew of named people ("Jo Smith, your sister") is each of them, a column each
    named = {m.name for m in inp.outline.cs.members} if inp.outline is not None else set()
    crew = team.split(", ") if set(team.split(", ")) <= named else [team]
    others = [o for o in dict.fromkeys([*crew, *owners]) if o not in (owner, money)]
    # columns: the lead, who does the work, each other milestone owner, finance, reviewer
    people = [owner, *([] if solo else others)]
    heads = [f"{owner} (owner and doer)" if solo else owner]
    heads += [] if solo else [f"Delivery ({o})" if o == team else o for o in others]
    if finance_role:
        heads.append(f"Finance ({holder})" if holder else "Finance")
        people.append(money)
    heads.append("Audience rep" if audience else "Reviewer")
    people.append(reviewer)

    def row(doer: str, helps: str = "I") -> dict[str, str]:
        """The doer R (the lead's cell "A, R"), the team ``helps``, the rest informed."""
        out = dict.fromkeys(people, "I")
        out.update(dict.fromkeys(crew, helps))
        out[reviewer] = "C" if audience else "I"
        out[doer] = "R"
        out[owner] = "A, R" if doer == owner else "A"
        return out

    scope = row(owner, "C")
    scope.update(dict.fromkeys(people[1:-1], "C"))  # all but the lead and the reviewer
    rows: list[tuple[str, dict[str, str]]] = [("Scope and baseline", scope)]
    if milestones:  # who owns one says what it takes (C above); each is its owner's to do
        for i, (m, doer) in enumerate(zip(milestones, owners, strict=True), start=1):
            rows.append((f"M{i} {shorten(m.title, 50)}", row(doer, "C" if doer == owner else "I")))
    else:
        rows += [(shorten(d, 60), row(team)) for d in inp.deliverables[:3]]
    if budgets:
        rows.append(("Budget control", row(money if finance_role else owner, "C")))
    reviews = row(reviewer)
    reviews[reviewer] = "C" if audience else "R"
    if not solo:
        reviews.update(dict.fromkeys(crew, "C"))
    rows.append(("Checkpoint reviews", reviews))
    lines = ["| Activity | " + " | ".join(cell(h) for h in heads) + " |"]
    lines.append("|---" * (len(heads) + 1) + "|")
    for activity, letters in rows:
        lines.append(f"| {cell(activity)} | " + " | ".join(letters[p] for p in people) + " |")
    you = owner == "You"  # the fitness family's lead and a personal project's are the reader
    be, theirs = ("are", "yours") if you else ("is", "theirs")
    amounts = join_words(p.value for p in budgets[:2])
    if finance_role:
        who = f"{holder} (finance)" if holder else "finance"
        finance = f"{who} is **R** for spending against {amounts}."
    elif budgets:
        finance = f"the budget ({amounts}) is {theirs} to keep."
    elif inp.asks_for_a_budget:
        finance = "name a budget holder once money is stated."
    else:  # a plan that needs none (care paid from the person's own money, a study plan)
        finance = ""
    if solo:
        money_note = f"; {finance}" if budgets else "."  # a learner's own time, no budget holder
        lines += ["", f"{owner} {be} both **A** and **R**: the work is {theirs} to do{money_note}"]
    else:
        doers = "each milestone's owner in the Schedule" if milestones else team
        said = f"; {finance}" if finance else "."
        lines += ["", f"{owner} {be} **A** in every row; **R** for the work is {doers}{said}"]
    return "\n".join(lines)


def risk_register(inp: SectionInput) -> str:
    risks = derive_risks(inp)
    lines = [
        "| # | Risk | From | Likelihood | Impact | Mitigation | Owner |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(risks, start=1):
        title = r.title + (" — raised by the reviewer" if r.from_feedback else "")
        lines.append(
            f"| R{i} | {cell(title)} | {cell(r.basis)} | {r.likelihood} | {r.impact} | "
            f"{cell(r.mitigation)} | {cell(r.owner)} |"
        )
    n, top = watched(risks)
    lines += [
        "",
        f"**Watch first:** R{n} — {top.title}. Early warning: {lower_first(top.warning)}.",
    ]
    return "\n".join(lines)


def premortem(inp: SectionInput) -> str:
    deadline = inp.first("deadline")
    when = deadline.value if deadline else f"{horizon(inp).at(1.0)} of the plan"
    risks = derive_risks(inp)[:3]
    lines = [
        f"Imagine it is {when} and “{shorten(inp.headline, 100)}” has failed. "
        "The most likely stories, worst first:",
        "",
    ]
    for i, r in enumerate(risks, start=1):
        lines.append(f"{i}. **{r.title}.** It would show first as: {lower_first(r.warning)}.")
    lines += ["", "**What we do now, before it happens:**"]
    lines += [f"- {r.mitigation} (owner: {r.owner.lower()})" for r in risks]
    return "\n".join(lines)


def kpis(inp: SectionInput) -> str:
    hz = horizon(inp)
    rows: list[tuple[str, str, str, str, str]] = []
    changes = inp.pick("growth target", "reduction target", "percentage", "margin")
    # "from 8% to 5%": one measure from where it starts to its target, not two.
    starts = {p.value: start_of(inp, p) for p in changes}
    begins = {base for base in starts.values() if base}
    for p in changes:
        base = starts[p.value]
        if base is None and p.value in begins:
            continue  # where another measure starts
        origin = next((q for q in changes if q.value == base), None)
        if origin is not None:
            name, target = context_of(inp, origin).capitalize(), f"from {base} to {p.value}"
        else:
            name, target = f"Change in {context_of(inp, p)} vs baseline", p.value
        rows.append((name, target, p.source, "weekly", "lagging"))
    for p in inp.pick("revenue target"):
        rows.append((f"Revenue toward {p.value}", p.value, p.source, "monthly", "lagging"))
    for p in inp.pick("fundraising target"):  # found as a user: "Progress on “hold”" instead
        rows.append((f"Raised toward {p.value}", p.value, p.source, "weekly", "lagging"))
    for p in inp.pick("audience", "locations", "count"):
        noun = measure_name(inp, p)
        base = start_of(inp, p)
        target = p.value if base is None else f"from {base} to {p.value}"
        rows.append((f"{noun.capitalize()} so far", target, p.source, "weekly", "lagging"))
        n = count_of(p)
        start = int(base.replace(",", "")) if base and base.replace(",", "").isdigit() else 0
        gain = n - start if n else 0
        if n and n >= 10 and gain > 0:
            pace = f"≈{max(1, gain // hz.weeks):,} a week"
            rows.append(
                (f"{noun.capitalize()} added this week", pace, "derived", "weekly", "leading")
            )
    for p in inp.pick("budget", "amount"):
        rows.append(("Spend vs budget", f"≤ {p.value}", p.source, "weekly", "leading"))
    # as many as the Schedule has (found as a user: "5 of 5" beside M1 to M7)
    count = len(inp.outline.milestones) if inp.outline is not None else 5
    on_time = f"{count} of {count} by {hz.at(1.0)}"
    rows.append(("Milestones on time", on_time, "milestones", "per milestone", "leading"))
    if len(rows) == 1:
        progress = f"Progress on {inp.term_text(1)}"
        rows.insert(0, (progress, "set at M1 from the baseline", "gap", "weekly", "lagging"))
    rows = rows[:8]
    lines = ["| KPI | Target | Source | Cadence | Type |", "|---|---|---|---|---|"]
    lines += [f"| {cell(a)} | {cell(b)} | {cell(c)} | {d} | {e} |" for a, b, c, d, e in rows]
    leading = sum(1 for r in rows if r[4] == "leading")
    lines += [
        "",
        f"{len(rows)} measures, {leading} of them leading: "
        "check those weekly and act before the lagging ones move.",
    ]
    return "\n".join(lines)


def assumptions(inp: SectionInput) -> str:
    hz = horizon(inp)
    rows: list[tuple[str, str, str]] = []
    budget = inp.first("budget", "amount")
    if budget:
        covers = f"{budget.value} covers every work package"
        rows.append((covers, "Overruns cut scope late", "Cost the work breakdown before M2"))
    else:
        money = f"Money is available for “{shorten(inp.lead, 50)}”"
        rows.append((money, "No budget is stated", "Ask the sponsor for a figure this week"))
    team = inp.pick("team size")
    if team:
        stay = f"{join_words(p.value for p in team)} stay available for {hz.weeks} weeks"
        rows.append((stay, "The schedule counts on them", "Confirm calendars and commitments"))
    for p in inp.pick("growth target", "reduction target", "percentage")[:2]:
        known = f"Today's value of {context_of(inp, p)} is known"
        rows.append((known, f"{p.value} needs a baseline", "Measure it in the first week"))
    for p in inp.pick("audience", "locations")[:2]:
        rows.append((f"{p.value} is realistic", "It drives most of the work", "Pilot at a tenth"))
    enough = f"{hz.weeks} weeks are enough ({hz.basis})"
    rows.append((enough, "Everything is scheduled inside it", "Compare with the M2 estimate"))
    for p in inp.constraints("without")[:2]:
        rows.append((f"The goal can be met {p.value}", "It removes an option", "Find one proof"))
    lines = ["| Assumption | Why it matters | How to test |", "|---|---|---|"]
    lines += [f"| {cell(a)} | {cell(b)} | {cell(c)} |" for a, b, c in rows[:7]]
    return "\n".join(lines)


def resource_plan(inp: SectionInput) -> str:
    hz = horizon(inp)
    lines: list[str] = []
    if inp.outline is not None:
        return _outline_resources(inp, hz.weeks)
    budget = inp.first("budget", "amount")
    money = parse_money(budget.value) if budget else None
    if budget and money:
        symbol, amount = money
        lines += [f"Budget: {cite(budget)}.", "", "| Phase | Share | Amount |", "|---|---|---|"]
        lines += [
            f"| {phase} | {share:.0%} | {format_money(symbol, amount * share)} |"
            for phase, share in _PHASES
        ]
    else:
        lines.append(f"No budget stated yet for “{shorten(inp.lead, 60)}”; each phase needs one.")
    people = [(p, count_of(p) or 0) for p in inp.pick("team size")]
    total = sum(n for _, n in people)
    lines.append("")
    if total:
        effort = total * hz.weeks
        lines.append(
            f"People: {join_words(p.value for p, _ in people)} — {total} people × {hz.weeks} "
            f"weeks ≈ {effort} person-weeks ({hz.basis})."
        )
        if money:
            per_week = format_money(money[0], money[1] / effort)
            lines.append(f"That is about {per_week} per person-week.")
    else:
        lines.append(f"People: not stated; at least one owner and one doer for {hz.weeks} weeks.")
    return "\n".join(lines)


def generic(inp: SectionInput) -> str:
    """A framework the offline catalog does not know: applied as a checklist to the goal."""
    lines = ["The offline catalog has no template for this framework; it is used as a checklist:"]
    lines.append("")
    lines += [f"- How does it shape “{part}”?" for part in inp.parts[:4]]
    lines += [f"- What does it say about {p.label} {cite(p)}?" for p in inp.points[:3]]
    return "\n".join(lines)


def _outline_resources(inp: SectionInput, weeks: int) -> str:
    out = inp.outline
    assert out is not None
    lines = []
    if out.lines:
        biggest = max(out.lines, key=lambda x: x.amount)
        lines.append(f"Money: see Budget; the largest line is {biggest.name.lower()} "
                     f"({out.money(biggest.amount)}).")  # fmt: skip
    elif out.family.id == "debt":
        lines.append(f"Money: {money_to_it(out.goal, out.cs, out.end)}.")
    else:
        lines.append(f"No budget stated yet for “{shorten(inp.lead, 60)}”; each line needs one.")
    named = [m for m in out.cs.members if not one_of_a_team(out.cs, m.name)]  # "Sam" of "3 …"
    people = sum(int(c.number or 0) for c in out.cs.teams) + len(named)
    if people and out.family.id in DAY_OR_PERSON:  # a day's helpers, not person-weeks
        with_whom = "" if out.team == out.lead else f" with {out.team}"
        lines.append(f"People: {out.lead}{with_whom}, over {weeks} weeks.")
    elif people and (days := out.cs.latest("days")) is not None:
        # their days only (found as a user: "6 volunteers, only Saturdays" were counted as
        # 102 person-weeks, as if full time)
        n = len(days.subject.split())
        lines.append(f"People: {out.team}, {days_text(days)} — {people} × {n} day"
                     f"{'s' if n > 1 else ''} a week × {weeks} weeks ≈ {people * n * weeks}"
                     " person-days.")  # fmt: skip
    elif people:
        lines.append(f"People: {out.team} — {people} × {weeks} weeks ≈ {people * weeks} "
                     "person-weeks.")  # fmt: skip
    elif out.family.team == "You":  # one person's own (families/founders.py)
        hours, said = weekly_hours(out)
        lines.append(f"People: you, {hours_said(hours)} a week {said}, for {weeks} weeks.")
    else:
        lines.append(f"People: {out.family.team.lower()} (nobody named yet) for {weeks} weeks.")
    return "\n\n".join(lines)
