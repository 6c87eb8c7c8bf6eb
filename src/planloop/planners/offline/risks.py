"""Risks: what could go wrong, derived from the data points and constraints of a plan so far
(the reviewer's first), so that the risk register, the pre-mortem, the SWOT's threats and the
next actions name the same ones."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from planloop.constraints import kept
from planloop.domain import DataPoint
from planloop.planners.offline.amounts import format_money, parse_money
from planloop.planners.offline.extraction import duration_days
from planloop.planners.offline.families import Outline
from planloop.planners.offline.families.admissions import ADMISSIONS_HAZARD, applies_to_study
from planloop.planners.offline.families.beginners import BEGINNER_HAZARD, starts_running
from planloop.planners.offline.families.camping import (
    CAMP_HAZARD,
    WILD_HAZARD,
    camps,
    camps_wild,
)
from planloop.planners.offline.families.care import care_hazard
from planloop.planners.offline.families.clubs import CLUB_HAZARD, runs_a_club
from planloop.planners.offline.families.decorating import DECOR_HAZARD, redecorates
from planloop.planners.offline.families.deliveries import LOCAL_HAZARD, delivers_locally
from planloop.planners.offline.families.hazards import HAZARDS, Hazard
from planloop.planners.offline.families.hire_dates import late_start
from planloop.planners.offline.families.income import price_income
from planloop.planners.offline.families.kinds import FAMILIES
from planloop.planners.offline.families.levels import short_of_hours
from planloop.planners.offline.families.parties import surprise
from planloop.planners.offline.families.picturebooks import PICTURE_HAZARD, is_picture_book
from planloop.planners.offline.families.plantsales import PLANT_HAZARD, sells_plants
from planloop.planners.offline.families.prospects import allowed
from planloop.planners.offline.families.roadtrips import ROAD_HAZARD, drives
from planloop.planners.offline.families.services import SERVICE_HAZARD, runs_a_service
from planloop.planners.offline.families.single_hire import ONE_HIRE_HAZARD, hires_one
from planloop.planners.offline.families.staycations import HOME_TRIP_HAZARD, stays_at_home
from planloop.planners.offline.families.streets import STREET_HAZARD, holds_a_street_party
from planloop.planners.offline.families.tournaments import TOURNAMENT_HAZARD, runs_a_tournament
from planloop.planners.offline.families.traits import PERSONAL
from planloop.planners.offline.families.volunteers import VOLUNTEER_HAZARD, recruits_volunteers
from planloop.planners.offline.families.weeks import weekly_hours
from planloop.planners.offline.families.youth import YOUTH_HAZARD, for_children
from planloop.planners.offline.section_kit import (
    Horizon,
    SectionInput,
    cite,
    context_of,
    count_of,
    horizon,
    percent_of,
)
from planloop.terms import shorten

LEADS = {f.id: f.lead for f in FAMILIES}  # who leads each kind of plan before its variant
_TAKINGS = "the stalls' and games' takings, the raffle and donations"

_LEVEL = {"High": 3, "Medium": 2, "Low": 1}


@dataclass(frozen=True)
class Risk:
    title: str
    basis: str
    likelihood: str
    impact: str
    mitigation: str
    owner: str
    warning: str
    from_feedback: bool

    @property
    def short(self) -> str:
        """The title without inner quotation marks, for quoting it in running text."""
        return self.title.replace("“", "").replace("”", "")

    @property
    def score(self) -> int:
        return _LEVEL[self.likelihood] * _LEVEL[self.impact]


def watched(risks: Sequence[Risk]) -> tuple[int, Risk]:
    """The risk to watch first and its number in the register: the most likely and harmful,
    the one listed first among equals (the reviewer's come first). Found as a user: a
    low-likelihood risk the reviewer raised was watched before a high one."""
    return max(enumerate(risks, start=1), key=lambda ir: (ir[1].score, -ir[0]))


# A variant's own hazard in place of its family's, the first that fits: (family, whether
# the goal is that variant, its hazard)
_VARIANT_HAZARDS: tuple[tuple[str, Callable[[str], bool], Hazard], ...] = (
    ("trip", lambda g: camps(g) and camps_wild(g), WILD_HAZARD),  # not a passport
    ("trip", camps, CAMP_HAZARD),
    ("trip", drives, ROAD_HAZARD),  # a car, not a passport
    ("trip", lambda g: stays_at_home("trip", g), HOME_TRIP_HAZARD),  # no passport to renew
    ("training", starts_running, BEGINNER_HAZARD),  # no weekly distance to raise by 10%
    ("renovation", redecorates, DECOR_HAZARD),  # no strip-out, no builder's extras
    ("hiring", hires_one, ONE_HIRE_HAZARD),  # one finalist, not each role's
    ("writing", is_picture_book, PICTURE_HAZARD),  # no long draft to stall
    ("sale", sells_plants, PLANT_HAZARD),  # no bakes or donations to come in
    ("venue", runs_a_service, SERVICE_HAZARD),  # no fit-out, no permits for premises
    ("community", for_children, YOUTH_HAZARD),  # a child's safety before attendance
    ("community", runs_a_club, CLUB_HAZARD),  # no opening day, no insurance
    ("hiring", lambda g: recruits_volunteers("hiring", g), VOLUNTEER_HAZARD),  # no offers
    ("party", lambda g: holds_a_street_party("party", g), STREET_HAZARD),  # the council's road
    ("shop", lambda g: delivers_locally("shop", g), LOCAL_HAZARD),  # the shop's own buyers
    ("personal", lambda g: applies_to_study("personal", g), ADMISSIONS_HAZARD),  # referees
    ("gathering", lambda g: runs_a_tournament("gathering", g), TOURNAMENT_HAZARD),  # no talks
)


def _hazard_of(out: Outline) -> Hazard | None:
    """What usually goes wrong for the plan's family, or for its variant."""
    if out.family.id == "care":  # in the words of who is cared for
        return care_hazard(out.goal)
    for family, fits, hazard in _VARIANT_HAZARDS:
        if out.family.id == family and fits(out.goal):
            return hazard
    return HAZARDS.get(out.family.id)


def derive_risks(inp: SectionInput, limit: int = 8) -> list[Risk]:
    """Risks that follow from the data points and constraints, the reviewer's first."""
    hz = horizon(inp)
    tight_caps = [c.value.lower() for c in inp.constraints("no more than", "at most", "under")]
    found: list[Risk] = []
    teams = inp.pick("team size")
    for p in inp.points:
        if p.label == "team size" and p is not teams[-1]:
            continue  # the latest said holds ("we are now 14, not 12")
        risk = _risk_for(inp, p, hz, tight_caps)
        if risk and all(r.title != risk.title for r in found):
            found.append(risk)
    out = inp.outline
    if out is not None and (moved := _moved_deadline(out)) is not None:
        found.append(moved)
    if out is not None and (late := late_start(out)) is not None:  # a hire's notice
        found.append(Risk(late[0], late[1], "High", "High", late[2], out.lead, late[3], False))
    if out is not None and out.family.id == "party" and surprise(out.goal):
        found.append(replace(_SURPRISE_LEAKS, owner=out.lead))
    hours = weekly_hours(out)[0] if out is not None and out.family.id == "study" else 0.0
    if out is not None and hours and (short := short_of_hours(out.goal, hours, out.weeks)):
        h, basis = short  # "130 hours are well short of what B1 usually takes"
        found.append(Risk(h.title, basis, "High", "High", h.mitigation, out.lead, h.warning, False))
    hazard = _hazard_of(out) if out is not None else None
    if (
        out is not None
        and hazard is not None
        and allowed(out, (hazard.title + " " + hazard.mitigation,))
    ):
        found.append(
            Risk(
                hazard.title,
                f"plan type: {out.family.title.lower()}",
                hazard.likelihood,
                hazard.impact,
                hazard.mitigation,
                # the family's lead role is this plan's lead ("Athlete": the swimmer)
                out.lead
                if hazard.owner in (out.family.lead, LEADS.get(out.family.id))
                else hazard.owner,
                hazard.warning,
                False,
            )
        )
    found.append(
        Risk(
            title=f"Scope creeps beyond “{shorten(inp.lead, 70)}”",
            basis="goal wording",
            likelihood="Medium",
            impact="Medium",
            # not "through the MoSCoW list": a run's plan may have no such section (found
            # by three new-user trials)
            mitigation="Write each new request down and decide what it replaces before taking"
            " it on",
            owner=out.lead if out is not None else "Goal owner",
            warning="Work appears that no work package names",
            from_feedback=False,
        )
    )
    ranked = sorted(enumerate(found), key=lambda ir: (not ir[1].from_feedback, -ir[1].score, ir[0]))
    return [r for _, r in ranked][:limit]


_SURPRISE_LEAKS = Risk(
    "The surprise leaks", "plan type: a surprise party", "Medium", "Medium",
    "Tell every guest in writing it is a surprise; keep the plans off shared calendars, "
    "accounts and devices", "Host", "The guest of honour asks about the date or the guest list",
    False,
)  # fmt: skip

# A plan with an outline dates every milestone already (found as a user: "work back from
# July 2027 and fix a date for every milestone now" under a schedule that had them)
_HOLD_THE_DATES = (
    "Check each milestone on its date in the Schedule; when one is a week late, cut scope or "
    "add help before the next, not after"
)


_A_DAY = re.compile(r"(?:one|1|a|single)[- ]day$", re.I)


def _moved_deadline(out: Outline) -> Risk | None:
    """The risk of the day a reviewer moved by an amount ("bring it forward by a month"):
    the words name no date, so no data point raises it (found as a user: after a deadline
    was brought forward, its risk disappeared). Brought forward, it is likelier."""
    due = out.cs.deadline
    if due is None or due.when is None or due.source == "goal" or re.search(r"\d", due.text):
        return None
    said = [c.when for c in out.cs.of("deadline") if c.when is not None and c is not due]
    sooner = bool(said) and due.when < said[-1]
    day = f"{due.when.day} {due.when:%B %Y}"
    return Risk(
        f"The {day} deadline is missed", f"{due.text} ({due.source})",
        "High" if sooner else "Medium", "High",
        _HOLD_THE_DATES, "Goal owner",
        "Any milestone is more than a week late", True,
    )  # fmt: skip


def _raised(out: Outline | None) -> bool:
    """Whether the budget that holds is more than the one it replaced."""
    if out is None or (held := out.cs.budget) is None or held.money is None:
        return False
    before = [c.money.amount for c in out.cs.of("budget") if c.money and c is not held]
    return bool(before) and held.money.amount > before[-1]


def _risk_for(inp: SectionInput, p: DataPoint, hz: Horizon, caps: list[str]) -> Risk | None:
    fb = p.source.startswith("feedback:")
    mid = hz.at(0.5)

    def risk(title: str, lik: str, imp: str, mitigation: str, owner: str, warning: str) -> Risk:
        return Risk(title, cite(p), lik, imp, mitigation, owner, warning, fb)

    low = p.value.lower()
    if p.label in ("budget", "amount"):
        money = parse_money(p.value)
        out = inp.outline  # a person's own money is theirs to watch; an organisation's, finance's
        total = out.cs.budget if out is not None else None
        other = total is not None and total.money and money and money[1] != total.money.amount
        if p.label == "amount" and out is not None and (other or total is None):
            # an amount that is not the plan's budget: a line's, a price (found by new
            # users' trials: "a children's activities line of £150" was "Spending overruns
            # the £150 budget", the plan's top risk)
            return None
        reserve = f"{format_money(money[0], money[1] * 0.1)} (10%)" if money else "10%"
        held = next((ln.amount for ln in out.lines if ln.name == "Contingency"), 0) if out else 0
        if money and money[1] and held > 0:  # the Budget's own line, not a tenth of the total
            # in the Budget's currency sign ("£1,425", not "GBP 1,425" beside it)
            line = format_money(
                out.currency if out is not None and out.currency else money[0], held
            )
            of = total.money.amount if other and total is not None and total.money else money[1]
            reserve = f"{line} ({held / of:.0%}, the Budget's contingency line)"
        # a reviewer's budget is tight, unless it raised the one before (more money)
        tight = (fb and not _raised(out)) or any(low in c for c in caps)
        holder = out.finance if out is not None else None
        alone = out is not None and (out.family.id in PERSONAL or out.family.team == "You")
        owner = holder or (out.lead if out is not None and alone else "Goal owner with finance")
        # a reviewer's sum that is not the budget: "the budget risk of $40,000" is a risk of
        # overrunning by so much
        title = (
            f"A {p.value} overrun on the budget"
            if other
            else f"Spending overruns the {p.value} budget"
        )
        return risk(
            title, "High" if tight else "Medium", "High",
            f"Release money milestone by milestone and hold {reserve} as contingency",
            owner,
            f"Spending ahead of the Budget's lines by {mid}"
            if other
            else f"More than half of {p.value} spent before {mid}",
        )  # fmt: skip
    out = inp.outline
    # how long the event lasts, "a one-day bake sale" too, is not the plan's time (a user's
    # trial: "The one-day timeline slips", high likelihood, was its top risk)
    lasts = out is not None and bool(
        out.event or (out.event_family and (out.cs.latest("length") or _A_DAY.match(p.value)))
    )
    if p.label == "timeline" and lasts:
        return None  # how long the event lasts ("a two-day sprint"), not the plan's time
    if p.label == "timeline":
        days = duration_days(p.value) or hz.days
        lik = "High" if days <= 42 else "Medium" if days <= 180 else "Low"
        return risk(
            f"The {p.value} timeline slips", lik, "High",
            f"Agree now which Should items are cut if the midpoint ({mid}) is missed",
            "Goal owner", f"The midpoint milestone is not done by {mid}",
        )  # fmt: skip
    if p.label == "deadline":
        # a task due then, or the end of a time away ("no running until 10 January")
        tasks = [c.text.lower() for c in out.cs.of("addition", "away") if c.when] if out else []
        if any(p.value.lower() in t for t in tasks):
            # someone's part, due then ("Ana will do the flowers by 9 September"): a row of
            # its own, not the plan's deadline (found by a new user's trial: each such date
            # was the plan's top risk, "The 9 September deadline is missed")
            return None
        return risk(
            f"The {p.value} deadline is missed", "Medium", "High",
            _HOLD_THE_DATES if out is not None
            else f"Work back from {p.value} and fix a date for every milestone now",
            "Goal owner", "Any milestone is more than a week late",
        )  # fmt: skip
    if p.label == "team size":
        n = count_of(p) or 0
        if "contract" in low or "freelanc" in low:
            return risk(
                f"Onboarding {p.value} takes longer than planned", "Medium", "Medium",
                "Write the brief, access list and acceptance criteria before they start",
                "Delivery lead", "Contractors still without access after their first week",
            )  # fmt: skip
        if n <= 3:
            return risk(
                f"Key-person dependency: the work rests on {p.value}", "Medium", "High",
                "Pair on critical tasks and keep hand-over notes as you go",
                "Delivery lead", "One person's absence stops a work package",
            )  # fmt: skip
        return risk(
            f"Coordination overhead across {p.value}", "Low", "Medium",
            "One owner per work package and a short weekly sync", "Delivery lead",
            "Decisions wait more than two days for a meeting",
        )  # fmt: skip
    if p.label == "fundraising target" and inp.outline is not None and inp.outline.event_family:
        # raised on the day, not week by week (found as a user: a school fair's target was
        # to be "a third achieved by week 15")
        fair = inp.outline.family.id == "fair"  # stalls at a fair; entries and pledges else
        sources = "each stall, game and the raffle" if fair else "entries, sponsorship and pledges"
        target = parse_money(p.value)
        charged = [
            (c, got)
            for c in inp.outline.cs.price_caps()
            if (got := price_income(inp.outline.cs, c))
        ]
        if target is not None and charged and charged[0][1][1] < target[1]:
            # found by a third new user's trial: £10 tickets for 80 people raise £800 of a
            # £2,000 target, and nothing said so; a fete's stall fees the same (a fifth's)
            price, (count, income) = charged[0]
            symbol, aim = target
            what = (
                "Tickets" if price.subject == "ticket price" else f"{price.subject.capitalize()}s"
            )
            return risk(
                f"{what} bring in {format_money(symbol, income)} of the {p.value} target",
                "High", "High",
                f"Plan where the other {format_money(symbol, aim - income)} comes from now:"
                f" {_TAKINGS if fair else 'a raffle, donations on the night, a sponsor'}, or"
                " a higher price", "Goal owner",
                f"Fewer than {count.text} {'tickets sold' if what == 'Tickets' else 'booked'}"
                " a month before",
            )  # fmt: skip
        return risk(
            f"The {p.label} of {p.value} is not reached", "Medium", "High",
            f"Add up what {sources} should bring in; the sum must reach {p.value}, or add"
            " to them before the day is announced",
            "Goal owner", f"What {sources} should bring in short of {p.value}",
        )  # fmt: skip
    if p.label in ("growth target", "reduction target", "revenue target", "fundraising target"):
        pct = percent_of(p) if "%" in p.value or "percent" in low else None
        lik = "High" if p.label == "revenue target" or (pct or 0) >= 20 else "Medium"
        return risk(
            f"The {p.label} of {p.value} is not reached", lik, "High",
            f"Track a leading indicator for {context_of(inp, p)} weekly; adjust at {mid}",
            "Goal owner", f"Less than a third of {p.value} achieved by {mid}",
        )  # fmt: skip
    if p.label == "audience" and inp.outline is not None and inp.outline.event_family:
        return risk(
            f"Fewer than {p.value} come", "Medium", "High",
            "Open tickets or replies early; set a go/no-go number a month before",
            "Goal owner", f"Under half of {p.value} signed up or replied a month before",
        )  # fmt: skip
    if p.label == "audience":
        return risk(
            f"Fewer than {p.value} take part", "Medium", "High",
            "Pilot with a small group first and fix what stops people joining",
            "Goal owner", "Sign-ups in the first weeks below a tenth of the target",
        )  # fmt: skip
    if p.label == "locations" and (count_of(p) or 0) > 1 and inp.family not in PERSONAL:
        return risk(
            f"Rolling out {p.value} at once overloads the team", "Medium", "Medium",
            "Open the first as a pilot, then the rest in waves", "Delivery lead",
            "The pilot needs more than its planned share of the time",
        )  # fmt: skip
    if p.label == "constraint" and low.startswith("without") and not kept(p.value):
        return risk(
            f"Working {p.value} removes a fallback", "Medium", "Medium",
            "Agree now what happens if the work cannot be done that way",
            "Goal owner", "A task is blocked by this constraint",
        )  # fmt: skip
    if p.label == "constraint" and (low.startswith("must") or kept(p.value)):
        return risk(
            f"The requirement “{p.value}” is not met", "Low", "High",
            "Make it an acceptance check of the final milestone", "Goal owner",
            "Nobody can show how the requirement is being met",
        )  # fmt: skip
    return None
