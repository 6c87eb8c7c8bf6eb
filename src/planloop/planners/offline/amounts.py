"""Amounts of money as data points hold them ("$50k", "EUR 2,000") and as plans write them."""

from __future__ import annotations

import re


def parse_money(value: str) -> tuple[str, float] | None:
    """``("$", 50000.0)`` for ``"$50k"``; ``("USD ", ...)`` style prefixes for codes."""
    m = re.search(r"[0-9][0-9,]{0,20}(?:\.[0-9]{1,4})?", value)
    if not m:
        return None
    amount = float(m.group(0).replace(",", ""))
    rest = value[m.end() :].strip().lower()
    for word, factor in (
        ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("bn", 1e9),
        ("mm", 1e6), ("k", 1e3), ("m", 1e6), ("b", 1e9),
    ):  # fmt: skip
        if re.match(rf"{word}\b", rest):
            amount *= factor
            break
    symbol = next((c for c in value if c in "$€£¥"), "")
    lowered = value.lower()
    if not symbol and "dollar" in lowered:
        symbol = "$"
    elif not symbol and "euro" in lowered:
        symbol = "€"
    elif not symbol:
        code = re.search(r"\b[A-Za-z]{3}\b", value)
        symbol = (code.group(0).upper() + " ") if code else ""
    return symbol, amount


def format_money(symbol: str, amount: float) -> str:
    """``$12,500`` (whole units, thousands separated)."""
    return f"{symbol}{amount:,.0f}"
