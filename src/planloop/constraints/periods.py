"""A cap on each period ("rent at most €3,000 a month", "I can pay £300 a month"), and
money a period said on top of an amount said before: "cancelling the gym saves £42 a
month, put that in too", "an extra £50 a month", "I can also put £30 a week towards it"
(found by a new user's trial: the £42 replaced the £300 a month the goal said, and the
debt was no longer cleared). Such a cap's scope ends in MORE; what reads caps a period
(the repayment schedule) adds it to the one before it. money.py reads the amounts."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint, Money

MORE = " more"  # the end of the scope of a cap said on top of the one before
_BEFORE = re.compile(
    r"(?:\b(?:an?\s)?(?:extra|additional|further)\s|\banother\s"
    r"|\b(?:also|too)\s(?:pay|put|add|afford|manage|spare|find)\s(?:in\s|another\s)?)$",
    re.I,
)
_AFTER = re.compile(
    r"^[^.;!?]{0,60}?\b(?:too|as\swell|on\stop|in\saddition|(?<!\bno\s)(?<!\bany\s)more)\b", re.I
)


def on_top(before: str, after: str) -> bool:
    """The amount between ``before`` and ``after`` is said on top of one said before."""
    return _BEFORE.search(before) is not None or _AFTER.match(after) is not None


def period_cap(
    said: str,
    source: str,
    money: Money,
    period: str,
    subject: str,
    number: float | None = None,
    before: str = "",
    after: str = "",
) -> Constraint:
    """A cap on each ``period`` of what ``subject`` names; with the text ``before`` and
    ``after`` the amount, one said on top of the one before ends its scope in MORE."""
    return Constraint(
        kind="period_cap",
        text=said,
        source=source,
        money=money,
        unit=period,
        scope=f"each {period}" + (MORE if on_top(before, after) else ""),
        subject=subject,
        number=number,
    )


def a_period(caps: list[Constraint], unit: str) -> tuple[float, list[Constraint]] | None:
    """What ``caps`` (in the order said) come to each ``unit``: the latest said outright,
    with each said on top of it since; and the caps that make it. None when none is said."""
    total: float | None = None
    used: list[Constraint] = []
    for c in caps:
        if c.kind != "period_cap" or c.unit != unit or c.money is None:
            continue
        if c.scope.endswith(MORE) and total is not None:
            total, used = total + c.money.amount, [*used, c]
        else:
            total, used = c.money.amount, [c]
    return (total, used) if total is not None else None
