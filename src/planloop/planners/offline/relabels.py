"""The data points as the plan's constraints read them: money a cap or a later total
replaced, a deadline or a count said again, a target set anew, a count that is the team
(section_kit.SectionInput and the plan's Data points table use them)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planloop.constraints.model import order_of
from planloop.constraints.quantities import said_now
from planloop.domain import DataPoint
from planloop.planners.offline.amounts import parse_money
from planloop.planners.offline.families import Outline
from planloop.planners.offline.families.parties import weds
from planloop.planners.offline.families.timing import EVENT_FAMILIES

# Labels of the counts a plan is measured by
COUNTS = ("audience", "locations", "count")


# Targets one of a kind: a later checkpoint's replaces the goal's ("aim for 3:45 instead";
# "raise the target to £5,000": found by a new user's trial, both stayed, each a risk)
_ONE_OF_A_KIND = ("target time", "fundraising target", "revenue target", "growth target")


def retargeted(points: Sequence[DataPoint]) -> list[tuple[DataPoint, DataPoint]]:
    """(a target said before, the later checkpoint's of the same kind) for each replaced."""
    out = []
    # "the target is now £750" of a sale raising £500: the fundraising target said again
    # (a new user's trial: the plan was "to raise £500 …, measured by £750")
    raising = any(p.label == "fundraising target" for p in points) and not any(
        p.label == "revenue target" and not p.source.startswith("feedback:") for p in points
    )

    def kind(p: DataPoint) -> str:
        return "fundraising target" if raising and p.label == "revenue target" else p.label

    for label in _ONE_OF_A_KIND:
        said = [p for p in points if kind(p) == label]
        later = [p for p in said if p.source.startswith("feedback:")]
        if later:
            held = max(later, key=lambda p: order_of(p.source))
            out += [(p, held) for p in said if order_of(p.source) < order_of(held.source)]
    return out


def relabelled(points: Sequence[DataPoint], outline: Outline) -> list[DataPoint]:
    """Money the constraints read as a per-period or per-unit cap is not a budget, nor is a
    total a later one replaced; nor is a deadline or a count a later one replaced, nor the
    amount a reviewer moved the day by a timeline."""
    # a line's cap is no budget either ("Movers quoted £3,200": found as a user, the risk
    # "Spending overruns the £3,200 budget")
    caps = {
        c.money.amount
        for c in outline.cs.of("period_cap", "unit_cap", "price_cap", "line_cap")
        if c.money
    }
    # a line's price said ("the venue costs £120"): what that line costs
    prices = {c.money.amount for c in outline.cs.line_caps() if c.money and c.scope == "price"}
    held = outline.cs.budget
    # a total a later one replaced ("the budget is now GBP 8000"): no longer the budget
    replaced = {
        c.money.amount
        for c in outline.cs.of("budget")
        if c.money and held is not None and held.money and c.money.amount != held.money.amount
    }
    teams = [c.text.lower() for c in outline.cs.teams]
    # counts a later text changed ("the guest list is now 25 kids"): not the goal's any more
    changed = outline.cs.changed_quantities()
    recounted = {was.text.lower() for was, _ in changed}
    hires = {c.text.lower() for c in outline.cs.of("quantity") if c.scope == "hire"}
    due = outline.cs.deadline
    # the words of each deadline said, by source; those a later one replaced
    deadlines = [(c.source, c.text.lower()) for c in outline.cs.of("deadline")]
    gone = [text for source, text in deadlines if due is not None and text != due.text.lower()]
    superseded = {id(was) for was, _ in retargeted(points)}
    tasks_due = [c.text.lower() for c in outline.cs.of("addition") if c.when is not None]
    out = []
    for p in points:
        said = p.value.lower()
        if id(p) in superseded:
            p = p.model_copy(update={"label": f"replaced {p.label}"})
        if p.label in ("constraint", "limit"):  # "at most 4 hours of downtime", cut to 2
            for was, now in changed:
                if was.text in p.value:
                    p = p.model_copy(
                        update={"value": p.value.replace(was.text, said_now(was, now))}
                    )
        if p.label == "deadline" and any(said in t for t in gone):
            if due is None or said not in due.text.lower():
                p = p.model_copy(update={"label": "replaced deadline"})
        elif p.label == "deadline" and any(said in t for t in tasks_due):
            # "send the invitations by 31 January": that task's day (found as a user: the
            # plan's note in memory said "deadline: 31 January" of a party on 14 March)
            p = p.model_copy(update={"label": "task due"})
        elif p.label == "timeline" and any(
            said in text and source == p.source and _MOVED.search(text)
            for source, text in deadlines
        ):  # "postpone it by two weeks": how far the day moved, not the plan's time (but
            # "within 6 months" moved nothing: found as a user, "deadline moved by 6 months")
            p = p.model_copy(update={"label": "deadline moved by"})
        money = parse_money(p.value) if p.label in ("budget", "amount", "constraint") else None
        if money and money[1] in caps and p.label != "constraint":
            p = p.model_copy(update={"label": "price" if money[1] in prices else "spending cap"})
        elif money and p.label in ("budget", "constraint", "amount") and money[1] in replaced:
            p = p.model_copy(update={"label": f"replaced {p.label}"})
        # "400 paid" is "400 paid upgrades" cut short (a proposal's shortened words)
        if p.label in COUNTS and any(r == said or r.startswith(f"{said} ") for r in recounted):
            p = p.model_copy(update={"label": f"replaced {p.label}"})
        if p.label == "timeline" and "hour" in p.value.lower():  # "5 hours a week": effort
            p = p.model_copy(update={"label": "effort"})
        if p.label == "team size" and said in hires:  # "make it 3 backend engineers": hires
            p = p.model_copy(update={"label": "replaced hires" if said in recounted else "hires"})
        team = next((t for t in teams if t.startswith(p.value.lower() + " ")), None)
        if team and p.label in ("audience", "count", "locations"):
            p = p.model_copy(update={"label": "team size", "value": team})
        elif (
            p.label == "team size"
            and outline.family.id in EVENT_FAMILIES | {"party"}
            and not any(t.startswith(said) for t in teams)
        ):  # "a festival for 2,000 people", "a picnic for 60 staff": who comes, not the team
            # (a trip's or an offsite's people all come: they are counted, not courted)
            # a party's are its guests, invited (found as a user: a birthday dinner for 20
            # was "measured by 20 people", its top threat "Fewer than 20 people come")
            label = {"trip": "travellers", "retreat": "attendees", "party": "guests"}.get(
                outline.family.id
            )
            p = p.model_copy(update={"label": label or "audience"})
        elif p.label == "audience" and (
            outline.family.id == "party" or (outline.family.id == "event" and weds(outline.goal))
        ):  # a wedding's 80 guests are invited, not an audience to win (found by a new
            # user's trial: "Fewer than 80 guests come … Open tickets", "Audience … Pilot")
            p = p.model_copy(update={"label": "guests"})
        out.append(p)
    return out


_MOVED = re.compile(
    r"\b(?:postpone|push|move|delay|bring|brought|forward|back|later|earlier|slip)", re.I
)
