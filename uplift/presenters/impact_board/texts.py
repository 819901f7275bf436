"""Impact numbers as people read them: effects in points or money, intervals, readings."""

from __future__ import annotations

import math
from typing import Any

from uplift.analytics.performance.formatting import money

READING_STYLES = {
    "likely positive": "success",
    "likely negative": "danger",
    "no effect detected": "secondary",
    "too early to say": "secondary",
    "pre-trends differ: treat with caution": "warning",
}
METRIC_NAMES = {"win_rate": "Win rate", "bookings": "Bookings per month"}


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def effect_text(value: Any, metric: str, currency: str = "") -> str:
    """+6.2 pts (win rate, a fraction), +$1.2k (bookings per adopter and month)."""
    number = _finite(value)
    if number is None:
        return "—"
    if metric == "win_rate":
        return f"{number * 100:+.1f} pts"
    sign = "+" if number >= 0 else "-"
    return f"{sign}{money(abs(number) * 100, currency)}"


def interval_text(ci: Any, metric: str, currency: str = "") -> str:
    low, high = (ci or [None, None])[:2]
    if _finite(low) is None or _finite(high) is None:
        return "—"
    return f"{effect_text(low, metric, currency)} to {effect_text(high, metric, currency)}"


def value_text(value: Any, unit: str, currency: str = "") -> str:
    """A credited value: money, or won deals."""
    number = _finite(value)
    if number is None:
        return "—"
    if unit == "currency":
        return money(number * 100, currency)
    return f"{number:,.1f} won deals"


def value_interval_text(ci: Any, unit: str, currency: str = "") -> str:
    low, high = (ci or [None, None])[:2]
    if _finite(low) is None or _finite(high) is None:
        return "—"
    if unit != "currency":
        return f"{float(low):,.1f} to {float(high):,.1f}"
    return f"{value_text(low, unit, currency)} to {value_text(high, unit, currency)}"


def index_text(value: Any) -> str:
    number = _finite(value)
    return "—" if number is None else f"{number:.1f}"


def share_text(value: Any) -> str:
    number = _finite(value)
    return "—" if number is None else f"{number * 100:.0f}%"
