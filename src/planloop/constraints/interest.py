"""An interest rate said of what is owed: "the store card is 29% APR", "my loan is at 6.9%
interest", "APR of 22.9%" (found by a new user's trial: a rate said at a checkpoint was
"declined as a constraint" and the debt's schedule kept its assumed rate). Read as one
constraint of kind "rate" whose number is the percentage a year; the latest said holds.
A debt's repayment schedule uses it (planloop.planners.offline.families.debts)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint

_RATE = re.compile(
    # APR or interest named: "20% a year" alone is a growth target's, not a rate owed
    r"\b([0-9]{1,2}(?:\.[0-9]{1,2})?)\s?%\s?(?:APR|interest)"
    r"|\b(?:APR|interest(?:\srate)?)\s(?:is\s|of\s|at\s)?([0-9]{1,2}(?:\.[0-9]{1,2})?)\s?%",
    re.I,
)


def read_rates(text: str, source: str) -> list[Constraint]:
    """The interest rates ``text`` says, as written."""
    return [
        Constraint(
            kind="rate", text=m.group(0), source=source, number=float(m.group(1) or m.group(2))
        )
        for m in _RATE.finditer(text)
    ]
