"""An interest rate said of what is owed: "the store card is 29% APR", "my loan is at 6.9%
interest", "APR of 22.9%" (found by a new user's trial: a rate said at a checkpoint was
"declined as a constraint" and the debt's schedule kept its assumed rate). Read as one
constraint of kind "rate" whose number is the percentage a year, and whose subject is
the debt it is said of where one is named ("store card"; found by a later trial: "the
store card is 29% APR" was the rate of every debt in the goal); the latest said of each
holds. A debt's repayment schedule uses it (planloop.planners.offline.families.debts)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint

_PERCENT = r"([0-9]{1,2}(?:\.[0-9]{1,2})?)\s?%"
# the debts a rate may be said of, as "the store card is 29%" names them
DEBT_KIND = re.compile(
    r"\b(?:(?:credit|store)[\s-]card|overdraft|(?:car|personal|bank)\sloan|loan|mortgage|card)\b",
    re.I,
)
_RATE = re.compile(
    # APR or interest named: "20% a year" alone is a growth target's, not a rate owed
    rf"\b{_PERCENT}\s?(?:APR|interest)"
    rf"|\b(?:APR|interest(?:\srate)?)\s(?:is\s|of\s|at\s)?{_PERCENT}",
    re.I,
)
# ... or a debt named, then its rate: "the credit card is 19%", "a store card at 29%"
_DEBT_AT = re.compile(
    r"\b((?:credit|store)[\s-]card|overdraft|(?:car|personal|bank)\sloan|loan|mortgage|card)"
    rf"(?:['’]s\s(?:rate|APR))?\s(?:is\s(?:at\s)?|at\s|charges\s|costs\s|has\s){_PERCENT}"
    r"(?:\s?(?:APR|interest)\b)?",
    re.I,
)
_CLAUSE_END = re.compile(r"[.;,]|\band\b|\bbut\b", re.I)


def debt_name(said: str) -> str:
    """A debt's kind in one spelling: "Credit-card" → "credit card"."""
    return re.sub(r"[\s-]+", " ", said.lower())


def _said_of(text: str, at: int) -> str:
    """The debt named in the clause before ``at``, if any ("the store card is 29% APR")."""
    before = text[max(0, at - 40) : at]
    ends = list(_CLAUSE_END.finditer(before))
    before = before[ends[-1].end() :] if ends else before
    kinds = list(DEBT_KIND.finditer(before))
    return debt_name(kinds[-1].group(0)) if kinds else ""


def read_rates(text: str, source: str) -> list[Constraint]:
    """The interest rates ``text`` says, as written, each with the debt it is said of."""
    found: dict[int, Constraint] = {}
    for m in _DEBT_AT.finditer(text):
        start = m.start(2)
        found[start] = Constraint(
            kind="rate", text=m.group(0), source=source, number=float(m.group(2)),
            subject=debt_name(m.group(1)),
        )  # fmt: skip
    for m in _RATE.finditer(text):
        start = m.start(1) if m.group(1) else m.start(2)
        if start in found:
            continue
        found[start] = Constraint(
            kind="rate", text=m.group(0), source=source,
            number=float(m.group(1) or m.group(2)), subject=_said_of(text, m.start()),
        )  # fmt: skip
    return [found[k] for k in sorted(found)]
