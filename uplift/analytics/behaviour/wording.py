"""Behaviour numbers as people read them: ``2.31``, ``74%``, ``12.5 days``, ``q = 0.62``."""

from __future__ import annotations

import math

from uplift.analytics.behaviour.catalogue import Unit


def number(value: float | None, unit: Unit) -> str:
    """A value in its unit: 2.31 per opportunity, 74% for a fraction, 12.5 days."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if unit == "fraction":
        return f"{100 * value:.0f}%"
    if unit == "days":
        return f"{value:.1f} days"
    return f"{value:.2f}"


def signed(value: float, unit: Unit) -> str:
    """A difference in its unit: +0.52 per opportunity, -4.1 points, +1.8 days."""
    if unit == "fraction":
        return f"{100 * value:+.1f} points"
    if unit == "days":
        return f"{value:+.1f} days"
    return f"{value:+.2f} per opportunity"


def q_text(q_value: float) -> str:
    """``q < 0.001``, ``q = 0.012``, ``q = 0.62``."""
    if q_value < 0.001:
        return "q < 0.001"
    if q_value < 0.1:
        return f"q = {q_value:.2g}"
    return f"q = {q_value:.2f}"


def ordinal(value: float) -> str:
    """A percentile as people say it, rounded half up: 92.5 -> ``93rd``, 11 -> ``11th``.

    The one way percentiles are written everywhere (pages, drafts' evidence, the CLI), so a
    star's standing reads the same wherever it is shown."""
    whole = math.floor(value + 0.5)
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"
