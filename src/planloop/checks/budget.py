"""The plan checker's money: the budget's lines against its total, and every cap (per
unit, per period, on a line) against the line it names. Pure, no I/O (checks/rules.py)."""

from __future__ import annotations

import math
import re

from planloop.checks.markdown import Table, money_in
from planloop.constraints import ConstraintSet
from planloop.constraints.model import COST_WORDS
from planloop.constraints.periods import MORE, a_period
from planloop.domain import PlanCheck
from planloop.terms import article


def tables_of_money(found: list[Table]) -> list[Table]:
    return [t for t in found if t.col("amount", "cost") is not None and t.col("owner") is None]


def within_total(found: list[Table], cs: ConstraintSet) -> PlanCheck:
    name = "budget_within_total"
    b = cs.budget
    if b is None or b.money is None:
        return PlanCheck.of(name, True, "No total budget stated; nothing to sum against.")
    budgets = tables_of_money(found)
    if not budgets:
        return PlanCheck.of(
            name, False, f"A budget of {b.money.text()} is stated but no budget table was found."
        )
    t = budgets[0]
    col = t.col("amount", "cost")
    assert col is not None
    lines = [r for r in t.rows if len(r) > col and "total" not in r[0].lower()]
    total = sum(money_in(r[col]) or 0 for r in lines)
    # "under £100": the lines stay below it, not at it
    ok = total < b.money.amount - 0.5 if b.below else total <= b.money.amount + 0.5
    under = "under " if b.below else ""
    said = (
        f"Budget lines sum to {b.money.currency}{total:,.0f} of {under}{b.money.text()}"
        f" ({b.source})"
    )
    over = ": not under it." if b.below else ": over budget."
    return PlanCheck.of(name, ok, said + ("." if ok else over), [t.section])


def caps(found: list[Table], cs: ConstraintSet, text: dict[str, str] | None = None) -> PlanCheck:
    """Each cap against the lines it bounds; ``text``: the plan's sections' text, where a
    price no line holds may be shown (a hire's pay, from the start date), by title."""
    name = "budget_caps"
    problems: list[str] = []
    where: list[str] = []
    for cap in cs.unit_caps():
        limit = cs.cap_total(cap)
        if limit is None:
            # a price for what comes each week ("2 lessons a week"): shown by a line that
            # cites it, its total the plan's weeks' to say
            price = f"{cap.money.text() if cap.money else ''} {article(cap.unit)}"
            where += [
                t.section
                for t in tables_of_money(found)
                if any(price in " ".join(r) and f"({cap.source}" in " ".join(r) for r in t.rows)
            ]
            where += [
                title
                for title, body in (text or {}).items()
                if any(price in line and f"({cap.source})" in line for line in body.splitlines())
            ]
            continue
        # one that names what it is on ("pizza under $10 a participant") is that line's
        on = [w for w in cap.subject.lower().split() if w.rstrip("s") not in COST_WORDS]
        for t in tables_of_money(found):
            col = t.col("amount", "cost")
            for r in t.rows:
                label = " ".join(r[:1]).lower() + " " + " ".join(r).lower()
                mine = (
                    f"{cap.money.text() if cap.money else ''} {article(cap.unit)}" in label
                    and f"({cap.source})" in label
                    if on
                    else cap.unit in label
                )
                if on and not mine:
                    mine = all(
                        re.search(rf"\b{re.escape(w.rstrip('s'))}", r[0].lower()) for w in on
                    )
                if col is not None and len(r) > col and mine and "total" not in r[0].lower():
                    where.append(t.section)
                    amount = money_in(r[col]) or 0
                    if amount > limit + 0.5:
                        problems.append(
                            f"{r[0]} {amount:,.0f} is over the cap {limit:,.0f} ({cap.source})"
                        )
    for cap in cs.period_caps():
        if cap.money is not None and cap.subject and cs.end is not None:
            span = (cs.end - cs.start).days
            # at most as many periods as the plan's span holds (a day's cost: its days)
            per = {"month": 30.4, "year": 365.0, "week": 7.0}.get(cap.unit, 1.0)
            periods = round(cap.number) if cap.number else math.ceil(span / per)
            limit = cap.money.amount * max(1, periods)
            for t in tables_of_money(found):
                col = t.col("amount", "cost")
                for r in t.rows:
                    # named by its subject, or by the plan's word for it, citing the cap
                    # ("Tutor sessions (20 weeks) | at most $25 a week for 20 weeks (feedback:1)")
                    said = " ".join(r)
                    cited = f"{cap.money.text()} a {cap.unit}" in said and cap.source in said
                    if col is None or len(r) <= col:
                        continue
                    if cap.subject not in r[0].lower() and not cited:
                        continue
                    where.append(t.section)
                    amount = money_in(r[col]) or 0
                    if amount > limit + 0.5:
                        problems.append(f"{r[0]} {amount:,.0f} is over {limit:,.0f} ({cap.text})")
            continue
        if cap.money is None or ("first" not in cap.scope and not cap.scope.startswith("each")):
            continue
        if cap.scope.endswith(MORE):  # on top of the one before: checked with it
            continue
        made = a_period(cs.of("period_cap"), cap.unit)
        most = made[0] if made and made[1][0] is cap else cap.money.amount  # "£42 more" too
        for t in found:
            spend = t.col("spend", "payment")  # a month's repayment is that month's outlay
            if spend is None or not t.rows or len(t.rows[0]) <= spend:
                continue
            where.append(t.section)
            rows = t.rows[:1] if "first" in cap.scope else t.rows
            for row in rows:
                spent = money_in(row[spend]) if len(row) > spend else None
                if spent is not None and spent > most + 0.5:
                    problems.append(f"{row[0]} spends {spent:,.0f}, over the {cap.scope} cap")
    for cap in cs.line_caps():
        if cap.money is None:
            continue
        # what a line costs is the line itself: "the venue fee" is the Venue line
        words = [w for w in cap.subject.lower().split() if w.rstrip("s") not in COST_WORDS]
        words = words or cap.subject.lower().split()
        for t in tables_of_money(found):
            col = t.col("amount", "cost")
            for r in t.rows:
                if col is None or len(r) <= col or "total" in r[0].lower():
                    continue
                cited = f"{cap.money.text()} ({cap.source})" in " ".join(r)  # its basis
                if cited or all(
                    re.search(rf"\b{re.escape(w.rstrip('s'))}", r[0].lower()) for w in words
                ):
                    where.append(t.section)
                    amount = money_in(r[col]) or 0
                    if amount > cap.money.amount + 0.5:
                        problems.append(f"{r[0]} {amount:,.0f} is over {cap.text} ({cap.source})")
                    elif cap.below and amount > cap.money.amount - 0.5:
                        problems.append(f"{r[0]} {amount:,.0f} is not {cap.text} ({cap.source})")
    caps = len(cs.unit_caps()) + len(cs.period_caps()) + len(cs.line_caps())
    if not caps:
        return PlanCheck.of(name, True, "No spending caps stated.")
    if problems:
        return PlanCheck.of(name, False, "; ".join(problems) + ".", where)
    if not where:
        return PlanCheck.of(
            name, False, f"{caps} cap(s) stated but no budget line or spend table shows them."
        )
    return PlanCheck.of(name, True, f"Every cap holds ({caps} checked).", where)
