"""The outline's Budget section: the lines and their total, the spend by month under a
cap per month, and each cap and price the plan keeps, as the plan checker reads them."""

from __future__ import annotations

import math
import re

from planloop.constraints import Constraint
from planloop.constraints.quantities import as_count
from planloop.planners.offline.families.care import moves_into_a_home
from planloop.planners.offline.families.clubs import CLUB_STRUCTURE, runs_a_club
from planloop.planners.offline.families.fundraising import target_of
from planloop.planners.offline.families.income import price_income
from planloop.planners.offline.families.meetings import meeting_days
from planloop.planners.offline.families.outline import Outline
from planloop.planners.offline.families.parties import at_home, eats_out
from planloop.terms import article, cell, join_words


def plural(n: float, word: str) -> str:
    """``1 data point``, ``2 data points``, ``2 people``, ``40 pitches`` (whole numbers in
    digits)."""
    if n == 1:
        return f"{n:g} {word}"
    if word == "person":
        return f"{n:g} people"
    return f"{n:g} {word}es" if word.endswith(("ch", "sh", "s", "x")) else f"{n:g} {word}s"


def budget(out: Outline) -> str:
    b = out.cs.budget
    lines: list[str] = []
    if b is None or b.money is None:
        lines.append("No total budget stated; the plan shows only the costs said or capped.")
    else:
        lines.append(
            f"Total budget under {b.money.text()} ({b.source}); lines sum to "
            f"{out.money(b.spend or 0)}, under it."
            if b.below
            else f"Total budget {b.money.text()} ({b.source}); lines sum to it exactly."
        )
    if out.lines:
        lines += ["", "| Line | Amount | Basis |", "|---|---|---|"]
        lines += [
            f"| {cell(x.name)} | {out.money(x.amount)} | {cell(x.basis)} |" for x in out.lines
        ]
        total = sum(x.amount for x in out.lines)
        if b is not None:
            lines.append(f"| **Total** | {out.money(total)} | sum of the lines |")
        elif len(out.lines) > 1:  # the costs listed ("hall hire £300, sheet music £150")
            lines.append(f"| **Total of the costs said** | {out.money(total)} | sum of the lines |")
    if out.phasing:
        caps = join_words(
            f"{c.scope} at most {c.money.text() if c.money else '?'} ({c.source})"
            for c in out.cs.period_caps()
        )
        lines += ["", f"Spend by month (caps: {caps}):", "", "| Period | Spend |", "|---|---|"]
        lines += [f"| {p} | {out.money(amount)} |" for p, amount in out.phasing]
        spread = sum(amount for _, amount in out.phasing)
        if b is not None and b.money is not None and spread < b.money.amount:
            lines.append(
                f"\nThe caps allow {out.money(spread)} over {plural(out.months, 'month')}: "
                f"{out.money(b.money.amount - spread)} of the budget stays unspent unless "
                "the caps or the deadline change."
            )
    for cap in out.cs.line_caps():
        said_as = f"{cap.money.text() if cap.money else ''} ({cap.source})"
        shown = cap.scope == "price" and any(said_as in x.basis for x in out.lines)
        if cap.money is not None and not shown:  # a line that shows it says it already
            said = "Price" if cap.scope == "price" else "Cap"
            most = "" if cap.scope == "price" else "under " if cap.below else "at most "
            lines.append(f"\n{said}: {cap.subject} {most}{cap.money.text()} ({cap.source}).")
    for price in out.cs.price_caps():
        if price.money is not None:
            each = f" {article(price.unit)}" if price.unit else ""
            capped = price.scope != "set"
            income = price_income(out.cs, price)
            period = f" {article(price.unit)}" if price.unit in ("day", "week", "month") else ""
            most = (
                f" At {income[0].text} ({income[0].source}) it brings in"
                f" {'at most ' if capped else ''}{out.money(income[1])}{period}."
                if income is not None
                else ""
            )
            lines.append(
                f"\nPrice: {price.subject} {'at most ' if capped else ''}{price.money.text()}"
                f"{each} ({price.source}). It is what the plan charges, income rather than"
                f" spending, so no budget line holds it.{most}"
            )
    for cap in out.cs.unit_caps():
        limit = out.cs.cap_total(cap)
        if limit is not None and cap.money is not None:
            on = f" on {cap.subject}" if cap.subject else ""
            # "under €90 a guest, 120 guests: under €10,800": the lines keep below it
            said = "under" if cap.below else "at most"
            stated = limit if not cap.below else limit / (cap.spend or 1) * cap.money.amount
            lines.append(
                f"\nCap{on}: {'under ' if cap.below else ''}{cap.money.text()}"
                f" {article(cap.unit)} × {_qty(out, cap)}"
                f" = {said} {out.money(stated)} ({cap.source})."
            )
    if out.family.id == "hiring":
        lines += _pay(out)
    if out.family.id == "care":
        lines += _running(out)
    if runs_a_club(out.goal) and out.family.structure == CLUB_STRUCTURE:
        lines += _per_meeting(out)
    return "\n".join(lines + _per_head(out) + _a_guest(out))


def _a_guest(out: Outline) -> list[str]:
    """A party's budget by the head, as a host asks a restaurant or plans a menu (found by
    a new user's trial: "£900" for a dinner for 22 said nothing of the £40 a head it
    allows, nor of the food's share of it)."""
    b, people = out.cs.budget, out.cs.counted("person")
    if out.family.id != "party" or b is None or b.money is None or people is None:
        return []
    if not people.number or people.number < 2:
        return []
    heads = people.number

    def each(amount: float) -> str:  # a head's share, never rounded up past what there is
        pence = math.floor(amount / heads * 100) / 100
        return out.money(pence) if pence == int(pence) else f"{out.currency}{pence:,.2f}"

    food = next(
        (x for x in out.lines if x.name.lower().startswith(("dinner", "lunch", "meal", "food"))),
        None,
    )
    meal = (
        f"; the {food.name.split(':')[0].lower()} line is {each(food.amount)} a"
        " head: ask the restaurant for a set menu within it"
        if food is not None and eats_out(out.goal) and not at_home(out.goal)
        else f"; the {food.name.lower()} line is {each(food.amount)} a head"
        if food is not None
        else ""
    )
    return [f"\nFor {people.text} ({people.source}): {each(b.money.amount)} a head in all{meal}."]


