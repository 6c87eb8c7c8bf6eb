"""Money kept back from the budget as a contingency, said as an amount or a share: "keep
£1,000 back for surprises", "keep 10 percent as contingency", "a 15% buffer", "contingency
of £2,000". Found by a new user's trial: "Raise the budget to £13,500 and keep 10 percent
as contingency" gave a 15% contingency and a "growth target of 10 percent", and "Keep
£1,000 back for surprises" was read as nothing. Read as a constraint of kind "reserve":
its money, or its share as ``number`` (percent)."""

from __future__ import annotations

import re

from planloop.constraints.amounts import MONEY, money_of
from planloop.constraints.model import Constraint
from planloop.terms import clean

_SHARE = r"(?P<pct>[0-9]{1,2}(?:\.[0-9])?)\s?(?:%|percent|per\scent)"
_AMOUNT = r"(?P<amount>(?:[$€£¥]|USD\s|EUR\s|GBP\s)[0-9][0-9,]*(?:\.[0-9]+)?k?)"
_FOR = (
    r"(?:contingency|a\scontingency|surprises|the\sunexpected|emergencies|a\sbuffer|buffer"
    r"|a\srainy\sday|overruns|extras)"
)
# "keep 10 percent as contingency", "keep £1,000 back for surprises", "set aside 10%"
_KEPT = re.compile(
    r"\b(?:keep|hold|set|put|leave|reserve)\s(?:back\s|aside\s)?(?:about\s|around\s)?"
    rf"(?:{_SHARE}|{_AMOUNT})(?:\sof\s(?:it|the\sbudget))?\s(?:back\s|aside\s|spare\s)?"
    rf"(?:(?:as|for)\s{_FOR}\b)?",
    re.I,
)
# "a 10% contingency", "contingency of £2,000", "the contingency should be 10%"
_NAMED = re.compile(
    rf"\b(?:an?\s(?:{_SHARE}|{_AMOUNT})\s(?:contingency|buffer)"
    r"|contingency\s(?:of|at|is|should\sbe|must\sbe|to\sbe|of\sabout)\s"
    rf"(?:{_SHARE.replace('pct', 'pct2')}|{_AMOUNT.replace('amount', 'amount2')}))",
    re.I,
)


def read_reserves(text: str, source: str, taken: bytearray) -> list[Constraint]:
    """The money kept back that ``text`` says; marks its amounts ``taken`` (no budget)."""
    found: list[Constraint] = []
    for pattern in (_NAMED, _KEPT):
        for m in pattern.finditer(text):
            if pattern is _KEPT and not re.search(rf"\b{_FOR}\b|\bback\b|\baside\b", m[0], re.I):
                continue  # "keep 10% of the members": no money kept back
            pct = m.groupdict().get("pct") or m.groupdict().get("pct2")
            said = m.groupdict().get("amount") or m.groupdict().get("amount2")
            money = MONEY.fullmatch(said) if said else None
            if pct is None and money is None:
                continue
            if taken[m.start()]:
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            found.append(
                Constraint(
                    kind="reserve", text=clean(m[0]), source=source,
                    money=money_of(money) if money else None,
                    number=float(pct) if pct else None, unit="%" if pct else "",
                )
            )  # fmt: skip
    return found
