"""Percentiles and the small summaries the report prints."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p90": percentile(values, 90),
        "p99": percentile(values, 99),
        "max": max(values) if values else math.nan,
    }


def median_spread(per_round: Sequence[float]) -> tuple[float, float, float]:
    """Median of per-round figures, with their min and max."""
    vals = [v for v in per_round if not math.isnan(v)]
    if not vals:
        return math.nan, math.nan, math.nan
    return statistics.median(vals), min(vals), max(vals)


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "n/a"
    value = seconds * 1000
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def ms_spread(per_round: Sequence[float]) -> str:
    """``2.31 ms (2.10-2.52)``: median of rounds and the spread, or one figure for one round."""
    med, lo, hi = median_spread(per_round)
    if len(per_round) <= 1:
        return f"{ms(med)} ms"
    return f"{ms(med)} ms ({ms(lo)}–{ms(hi)})"
