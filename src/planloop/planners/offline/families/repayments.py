"""The arithmetic of paying off debts month by month: each debt's interest, the minimum
kept up on every debt, and the rest of the month's money to the dearest first (the
"avalanche" order, which pays the least interest). families/debts.py reads the debts from
the goal and writes the plan's words around it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planloop.constraints.dates import add_months

MOST_MONTHS = 120
# the usual least a card asks for each month: its interest and 1% of the balance, at least
# £25 (said as assumed: each statement says its own)
MIN_SHARE, MIN_FLOOR = 0.01, 25.0


@dataclass(frozen=True)
class Debt:
    name: str  # "store card", "credit card"; "debt" when the goal names no kind
    owed: float
    rate: float  # % a year
    rate_said: str  # where the rate was said ("goal", "feedback:1"), "" if assumed
    promo: tuple[float, date] | None = None  # a promotional rate and its last day ("0% until")

    def rate_from(self, day: date) -> float:
        """The rate of the month that starts on ``day``: the promotional one until it ends."""
        return self.promo[0] if self.promo is not None and day <= self.promo[1] else self.rate


Month = tuple[date, float, float, float]  # (day, paid, interest, owed after), all debts


@dataclass(frozen=True)
class Paid:
    """Debts repaid month by month: every month's totals, and what each debt still owes."""

    months: tuple[Month, ...]
    each: tuple[tuple[float, ...], ...]  # what each debt owes after each month

    def cleared_on(self, i: int) -> date | None:
        """The payment day that clears debt ``i``."""
        return next(
            (m[0] for m, left in zip(self.months, self.each, strict=True) if left[i] <= 0.005), None
        )


def minimum(owed: float, interest: float) -> float:
    """What a debt asks for at least this month (no more than it owes)."""
    return min(owed + interest, max(MIN_FLOOR, round(interest + owed * MIN_SHARE, 2)))


def repay(debts: tuple[Debt, ...], monthly: float, start: date) -> Paid:
    """Pay ``monthly`` from the month after ``start``: every debt's minimum, then the rest
    to the dearest still owed; until all is repaid, or the payments no longer beat the
    interest, or :data:`MOST_MONTHS`."""
    left = [d.owed for d in debts]
    months: list[Month] = []
    each: list[tuple[float, ...]] = []
    for n in range(1, MOST_MONTHS + 1):
        # the dearest at the time: a 0% card comes after the others until its offer ends
        rates = [d.rate_from(add_months(start, n - 1)) for d in debts]
        dearest = sorted(range(len(debts)), key=lambda i: -rates[i])
        interest = [round(owed * r / 100 / 12, 2) for owed, r in zip(left, rates, strict=True)]
        due = [owed + i for owed, i in zip(left, interest, strict=True)]
        pay = [0.0] * len(debts)
        money = monthly
        if len(debts) > 1:
            for i in range(len(debts)):
                pay[i] = min(money, minimum(left[i], interest[i]) if due[i] > 0.005 else 0.0)
                money -= pay[i]
        for i in dearest:
            more = min(money, due[i] - pay[i])
            pay[i] += more
            money -= more
        left = [round(d - p, 2) for d, p in zip(due, pay, strict=True)]
        paid, charged = round(sum(pay), 2), round(sum(interest), 2)
        months.append((add_months(start, n), paid, charged, max(0.0, round(sum(left), 2))))
        each.append(tuple(max(0.0, x) for x in left))
        if sum(left) <= 0.005 or paid <= charged:  # cleared, or never will be at this rate
            break
    return Paid(tuple(months), tuple(each))


def needed(debts: tuple[Debt, ...], start: date, count: int) -> float:
    """The least whole amount a month that clears every debt in ``count`` months."""
    if len(debts) == 1 and debts[0].promo is None:
        r = debts[0].rate / 100 / 12
        owed = debts[0].owed
        exact = owed / count if r == 0 else owed * r / (1 - (1 + r) ** -count)
        return float(round(exact + 0.5))
    low, high = 0.0, sum(d.owed for d in debts) * 2
    for _ in range(40):
        mid = (low + high) / 2
        paid = repay(debts, mid, start)
        if paid.months[-1][3] <= 0.005 and len(paid.months) <= count:
            high = mid
        else:
            low = mid
    return float(int(high) + (high > int(high)))
