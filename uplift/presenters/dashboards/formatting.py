"""Numbers the way people read them on the performance pages."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from uplift.analytics.performance.formatting import money
from uplift.analytics.performance.gap import GAP_METRICS, GapSpec
from uplift.analytics.performance.results import ScorecardRow

# A rep's page shows group numbers only when at least this many other reps are behind them.
MIN_OTHER_REPS = 2

SPECS: dict[str, GapSpec] = {spec.metric: spec for spec in GAP_METRICS}


_FORMATS: dict[str, Callable[[float, str], str]] = {
    "fraction": lambda v, _c: f"{v * 100:.1f}%",
    "currency": lambda v, c: money(v * 100, c),
    "days": lambda v, _c: f"{v:.0f} days",
    "index": lambda v, _c: f"{v:.2f}",
}


def value_text(value: float | None, unit: str, currency: str = "") -> str:
    """A metric value in its unit: fractions as percentages, money compact, days as days."""
    if value is None or not math.isfinite(value):
        return "—"
    if unit in _FORMATS:
        return _FORMATS[unit](value, currency)
    if unit == "count" and float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def change_text(fraction: float | None) -> str:
    """A relative difference (0.68) as "+68%"."""
    if fraction is None or not math.isfinite(fraction):
        return "—"
    points = round(fraction * 100)
    return "0%" if points == 0 else f"{points:+d}%"  # never "-0%"


def probability_text(p: float | None) -> str:
    """A probability that never claims certainty: "93%", ">99%", "<1%"."""
    if p is None:
        return "—"
    if p > 0.99:
        return ">99%"
    if p < 0.01:
        return "<1%"
    return f"{p * 100:.0f}%"


def finite_or_none(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def as_stored(value: float) -> float | None:
    """A number of a result class as its snapshot holds it, for chart data: a stored null reads
    back as NaN (`uplift.analytics.performance.formatting.stored_number`) and is null again."""
    return None if isinstance(value, float) and math.isnan(value) else value


def metric_value(row: ScorecardRow, spec: GapSpec) -> float | None:
    """A scorecard row's value of a gap metric, in the gap's units (money in currency units)."""
    value = finite_or_none(row.values.get(spec.column))
    if value is not None and spec.unit == "currency":
        value /= 100
    return value


def mean_or_none(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


METRIC_LABELS = {
    "attainment": "quota attainment",
    "bookings": "bookings",
    "win_rate": "win rate",
    "avg_deal": "average won deal",
    "composite": "the composite",
}
METRIC_UNITS = {"attainment": "fraction", "win_rate": "fraction", "composite": "index"}


def metric_label(metric: str) -> str:
    """The primary metric in words, lower case: "bookings", "quota attainment"."""
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def metric_unit(metric: str) -> str:
    """The unit of the primary metric's raw value in a segments snapshot."""
    return METRIC_UNITS.get(metric, "currency")


def benchmark_or_none(value: Any, n: int, includes_me: bool) -> float | None:
    """A group average, or None when fewer than MIN_OTHER_REPS others are behind it."""
    others = n - (1 if includes_me else 0)
    return finite_or_none(value) if others >= MIN_OTHER_REPS else None
