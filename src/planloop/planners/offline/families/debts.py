"""Paying off a debt: every debt listed with its rate, a monthly repayment that clears it
by the deadline, the interest cut where it can be, the balance dated at a quarter, a half,
three quarters and nothing repaid (found by a new user's trial: "Pay off £4,000 of credit
card debt within 12 months" was a general goal with a delivery team and a first delivery,
its debt a "resource on hand", and "I can put £350 a month towards it" changed nothing)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from planloop.constraints import ConstraintSet
from planloop.constraints.amounts import MONEY, money_of
from planloop.constraints.interest import DEBT_KIND, UNTIL, debt_name
from planloop.constraints.model import Money
from planloop.constraints.periods import a_period
from planloop.planners.offline.families.family import Family, phase
from planloop.planners.offline.families.repayments import (
    MIN_FLOOR,
    MIN_SHARE,
    Debt,
    Month,
    Paid,
    needed,
    repay,
)
from planloop.terms import join_words

_DEBT = re.compile(
    r"\b(?:pay(?:ing)?\s(?:off|down|back)|clear(?:ing)?|repay(?:ing)?"
    # "Pay off the remaining £6,240 on my car loan" (a trial's: a personal project)
    r"|get(?:ting)?\s(?:out\sof|rid\sof))\s(?:[\w'’£$€,.-]+\s){0,6}?"
    r"(?:debts?|credit[\s-]cards?|overdrafts?|loans?|arrears|store\scards?)\b",
    re.I,
)
_CARD = re.compile(r"\b(?:credit[\s-]cards?|store\scards?|overdrafts?|barclaycard|cards?)\b", re.I)
_KIND = re.compile(r"\b(?:credit[\s-]card|store\scard|overdraft|loan|mortgage)\b", re.I)
CARD_RATE, OTHER_RATE = 24.0, 10.0  # the rates assumed when none is said (% a year)
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


# a card named by its lender: "pay off £3,800 on a Barclaycard and £2,150 on an MBNA card"
# (found by a new user's trial: a personal project, its monthly amount a cap on nothing)
_ON_A_CARD = re.compile(
    r"\b(?:pay(?:ing)?\s(?:off|down|back)|clear(?:ing)?|repay(?:ing)?)\s(?:the\s)?[£$€][0-9][0-9,.]*k?"
    r"\s(?:owed\s|I\sowe\s)?(?:on|off)\s(?:a|an|my|the|both|two)\s(?:[\w'’-]+\s){0,2}?"
    r"(?:card|barclaycard)s?\b",
    re.I,
)


def pays_off_debt(goal: str) -> bool:
    return _DEBT.search(goal) is not None or _ON_A_CARD.search(goal) is not None


@dataclass(frozen=True)
class Repayment:
    owed: Money  # every debt's together
    debts: tuple[Debt, ...]  # the dearest first
    monthly: float
    monthly_said: str  # where the monthly amount was said ("feedback:1"), "" if worked out
    needed: float  # what a month must be to clear it by the end
    paid: Paid

    @property
    def months(self) -> tuple[Month, ...]:
        return self.paid.months

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


def _debts(goal: str, cs: ConstraintSet) -> list[Debt]:
    """Every debt the goal names with its amount ("£1,200 on a store card and £3,000 on a
    credit card"; a third trial's: only the first was scheduled) and the rate said of it,
    else one said of no debt in particular, else the usual rate for its kind."""
    said = _owed(goal)
    rates = cs.of("rate")
    found = []
    for k, m in enumerate(said):
        nxt = said[k + 1].start() if k + 1 < len(said) else len(goal)
        after = DEBT_KIND.search(goal, m.end(), min(nxt, m.end() + 40))
        # ... or the list's: "on two credit cards (£4,000 at 22.9% and £2,500 at 18.9%)"
        before = list(DEBT_KIND.finditer(goal, 0, m.start()))
        kind = after or (before[-1] if before else None) or _KIND.search(goal)
        name = debt_name(kind.group(0)) if kind else "debt"
        if named := _NAMED_ON.match(goal, m.end()):  # "£3,800 on a Barclaycard": its name
            name = named.group(1)
        found.append((name, money_of(m).amount))
    names = [n for n, _ in found]
    out = []
    for name, owed in found:
        # two of a kind are told apart by their balance
        label = f"{name} ({said[0].group(0)[:1]}{owed:,.0f})" if names.count(name) > 1 else name
        own = [r for r in rates if r.subject and _said_of_it(r.subject, name, names, owed)]
        anyone = [r for r in rates if not r.subject or len(names) == 1]  # one debt: any said
        promos = [r for r in own or anyone if r.scope == UNTIL and r.when and r.when > cs.start]
        own, anyone = ([r for r in x if r.scope != UNTIL] for x in (own, anyone))
        rate = own[-1] if own else (anyone[-1] if anyone else None)
        carded = (
            _CARD.search(name) or "card" in name.lower() or (name == "debt" and _CARD.search(goal))
        )
        usual = CARD_RATE if carded else OTHER_RATE
        number = rate.number if rate is not None and rate.number is not None else usual
        promo = (promos[-1].number or 0.0, promos[-1].when) if promos and promos[-1].when else None
        out.append(Debt(label, owed, number, rate.source if rate is not None else "", promo))
    return sorted(out, key=lambda d: -d.rate)


def _said_of_it(subject: str, name: str, names: list[str], owed: float = 0.0) -> bool:
    """A rate said of ``subject`` ("card") is said of debt ``name`` ("store card") when it
    names it, or when no other debt of the goal shares the word; one said of a balance
    ("£4,000 at 22.9%") is said of the debt that owes it."""
    if subject == name:
        return True
    if subject[:1] in "£$€" and (said := MONEY.fullmatch(subject)) is not None:
        return abs(money_of(said).amount - owed) < 0.005
    return subject in name.lower().split() and sum(subject in n.lower().split() for n in names) == 1


# a debt named by its lender: "on a Barclaycard", "on an MBNA card"
_NAMED_ON = re.compile(
    r"\s?(?:on|owed\son|left\son)\s(?:a|an|my|the|our)\s([A-Z][\w&-]*(?:\s(?:credit\s|store\s)?"
    r"(?:card|loan|overdraft))?)\b"
)
_EACH_PERIOD = re.compile(r"\s?(?:a|an|per|each|every)\s(?:month|week|year)\b", re.I)


def _owed(goal: str) -> list[re.Match[str]]:
    """The amounts the goal owes; not what is paid each month ("I can afford £300 a month":
    a trial's third debt), nor their total said with them ("£6,500 on two credit cards
    (£4,000 … and £2,500 …)": a second trial's owed £13,000)."""
    said = [m for m in MONEY.finditer(goal) if not _EACH_PERIOD.match(goal, m.end())]
    amounts = [money_of(m).amount for m in said]
    total = sum(amounts)
    whole = [k for k, a in enumerate(amounts) if len(said) > 2 and abs(2 * a - total) < 0.005]
    return [m for k, m in enumerate(said) if k not in whole[:1]]


def repayment(goal: str, cs: ConstraintSet, end: date) -> Repayment | None:
    """The debts the goal names, repaid each month from the start: by the amount said a
    month ("I can put £350 a month towards it"), else by what clears them by the end."""
    said = [money_of(m) for m in _owed(goal)]
    if not said or sum(m.amount for m in said) <= 0:
        return None
    owed = Money(amount=sum(m.amount for m in said), currency=said[0].currency)
    debts = tuple(_debts(goal, cs))
    count = max(1, (end.year - cs.start.year) * 12 + end.month - cs.start.month)
    need = needed(debts, cs.start, count)
    said_a_month = a_period(cs.of("period_cap"), "month")  # "£42 more" added to "£300"
    monthly = said_a_month[0] if said_a_month else need
    source = ", ".join(dict.fromkeys(c.source for c in said_a_month[1])) if said_a_month else ""
    return Repayment(owed, debts, monthly, source, need, repay(debts, monthly, cs.start))


def _in_its_words(title: str, goal: str) -> str:
    """A step in the words of the debts the goal names: "nothing new borrowed on the
    overdraft", "on the store card or the credit card"; a balance transfer only for a card
    (found by a new user's trial: an overdraft's plan told to stop spending on "the card")."""
    kinds = list(dict.fromkeys(debt_name(k.group(0)) for k in _KIND.finditer(goal)))
    on = " or ".join(f"the {k}" for k in kinds) if kinds else "the debt"
    title = title.replace("on it", f"on {on}")
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
    # two weeks before an offer ends, a step to move what is left to another (a trial's:
    # the plan said what the card would still owe, but nothing was dated to act on it)
    for d in plan.debts:
        if d.promo is not None and cs.start < d.promo[1] - timedelta(days=14) < end:
            before = (d.promo[1] - timedelta(days=14) - cs.start).days / days
            phases.append(
                phase(f"Before the {d.name}'s {d.promo[0]:g}% ends on {d.promo[1].isoformat()}:"
                      " what it still owes moved to another 0% offer, or paid first from then",
                      before, "You", "transfer offer rate")
            )  # fmt: skip
    phases.sort(key=lambda p: p.share)
    return dataclasses.replace(family, phases=tuple(phases))


def _offer_ends(plan: Repayment, i: int, cash: Callable[[float], str]) -> str:
    """What debt ``i`` still owes when its promotional rate ends, and its rate after."""
    d = plan.debts[i]
    if d.promo is None:
        return ""
    paid = zip(plan.months, plan.paid.each, strict=True)
    by_then = [left[i] for m, left in paid if m[0] <= d.promo[1]]
    owed, ends = (by_then[-1] if by_then else d.owed), d.promo[1].isoformat()
    if owed <= 0.005:
        return f" The {d.name} is cleared before its {d.promo[0]:g}% ends on {ends}."
    return (
        f" The {d.name}'s {d.promo[0]:g}% ends on {ends} with {cash(owed)} still"
        f" owed on it: {d.rate:g}% a year from then, unless it is moved to another 0% offer first."
    )


def _rates(plan: Repayment) -> str:
    """Each debt's rate, and where it was said: "29% (feedback:1)"."""

    def rate(d: Debt) -> str:
        said = f"({d.rate_said})" if d.rate_said else "(assumed, a usual rate for it: put yours in)"
        if d.promo is not None:
            return f"{d.promo[0]:g}% until {d.promo[1].isoformat()}, then {d.rate:g}% a year {said}"
        return f"{d.rate:g}% interest a year {said}"

    if len(plan.debts) == 1:
        return rate(plan.debts[0])
    c = plan.owed.currency
    return join_words(f"{c}{d.owed:,.2f} on the {d.name} at {rate(d)}" for d in plan.debts)


def repayment_schedule(goal: str, cs: ConstraintSet, end: date) -> str:
    """The debts month by month, after a line that says what clears them and when."""
    plan = repayment(goal, cs, end)
    if plan is None:
        return "Say how much is owed (“pay off £4,000”) for a month-by-month schedule."
    c = plan.owed.currency

    def cash(x: float) -> str:
        return f"{c}{x:,.2f}"

    paid = f"{cash(plan.monthly)} a month" + (
        f" ({plan.monthly_said})" if plan.monthly_said else ", what clears it by the deadline"
    )
    several = len(plan.debts) > 1
    if several:
        first = plan.debts[0]
        offers = [d for d in plan.debts if d.promo is not None]
        order = f"the {first.name} first, the dearest"
        if first.rate == plan.debts[1].rate:  # both at an assumed 24%: none is dearer
            order = f"the {first.name} first (the same rate: the one named first)"
        if offers:  # the dearest at the time: "the MBNA card while the Barclaycard's 0% lasts"
            now = max(plan.debts, key=lambda d: d.rate_from(cs.start))
            order = (
                f"the dearest at the time first: the {now.name} while the"
                f" {join_words(d.name + chr(39) + 's' for d in offers)} offer lasts"
            )
        lead = (
            f"{cash(plan.owed.amount)} owed: {_rates(plan)}. Paid {paid}: {order}; meanwhile"
            " the least each other debt asks for (assumed: its"
            f" interest and {MIN_SHARE:.0%} of the balance, at least {c}{MIN_FLOOR:,.0f}; your"
            " statement says its own)."
        )
        lead += "".join(
            f" The {d.name} is cleared on {day.isoformat()}."
            for i, d in enumerate(plan.debts)
            if (day := plan.paid.cleared_on(i)) is not None and day < (plan.cleared() or end)
        )
    else:
        lead = f"{cash(plan.owed.amount)} owed, paid {paid}, at {_rates(plan)}."
    lead += "".join(_offer_ends(plan, i, cash) for i, d in enumerate(plan.debts) if d.promo)
    cleared = plan.cleared()
    never = cleared is None and bool(plan.months) and plan.months[-1][1] <= plan.months[-1][2]
    if never:
        # paying no more than the interest: it only grows (a trial's "not cleared in 1 months")
        lead += (
            f" At that, it is never cleared: {cash(plan.months[-1][1])} a month does not cover"
            f" the {cash(plan.months[-1][2])} of interest a month, so what is owed grows."
        )
    elif cleared is None:
        lead += f" At that, it is not cleared in {len(plan.months)} months."
    else:
        lead += f" Cleared in {len(plan.months)} months, on {cleared.isoformat()}"
        lead += f": after the deadline {end.isoformat()}." if cleared > end else "."
    if cleared is None or cleared > end:
        lead += f" {cash(plan.needed)} a month clears it by {end.isoformat()}."
    lead += "" if never else f" Interest paid: {cash(plan.interest)}."
    owed_each = [f"{d.name[:1].upper()}{d.name[1:]} owed" for d in plan.debts] if several else []
    head = ["Month", "Date", "Payment", "Interest", *owed_each, "Owed after"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n, ((day, pay, interest, left), each) in enumerate(
        zip(plan.months, plan.paid.each, strict=True), start=1
    ):
        if day <= end:
            cells = [str(n), day.isoformat(), cash(pay), cash(interest)]
            cells += [cash(x) for x in each] if several else []
            rows.append("| " + " | ".join([*cells, cash(left)]) + " |")
    after = [(day, paid) for day, paid, _, _ in plan.months if day > end]
    if after:  # the plan ends at the deadline; what is left is said, not scheduled past it
        said = [f"{cash(paid)} in {day.strftime('%B %Y')}" for day, paid in after[:3]]
        rest = (
            join_words(said) if len(after) <= 3 else f"{', '.join(said)} and {len(after) - 3} more"
        )
        rows.append(f"\nAfter the deadline, at this rate: {rest}.")
    return lead + "\n\n" + "\n".join(rows)


def shortfall(goal: str, cs: ConstraintSet, end: date) -> str:
    """The first thing to do when the money said a month does not clear the debt by the
    deadline (a trial's plan said so in its schedule, but its next actions did not)."""
    plan = repayment(goal, cs, end)
    cleared = plan.cleared() if plan is not None else None
    if plan is None or not plan.monthly_said or (cleared is not None and cleared <= end):
        return ""
    c = plan.owed.currency
    more = plan.needed - plan.monthly
    now = f"{c}{plan.monthly:,.0f} a month ({plan.monthly_said})"
    then = f"{now} clears it in {cleared:%B %Y}" if cleared else f"{now} never clears it"
    later = f"or move the deadline to {cleared:%B %Y}" if cleared else "or talk to a debt adviser"
    return (
        f"Find {c}{more:,.0f} more a month ({c}{plan.needed:,.0f} in all) to clear it by"
        f" {end.isoformat()}, {later}: {then}."
    )


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
