"""Paying off a debt: every debt listed with its rate, a monthly repayment that clears it
by the deadline, the interest cut where it can be, the balance dated at a quarter, a half,
three quarters and nothing repaid (found by a new user's trial: "Pay off £4,000 of credit
card debt within 12 months" was a general goal with a delivery team and a first delivery,
its debt a "resource on hand", and "I can put £350 a month towards it" changed nothing)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from planloop.constraints import ConstraintSet
from planloop.constraints.amounts import MONEY, money_of
from planloop.constraints.dates import add_months
from planloop.constraints.model import Money
from planloop.planners.offline.families.family import Family, phase
from planloop.terms import join_words

_DEBT = re.compile(
    r"\b(?:pay(?:ing)?\s(?:off|down|back)|clear(?:ing)?|repay(?:ing)?"
    r"|get(?:ting)?\s(?:out\sof|rid\sof))\s(?:[\w'’£$€,.-]+\s){0,5}?"
    r"(?:debts?|credit[\s-]cards?|overdrafts?|loans?|arrears|store\scards?)\b",
    re.I,
)
_CARD = re.compile(r"\b(?:credit[\s-]cards?|store\scards?|overdrafts?)\b", re.I)
_KIND = re.compile(r"\b(?:credit[\s-]card|store\scard|overdraft|loan|mortgage)\b", re.I)
CARD_RATE, OTHER_RATE = 24.0, 10.0  # the rates assumed when none is said (% a year)
MOST_MONTHS = 120
DEBT_STRUCTURE = "Repayment schedule"
PARTS = (0.25, 0.5, 0.75, 1.0)  # the share of the debt repaid at each dated milestone

DEBT = Family(
    "debt", "Paying off a debt", (), 365, "You", "You",
    (
        phase("Every debt listed: balance, interest rate (APR) and minimum payment", 0.02,
              "You", "statements balance rate"),
        phase("Monthly repayment set in the budget; nothing new borrowed on it", 0.04, "You",
              "budget repayment spending"),
        phase("Interest cut: a cheaper way to owe it found, or a lower rate asked for", 0.1,
              "You", "interest transfer rate lender"),
        phase("A quarter of the debt repaid", 0.25, "You", "repayment"),
        phase("Half the debt repaid", 0.5, "You", "repayment"),
        phase("Three quarters of the debt repaid", 0.75, "You", "repayment"),
        phase("Debt cleared: the last payment made", 1.0, "You", "repayment"),
    ),
    (),
    DEBT_STRUCTURE,
)  # fmt: skip


def pays_off_debt(goal: str) -> bool:
    return _DEBT.search(goal) is not None


Month = tuple[date, float, float, float]  # (day, paid, interest, owed after)


@dataclass(frozen=True)
class Repayment:
    owed: Money
    rate: float  # % a year
    rate_said: str  # where the rate was said ("goal", "feedback:1"), "" if assumed
    monthly: float
    monthly_said: str  # where the monthly amount was said ("feedback:1"), "" if worked out
    needed: float  # what a month must be to clear it by the end
    months: tuple[Month, ...]

    @property
    def interest(self) -> float:
        return sum(interest for _, _, interest, _ in self.months)

    def cleared(self) -> date | None:
        last = self.months[-1] if self.months else None
        return last[0] if last is not None and last[3] <= 0.005 else None

    def repaid_by(self, part: float) -> date | None:
        """The first payment day on which ``part`` of what was owed is repaid."""
        left = self.owed.amount * (1 - part) + 0.005
        return next((day for day, _, _, owed in self.months if owed <= left), None)


def _schedule(
    owed: float, rate: float, monthly: float, start: date
) -> list[tuple[date, float, float, float]]:
    months, left = [], owed
    for n in range(1, MOST_MONTHS + 1):
        interest = round(left * rate / 100 / 12, 2)
        paid = round(min(monthly, left + interest), 2)
        left = round(left + interest - paid, 2)
        months.append((add_months(start, n), paid, interest, max(0.0, left)))
        if left <= 0.005 or paid <= interest:  # cleared, or never will be at this rate
            break
    return months


def _needed(owed: float, rate: float, count: int) -> float:
    """The monthly payment that clears ``owed`` in ``count`` months at ``rate`` a year."""
    r = rate / 100 / 12
    return owed / count if r == 0 else owed * r / (1 - (1 + r) ** -count)


def repayment(goal: str, cs: ConstraintSet, end: date) -> Repayment | None:
    """The debt the goal names, repaid each month from the start: by the amount said a
    month ("I can put £350 a month towards it"), else by what clears it by the end."""
    # every debt the goal names: "£1,200 on a store card and £3,000 on a credit card" (a
    # third trial's: only the first was scheduled)
    said = [money_of(m) for m in MONEY.finditer(goal)]
    if not said or sum(m.amount for m in said) <= 0:
        return None
    owed = Money(amount=sum(m.amount for m in said), currency=said[0].currency)
    said_rate = cs.latest("rate")  # "at 8% APR", or at a checkpoint "the card is 29% APR"
    rate = CARD_RATE if _CARD.search(goal) else OTHER_RATE
    if said_rate is not None and said_rate.number:
        rate = said_rate.number
    count = max(1, (end.year - cs.start.year) * 12 + end.month - cs.start.month)
    needed = round(_needed(owed.amount, rate, count) + 0.5)
    a_month = [c for c in cs.period_caps() if c.unit == "month" and c.money]
    monthly = a_month[-1].money.amount if a_month and a_month[-1].money else needed
    months = _schedule(owed.amount, rate, monthly, cs.start)
    source = a_month[-1].source if a_month else ""
    where = said_rate.source if said_rate is not None else ""
    return Repayment(owed, rate, where, monthly, source, needed, tuple(months))


def _in_its_words(title: str, goal: str) -> str:
    """A step in the words of the debt the goal names: "nothing new borrowed on the
    overdraft"; a balance transfer only for a card (found by a new user's trial: an
    overdraft's plan told to stop spending on "the card")."""
    kind = _KIND.search(goal)
    title = title.replace("on it", f"on the {kind.group(0).lower() if kind else 'debt'}")
    if _CARD.search(goal) and "overdraft" not in goal.lower():
        return title.replace("a cheaper way to owe it found", "a 0% balance transfer")
    return title.replace("a cheaper way to owe it found", "a cheaper loan to clear it looked at")


