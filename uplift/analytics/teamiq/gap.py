"""Gap closure over time: the star-core gap month by month and whether it is closing.

Reads the performance analysis' monthly trend (:mod:`uplift.analytics.performance.trend`: today's
stars and core, pooled per month, per team and for everyone) and adds, per team:

- the core's result as a share of the stars' each month (``core_to_star``);
- the straight-line trend of the gap (``gap_pct``) over the months that have one, in points
  per month, with a 95% t interval (ordinary least squares; at least four months needed);
- a plain reading: "closing" when the whole interval is below zero, "widening" when above,
  otherwise "no clear change".

Monthly gaps on a small team rest on a few deals, so the intervals are wide and say so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from uplift.analytics.performance.formatting import finite_or_none
from uplift.analytics.teamiq.components import results_level
from uplift.analytics.teamiq.inputs import ResultsMetric, ResultsRecord

MIN_MONTHS = 4
Direction = Literal["closing", "widening", "no clear change", "too few months"]


@dataclass(frozen=True)
class GapMonth:
    team: str
    period: str
    star: float | None
    core: float | None
    gap_pct: float | None
    n_star: int
    n_core: int

    @property
    def core_to_star(self) -> float | None:
        if self.star is None or self.core is None or self.star == 0:
            return None
        return self.core / self.star

    @classmethod
    def from_trend(cls, row: Mapping[str, Any]) -> GapMonth:
        """A point of the stored trend (``Trend.to_dict()["series"]``)."""
        return cls(
            str(row["team"]),
            str(row["period"]),
            finite_or_none(row.get("star")),
            finite_or_none(row.get("core")),
            finite_or_none(row.get("gap_pct")),
            int(row.get("n_star") or 0),
            int(row.get("n_core") or 0),
        )


@dataclass(frozen=True)
class GapClosure:
    team: str
    months: tuple[GapMonth, ...]
    first_gap: float | None
    last_gap: float | None
    slope: float | None  # change of gap_pct per month
    slope_low: float | None
    slope_high: float | None
    months_used: int
    direction: Direction

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            n = finite_or_none(v)
            return None if n is None else round(n, 5)

        return {
            "team": self.team,
            "first_gap_pct": r(self.first_gap),
            "last_gap_pct": r(self.last_gap),
            "slope_per_month": r(self.slope),
            "slope_ci": [r(self.slope_low), r(self.slope_high)],
            "months_used": self.months_used,
            "direction": self.direction,
            "months": [
                {
                    "period": m.period,
                    "star": m.star,
                    "core": m.core,
                    "gap_pct": m.gap_pct,
                    "core_to_star": r(m.core_to_star),
                    "n_star": m.n_star,
                    "n_core": m.n_core,
                }
                for m in self.months
            ],
        }


def linear_trend(
    values: list[float | None], confidence: float = 0.95
) -> tuple[float | None, float | None, float | None, int]:
    """Slope of ``values`` against their position (0, 1, …; None skipped) with its t interval;
    (None, None, None, n) with fewer than :data:`MIN_MONTHS` values."""
    points = [(i, v) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    n = len(points)
    if n < MIN_MONTHS:
        return None, None, None, n
    import numpy as np  # here: reading a stored series needs no statistics
    from scipy import stats

    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    sxx = float(((x - x.mean()) ** 2).sum())
    slope = float(((x - x.mean()) * (y - y.mean())).sum() / sxx)
    residuals = y - (y.mean() + slope * (x - x.mean()))
    se = math.sqrt(float((residuals**2).sum()) / (n - 2) / sxx)
    t = float(stats.t.ppf(0.5 + confidence / 2, n - 2))
    return slope, slope - t * se, slope + t * se, n


def gap_closure(trend_series: Iterable[Mapping[str, Any]]) -> list[GapClosure]:
    """Per team (``"all"`` first, as in the trend), the monthly gap and its straight-line trend."""
    by_team: dict[str, list[GapMonth]] = {}
    for row in trend_series:
        month = GapMonth.from_trend(row)
        by_team.setdefault(month.team, []).append(month)
    found = []
    for team, months in by_team.items():
        gaps = [m.gap_pct for m in months]
        slope, low, high, used = linear_trend(gaps)
        present = [g for g in gaps if g is not None]
        direction: Direction
        if slope is None or low is None or high is None:
            direction = "too few months"
        elif high < 0:
            direction = "closing"
        elif low > 0:
            direction = "widening"
        else:
            direction = "no clear change"
        found.append(
            GapClosure(
                team,
                tuple(months),
                present[0] if present else None,
                present[-1] if present else None,
                slope,
                low,
                high,
                used,
                direction,
            )
        )
    return found


def monthly_gap_rows(
    records: Iterable[ResultsRecord], months: Sequence[date], metric: ResultsMetric
) -> list[dict[str, Any]]:
    """The star and core result per month, for everyone (``"all"``) and per team, shaped like
    the performance trend's points (same pooled definition: wins over closed deals, or bookings
    per rep with a closed deal)."""
    rows = list(records)
    teams = sorted({r.team for r in rows})
    # Each scope's records by month, gathered once (hundreds of teams, twelve months).
    by_scope: dict[tuple[str, date], list[ResultsRecord]] = defaultdict(list)
    for record in rows:
        by_scope["all", record.month].append(record)
        if record.team != "all":
            by_scope[record.team, record.month].append(record)
    found = []
    for team in ("all", *teams):
        for month in months:
            level = results_level(by_scope.get((team, month), []), {month}, metric)
            found.append(
                {
                    "team": team,
                    "period": month.strftime("%Y-%m"),
                    "star": level.parts["star"],
                    "core": level.parts["core"],
                    "gap_pct": level.parts["gap_pct"],
                    "n_star": level.n["stars"],
                    "n_core": level.n["core"],
                }
            )
    return found
