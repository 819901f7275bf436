"""Gap closure against a target: how much of the star-core gap a scope has closed since a day,
and whether that keeps to the share it set out to close.

Reads the scope's monthly gap (rows shaped as :func:`.gap.monthly_gap_rows` writes them, pooled as
the performance trend) from the month of ``start`` on and fits the straight line of the gap over
those months, as :func:`.gap.gap_closure` does (ordinary least squares, at least
:data:`.gap.MIN_MONTHS` months, a 95% t interval on the slope). With ``k`` the months since the
start month and the line ``gap(k) = level + slope * k``, the share of the gap at the start closed
by month ``k`` is

    closed(k) = -slope * k / level

and its interval is the slope's carried through the same formula (the level at the start is taken
as known, so the interval leaves out its own, smaller, uncertainty). The target path runs straight
from 0 at the start month to ``target_fraction`` at ``target_by``.

This is a trend alongside an initiative, not its effect: the gap moves with the market, the deal
mix and who is a star as well. Pages label it a correlation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy import stats

from uplift.analytics.performance.formatting import finite_or_none
from uplift.analytics.teamiq.gap import MIN_MONTHS


@dataclass(frozen=True)
class ClosureMonth:
    period: str  # "2026-03"
    gap_pct: float | None  # the month's gap, star / core - 1
    closed: float | None  # share of the gap at the start closed that month: 1 - gap / level
    fitted: float | None  # the straight line's share closed
    target: float  # where the target path is by the end of the month


@dataclass(frozen=True)
class Closure:
    start: date
    target_fraction: float
    target_by: date
    months: tuple[ClosureMonth, ...]
    level: float | None  # the line's gap at the start month
    slope: float | None  # change of the gap per month
    months_used: int
    value: float | None  # share of the gap at the start closed by the last month
    low: float | None
    high: float | None
    target_to_date: float  # the target path at the last month
    reading: str

    def to_dict(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            found = finite_or_none(value)
            return None if found is None else round(found, 4)

        return {
            "value": r(self.value),
            "ci": [r(self.low), r(self.high)],
            "target_fraction": self.target_fraction,
            "target_by": self.target_by.isoformat(),
            "target_to_date": r(self.target_to_date),
            "level_at_start": r(self.level),
            "slope_per_month": r(self.slope),
            "months_used": self.months_used,
            "reading": self.reading,
            "months": [
                {
                    "period": m.period,
                    "gap_pct": r(m.gap_pct),
                    "closed": r(m.closed),
                    "fitted": r(m.fitted),
                    "target": r(m.target),
                }
                for m in self.months
            ],
        }


def _month_index(period: str, start: date) -> int:
    year, month = (int(part) for part in period.split("-")[:2])
    return (year - start.year) * 12 + month - start.month


def _line(
    points: list[tuple[int, float]], confidence: float
) -> tuple[float, float, float, float] | None:
    """Intercept at 0, slope and the slope's t interval; None with too few points."""
    if len(points) < MIN_MONTHS:
        return None
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    sxx = float(((x - x.mean()) ** 2).sum())
    if sxx == 0:
        return None
    slope = float(((x - x.mean()) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * x.mean())
    residuals = y - (intercept + slope * x)
    se = math.sqrt(float((residuals**2).sum()) / (len(points) - 2) / sxx)
    t = float(stats.t.ppf(0.5 + confidence / 2, len(points) - 2))
    return intercept, slope, slope - t * se, slope + t * se


def _reading(value: float | None, low: float | None, high: float | None, target: float) -> str:
    if value is None or low is None or high is None:
        return "not measured yet"
    if high < 0:
        return "widening: the gap grew since the start"
    if low > target:
        return "ahead of the target path"
    if high < target:
        return "behind the target path"
    return "no clear difference from the target path (its interval includes it)"


def closure_against_target(
    rows: Iterable[Mapping[str, Any]],
    *,
    start: date,
    target_fraction: float,
    target_by: date,
    confidence: float = 0.95,
) -> Closure:
    """The share of the gap closed since ``start`` (rows of one scope, month by month)."""
    months = sorted(
        ((_month_index(str(row["period"]), start), row) for row in rows),
        key=lambda item: item[0],
    )
    months = [(k, row) for k, row in months if k >= 0]
    target_months = max(1, _month_index(target_by.strftime("%Y-%m"), start))

    def target_at(k: int) -> float:
        return target_fraction * min(1.0, k / target_months)

    points = [
        (k, float(gap))
        for k, row in months
        if (gap := finite_or_none(row.get("gap_pct"))) is not None
    ]
    line = _line(points, confidence)
    level = slope = low_slope = high_slope = None
    if line is not None and line[0] > 0:
        level, slope, low_slope, high_slope = line
    last = months[-1][0] if months else 0
    value = low = high = None
    if level is not None and slope is not None and low_slope is not None and high_slope is not None:
        value = -slope * last / level
        low, high = -high_slope * last / level, -low_slope * last / level
    shown = []
    for k, row in months:
        gap = finite_or_none(row.get("gap_pct"))
        shown.append(
            ClosureMonth(
                period=str(row["period"]),
                gap_pct=gap,
                closed=None if level is None or gap is None else 1 - gap / level,
                fitted=None if level is None or slope is None else -slope * k / level,
                target=target_at(k),
            )
        )
    target_now = target_at(last)
    reading = _reading(value, low, high, target_now)
    if line is None:
        reading = f"too few months since the start (at least {MIN_MONTHS} with a gap)"
    elif level is None:
        reading = "no gap to close at the start"
    return Closure(
        start=start,
        target_fraction=target_fraction,
        target_by=target_by,
        months=tuple(shown),
        level=level,
        slope=slope,
        months_used=len(points),
        value=value,
        low=low,
        high=high,
        target_to_date=target_now,
        reading=reading,
    )
