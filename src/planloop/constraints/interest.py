"""An interest rate said of what is owed: "the store card is 29% APR", "my loan is at 6.9%
interest", "APR of 22.9%" (found by a new user's trial: a rate said at a checkpoint was
"declined as a constraint" and the debt's schedule kept its assumed rate). Read as one
constraint of kind "rate" whose number is the percentage a year, and whose subject is
the debt it is said of where one is named ("store card"; found by a later trial: "the
store card is 29% APR" was the rate of every debt in the goal); the latest said of each
holds. A debt's repayment schedule uses it (planloop.planners.offline.families.debts).

A promotional rate with its end ("the Barclaycard is 0% until 31 March 2027, then 24.9%")
is a rate whose scope is UNTIL and whose ``when`` is its last day, beside the rate after
it (found by a new user's trial: "until 31 March 2027" was the day to be debt free)."""

from __future__ import annotations

import functools
import re
from datetime import date

from planloop.constraints.dates import MONTH_RE, resolve_date
from planloop.constraints.model import Constraint

UNTIL = "until"  # the scope of a promotional rate, which holds until its ``when``

_PERCENT = r"([0-9]{1,2}(?:\.[0-9]{1,2})?)\s?%"
# the debts a rate may be said of, as "the store card is 29%" names them
DEBT_KIND = re.compile(
    r"\b(?:(?:credit|store)[\s-]card|overdraft|(?:car|personal|bank)\sloan|loan|mortgage|card"
    r"|barclaycard)(?=s?\b)",  # "two credit cards (£4,000 … and £2,500 …)": a credit card each
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
    r"\b((?:credit|store)[\s-]card|overdraft|(?:car|personal|bank)\sloan|loan|mortgage|card"
    r"|barclaycard)"
    rf"(?:['’]s\s(?:rate|APR))?\s(?:is\s(?:at\s)?|at\s|charges\s|costs\s|has\s){_PERCENT}"
    r"(?:\s?(?:APR|interest)\b)?",
    re.I,
)
# ... or a debt by its balance: "(£4,000 at 22.9% and £2,500 at 18.9%)" (a new user's
# trial: both read as nothing, each debt at an assumed 24%); the subject is the balance
_AMOUNT_AT = re.compile(rf"([£$€][0-9][0-9,]*(?:\.[0-9]+)?k?)\s(?:at|@)\s{_PERCENT}", re.I)
_CLAUSE_END = re.compile(r"[.;,]|\band\b|\bbut\b", re.I)
# "0% until 31 March 2027, then 24.9%", "0% interest till March, after that 29%"
_PROMO = re.compile(
    rf"\b{_PERCENT}\s?(?:APR\s|interest\s)?(?:[\w-]+\s){{0,5}}?(?P<end>(?:until|till|to|ending(?:\son)?)\s"
    rf"(?P<until>(?:the\s)?(?:end\sof\s)?(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s)?(?:{MONTH_RE})"
    r"(?:\s[0-9]{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s20[0-9]{2})?))"
    rf"(?:,?\s(?:and\s)?(?:then|after\s(?:that|which))\s(?:it\s(?:goes|jumps|rises|is)\s(?:up\s)?"
    rf"(?:to\s)?|it['’]s\s)?{_PERCENT}(?:\s?(?:APR|interest))?)?",
    re.I,
)


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


@functools.lru_cache(maxsize=256)
def offer_ends(text: str) -> tuple[range, ...]:
    """Where ``text`` says when a promotional rate ends ("until 31 March 2027"): no
    deadline of the plan's."""
    return tuple(range(m.start("end"), m.end("end")) for m in _PROMO.finditer(text))


@functools.lru_cache(maxsize=256)  # asked once a percentage a text holds (labels.py)
def rates_at(text: str) -> frozenset[int]:
    """Where ``text`` says an interest rate: the start of each percentage read as one."""
    return frozenset(_rates(text, "", date(2000, 1, 1)))


def read_rates(text: str, source: str, start: date) -> list[Constraint]:
    """The interest rates ``text`` says, as written, each with the debt it is said of; a
    promotional one with its last day (counted from ``start``) and the rate after it."""
    found = _rates(text, source, start)
    return [found[k] for k in sorted(found)]


def _rates(text: str, source: str, start: date) -> dict[int, Constraint]:
    """Each rate :func:`read_rates` reads, by where its percentage starts."""
    found: dict[int, Constraint] = {}
    for m in _PROMO.finditer(text):
        until = resolve_date(m.group("until"), start)
        if until is None:
            continue
        named = DEBT_KIND.search(m.group(0))  # "0% on the Barclaycard until …"
        subject = debt_name(named.group(0)) if named else _said_of(text, m.start())
        found[m.start(1)] = Constraint(
            kind="rate", text=m.group(0), source=source, number=float(m.group(1)),
            subject=subject, scope=UNTIL, when=until,
        )  # fmt: skip
        if m.group(4):  # the rate after: the debt's own from then, in its own words
            then = text[m.end("until") : m.end()].lstrip(" ,")
            found[m.start(4)] = Constraint(
                kind="rate", text=then, source=source, number=float(m.group(4)),
                subject=subject,
            )  # fmt: skip
    for m in _DEBT_AT.finditer(text):
        if (at := m.start(2)) in found:
            continue  # the promotional rate read above
        found[at] = Constraint(
            kind="rate", text=m.group(0), source=source, number=float(m.group(2)),
            subject=debt_name(m.group(1)),
        )  # fmt: skip
    for m in _AMOUNT_AT.finditer(text):
        if (at := m.start(2)) not in found:
            found[at] = Constraint(
                kind="rate", text=m.group(0), source=source, number=float(m.group(2)),
                subject=m.group(1),
            )  # fmt: skip
    for m in _RATE.finditer(text):
        at = m.start(1) if m.group(1) else m.start(2)
        if at in found:
            continue
        found[at] = Constraint(
            kind="rate", text=m.group(0), source=source,
            number=float(m.group(1) or m.group(2)), subject=_said_of(text, m.start()),
        )  # fmt: skip
    return found
