"""Amounts of money as people write them: "£3k", "EUR 12,000", "8.000 €", "40 euros",
Swiss "2'000"; and a unit word's singular ("guests" → "guest")."""

from __future__ import annotations

import re

from planloop.constraints.model import Money

# Thousands grouped by commas or apostrophes ("9,500", Swiss "2'000"), or by dots with a
# decimal comma ("8.000 €", "1.250,50"): an amount has at most two decimals, so three
# digits after a dot are thousands.
_NUM = (
    r"[0-9]{1,3}(?:[,'’][0-9]{3}){1,3}(?:\.[0-9]{1,2})?"
    r"|[0-9]{1,3}(?:\.[0-9]{3}){1,3}(?:,[0-9]{1,2})?(?![0-9])"
    r"|[0-9]{1,15}(?:\.[0-9]{1,2})?"
)
_SCALE = r"(?:k|m|thousand|million)\b"
_PRE = r"(?:US|CA|A)?[$€£¥]|\b(?:USD|EUR|GBP|CHF)\s?"
_POST = r"€|\$|£|\b(?:euros?|dollars?|pounds?|EUR|USD|GBP|CHF)\b"
MONEY = re.compile(
    # a whole number, never its first digits (found as a user: a 29-digit budget was read
    # as its first 9 here, its first 12 in the data points)
    rf"(?P<pre>{_PRE})\s?(?P<num>{_NUM})(?![0-9])\s?(?P<scale>{_SCALE})?"
    rf"|(?<![\w.,])(?P<num2>{_NUM})(?![0-9])\s?(?P<scale2>{_SCALE})?\s?(?P<post>{_POST})",
    re.IGNORECASE,
)


def _amount(raw: str) -> float:
    """ "9,500", "2'000", "8.000", "1.250,50", "7,250.50" → the number they write."""
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?", raw):
        return float(raw.replace(".", "").replace(",", "."))
    return float(re.sub(r"[,'’]", "", raw))


def money_of(m: re.Match[str]) -> Money:
    amount = _amount(m.group("num") or m.group("num2"))
    scale = (m.group("scale") or m.group("scale2") or "").lower()
    amount *= {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get(scale, 1)
    sign = (m.group("pre") or m.group("post") or "").strip()
    symbol = {
        "eur": "€",
        "euro": "€",
        "euros": "€",
        "usd": "$",
        "dollar": "$",
        "dollars": "$",
        "gbp": "£",
        "pound": "£",
        "pounds": "£",
    }.get(sign.lower(), sign)
    if symbol.endswith("$") and len(symbol) > 1:
        symbol = "$"
    if symbol and symbol[0].isalpha():
        symbol += " "
    return Money(amount=amount, currency=symbol)


def singular(word: str) -> str:
    w = word.lower()
    if w == "people":
        return "person"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


# A cap said as what must not be passed: "the patio must not cost more than £4,000",
# "flights must not exceed €1,800" (found by a new user's trial: read as nothing, and the
# flights' line went over the cap) are "at most", as "must cost less than" is.
_NOT_OVER = re.compile(
    r"\s(?:must|should|can|may|will|shall|does|do)(?:\snot|n['’]t)\s"
    r"(?:(?:cost|be|come\sto|add\sup\sto)\s(?:more\sthan|over|above)|exceed|go\sover"
    r"|run\sover|pass|top)\s?(?=(?:about\s|around\s)?$)",
    re.I,
)


# "no hotels above £120 a night": hotels at most £120 a night (found as a user: a cap on
# all spending each night)
_NONE_ABOVE = re.compile(
    r"\bno\s([a-z]{3,20})\s(?:above|over|costing\smore\sthan|more\sthan)\s?(?=(?:about\s)?$)",
    re.I,
)


def words_before(text: str, start: int, width: int = 60) -> str:
    """About ``width`` characters before ``start``, from a word's beginning (a new user's
    trial: a budget was said as "orkshop for 40 teenagers in Lisbon … on a €2,000")."""
    at = max(0, start - width)
    while 0 < at < start and text[at - 1].isalnum():
        at += 1
    return text[at:start]


def context_of(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence before an amount, the clause before it, and the words after it."""
    before = words_before(text, start)
    before = _NOT_OVER.sub(" at most ", re.split(r"[.;!?\n]", before)[-1])
    before = _NONE_ABOVE.sub(r"\1 at most ", before)
    return before, clause_before(before), text[end : end + 30]


def clause_before(before: str) -> str:
    """The clause of the words before an amount."""
    before = re.split(r"[.;!?\n]", before)[-1]
    # a dash sets a clause off too: "… by 15 March 2027 - budget £300" (a trial's budget
    # was said as "nt plot ready for spring planting by 15 March 2027 - budget £300")
    return re.split(r",\s(?:and\s|but\s)?|\s(?:and|but|with)\s|\s[-–—]\s", before)[-1]