def for_repayment(family: Family, goal: str, cs: ConstraintSet, end: date) -> Family:
    """The debt's milestones on the days the schedule repays each part of it (no later
    than the deadline)."""
    plan = repayment(goal, cs, end) if family.id == "debt" else None
    if plan is None:
        return family
    days = max(1, (end - cs.start).days)
    shares = {
        part: min(1.0, ((plan.repaid_by(part) or end) - cs.start).days / days) for part in PARTS
    }
    # a part not repaid by the deadline is no milestone of this plan
    last = len(family.phases) - 1
    phases = [
        dataclasses.replace(p, title=_in_its_words(p.title, goal), share=shares[PARTS[i - 3]])
        if i >= 3
        else dataclasses.replace(p, title=_in_its_words(p.title, goal))
        for i, p in enumerate(family.phases)
        if i < 3 or i == last or (plan.repaid_by(PARTS[i - 3]) or end) < end
    ]
    cleared = plan.cleared()
    if cleared is None or cleared > end:  # the deadline, with what is still owed then
        left = next((owed for day, _, _, owed in reversed(plan.months) if day <= end), 0.0)
        c = plan.owed.currency
        phases[-1] = dataclasses.replace(
            phases[-1],
            title=f"Deadline: {c}{left:,.2f} still owed; {c}{plan.needed:,.0f} a month from the"
            " start would have cleared it",
        )
    return dataclasses.replace(family, phases=tuple(phases))


def repayment_schedule(goal: str, cs: ConstraintSet, end: date) -> str:
    """The debt month by month, after a line that says what clears it and when."""
    plan = repayment(goal, cs, end)
    if plan is None:
        return "Say how much is owed (“pay off £4,000”) for a month-by-month schedule."
    c = plan.owed.currency

    def cash(x: float) -> str:
        return f"{c}{x:,.2f}"

    paid = f"{cash(plan.monthly)} a month" + (
        f" ({plan.monthly_said})" if plan.monthly_said else ", what clears it by the deadline"
    )
    rate = f"{plan.rate:g}% interest a year" + (
        f" ({plan.rate_said})"
        if plan.rate_said
        else " (assumed, a usual rate for it: put yours in)"
    )
    lead = f"{cash(plan.owed.amount)} owed, paid {paid}, at {rate}."
    cleared = plan.cleared()
    if cleared is None:
        lead += f" At that, it is not cleared in {len(plan.months)} months."
    else:
        lead += f" Cleared in {len(plan.months)} months, on {cleared.isoformat()}"
        lead += f": after the deadline {end.isoformat()}." if cleared > end else "."
    if cleared is None or cleared > end:
        lead += f" {cash(plan.needed)} a month clears it by {end.isoformat()}."
    lead += f" Interest paid: {cash(plan.interest)}."
    rows = ["| Month | Date | Payment | Interest | Owed after |", "|---|---|---|---|---|"]
    rows += [
        f"| {n} | {day.isoformat()} | {cash(paid)} | {cash(interest)} | {cash(left)} |"
        for n, (day, paid, interest, left) in enumerate(plan.months, start=1)
        if day <= end
    ]
    after = [(day, paid) for day, paid, _, _ in plan.months if day > end]
    if after:  # the plan ends at the deadline; what is left is said, not scheduled past it
        said = [f"{cash(paid)} in {day.strftime('%B %Y')}" for day, paid in after[:3]]
        rest = (
            join_words(said) if len(after) <= 3 else f"{', '.join(said)} and {len(after) - 3} more"
        )
        rows.append(f"\nAfter the deadline, at this rate: {rest}.")
    return lead + "\n\n" + "\n".join(rows)


def money_to_it(goal: str, cs: ConstraintSet, end: date) -> str:
    """What goes to the debt, in a line: "£350.00 a month (feedback:1): 14 payments,
    £587.02 of interest (Repayment schedule)"."""
    plan = repayment(goal, cs, end)
    if plan is None:
        return ""
    c = plan.owed.currency
    said = f" ({plan.monthly_said})" if plan.monthly_said else ""
    return (
        f"{c}{plan.monthly:,.2f} a month{said}: {len(plan.months)} payments,"
        f" {c}{plan.interest:,.2f} of interest ({DEBT_STRUCTURE})"
    )