def _per_head(out: Outline) -> list[str]:
    """What each person must bring in for a night that raises money to reach its target
    after its costs (found by a new user's trial: a quiz night raising £800 with £320 of
    costs and 40 people said nothing of a ticket price)."""
    target, people = target_of(out.goal), out.cs.counted("person")
    if out.family.id == "fundraising" or target is None or people is None or not people.number:
        return []
    costs = sum(x.amount for x in out.lines) if out.cs.budget is None else out.cs.budget.spend or 0
    need = target[1] + costs
    after = f" after the {out.money(costs)} of costs" if costs else ""
    # what each pays already (the latest price said): "entry fee £40" of 60 riders brings in
    # £2,400 of it (a new user's trial: a charity ride's fees were left out of its sum)
    fees = [p for p in out.cs.price_caps() if p.money is not None and p.scope == "set"]
    paid = price_income(out.cs, fees[-1]) if fees else None
    said = f" {out.money(math.ceil(need / people.number))} from each of the {people.text}"
    ways = (
        "in sponsorship and donations"
        if _SPONSORED.search(out.goal)
        else ("in tickets, the raffle and the bar together")
    )
    if paid is not None and fees[-1].money is not None and 0 < paid[1] < need:
        rest = need - paid[1]
        return [
            f"\nTo raise {out.money(target[1])}{after}, it must bring in {out.money(need)}:"
            f" the {fees[-1].subject} ({fees[-1].money.text()}, {fees[-1].source}) brings in"
            f" {out.money(paid[1])} from the {people.text} ({people.source}), and the other"
            f" {out.money(rest)} is {out.money(math.ceil(rest / people.number))} from each of"
            f" them {ways}."
        ]
    return [
        f"\nTo raise {out.money(target[1])}{after}, it must bring in {out.money(need)}:"
        f"{said} ({people.source}), {ways}."
    ]


# an event whose people are sponsored to take part: a charity ride, run, walk or swim
_SPONSORED = re.compile(
    r"\b(?:sponsor(?:ed|ship)?|(?:bike|cycle|charity)\s(?:ride|run|walk|swim)|fun\srun|[0-9]+k"
    r"|half\smarathon"
    r"|marathon|challenge|trek|abseil|skydive)\b",
    re.I,
)


def _running(out: Outline) -> list[str]:
    """Care's weekly cost as said ("fees must be under £1,200 a week"): paid week by week
    from the person's own money, not a budget's line (care.py says whose)."""
    weekly = [c for c in out.cs.period_caps() if c.unit == "week" and c.money is not None]
    if not weekly:
        return []
    cap = weekly[-1]
    name = "Care home fees" if moves_into_a_home(out.goal) else "Care"
    return [
        "", "| Weekly cost | Amount | Basis |", "|---|---|---|",
        f"| {name}, a week | {cap.money.text() if cap.money else ''} at most"
        f" | “{cell(cap.text)}” ({cap.source}) |",
    ]  # fmt: skip


def _pay(out: Outline) -> list[str]:
    """A hire's pay by the hour, as a week's and a month's from the start: none of it the
    plan's own spending (rates.py; found as a user: it had been paid through the hiring)."""
    said = []
    for cap in out.cs.unit_caps():
        hours = out.cs.counted("hour")
        if cap.unit != "hour" or cap.money is None:
            continue
        if hours is None or hours.number is None or hours.scope != "week":
            said.append(f"\nPay once hired: {cap.money.text()} an hour ({cap.source}).")
            continue
        week = cap.money.amount * hours.number
        said.append(
            f"\nPay once hired: {cap.money.text()} an hour × {hours.number:g} hours a week"
            f" ({cap.source}) = {out.money(week)} a week, about {out.money(week * 52 / 12)} a"
            " month, from the start date: none of it within this plan."
        )
    return said


def _qty(out: Outline, cap: Constraint) -> str:
    q = out.cs.counted(cap.unit)
    return as_count(q) if q and q.number is not None else f"? {cap.unit}s"


def _per_meeting(out: Outline) -> list[str]:
    """A club's cost a meeting over its meetings, and what members pay against it ("the
    hall costs £15 a session; we'll charge £2 per family": found by a new user's trial,
    read as a cap on nothing)."""
    held = len(meeting_days(out))
    said: list[str] = []
    for cap in out.cs.unit_caps():
        if cap.money is None or cap.unit not in ("session", "meeting") or not held:
            continue
        said.append(
            f"\nCap: {cap.money.text()} a {cap.unit} × {held} meetings = at most"
            f" {out.money(cap.money.amount * held)} ({cap.source})."
        )
        charged = [p for p in out.cs.price_caps() if p.money and p.money.amount > 0]
        if charged and charged[-1].money is not None:
            each, per = charged[-1].money, charged[-1].unit or "member"
            need = math.ceil(cap.money.amount / each.amount)
            many = per if need == 1 else per[:-1] + "ies" if per.endswith("y") else per + "s"
            said.append(f"At {each.text()} a {per} ({charged[-1].source}), {need} {many} a"
                        " meeting pay for it.")  # fmt: skip
    return said
