"""The star-core gap month by month, for the whole organisation and per team.

Bands are held fixed as of ``as_of``: a rep is a star in every month of the trend if they are
one now, so the trend shows how today's stars and core have diverged or converged, not how the
bands were drawn each month. Each month, on the primary metric:

- win rate: the group's wins over the group's closed deals that month (pooled, so a rep with
  many deals weighs more than one with few; per-rep monthly rates are too noisy to average);
- bookings (and composite): the group's bookings that month over the group's reps with at
  least one closed deal that month (currency units);
- attainment: the group's bookings over the group's quota that month (pooled);
- average won deal: the group's bookings over its wins that month.

``gap_pct`` = star/core - 1; months or teams without a star or without a core rep with a closed
deal have ``null`` values. Raw values, not mix-adjusted: a team's gap moves with its mix too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.config import PrimaryMetric
from uplift.analytics.performance.formatting import finite_or_none
from uplift.analytics.performance.results import ScorecardRow, Segments

ALL_TEAMS = "all"
NO_TEAM = "(no team)"


@dataclass(frozen=True)
class TrendPoint:
    """One month of the gap for one team (or ``"all"``); ``n_star``/``n_core`` count the reps
    of each band with a closed deal that month."""

    period: str
    period_start: date
    period_end: date
    team: str
    star: float | None
    core: float | None
    gap_pct: float | None
    n_star: int
    n_core: int

    def to_dict(self) -> dict[str, Any]:
        """Keys: period ("2026-10"), period_start, period_end, team ("all" or the team's name),
        star, core, gap_pct, n_star, n_core."""
        return {
            "period": self.period,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "team": self.team,
            "star": finite_or_none(self.star),
            "core": finite_or_none(self.core),
            "gap_pct": finite_or_none(self.gap_pct),
            "n_star": self.n_star,
            "n_core": self.n_core,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrendPoint:
        return cls(
            period=data["period"],
            period_start=date.fromisoformat(data["period_start"]),
            period_end=date.fromisoformat(data["period_end"]),
            team=data["team"],
            star=data.get("star"),
            core=data.get("core"),
            gap_pct=data.get("gap_pct"),
            n_star=data["n_star"],
            n_core=data["n_core"],
        )


@dataclass(frozen=True)
class Trend:
    """The monthly gap series: the organisation first, then each team alphabetically."""

    as_of: date
    window: Window
    metric: PrimaryMetric
    unit: str
    series: tuple[TrendPoint, ...]

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, metric, unit ("fraction" or "currency"), series."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "metric": self.metric,
            "unit": self.unit,
            "series": [point.to_dict() for point in self.series],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Trend:
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            window=Window.from_dict(data["window"]),
            metric=data["metric"],
            unit=data["unit"],
            series=tuple(TrendPoint.from_dict(point) for point in data.get("series") or ()),
        )


@dataclass
class _Tally:
    reps: int = 0
    closed: int = 0
    won: int = 0
    bookings_cents: int = 0
    quota_cents: float = 0.0

    def add(self, row: ScorecardRow) -> None:
        closed = int(row.values["deals_closed"] or 0)
        if closed == 0:
            return
        self.reps += 1
        self.closed += closed
        self.won += int(row.values["deals_won"] or 0)
        self.bookings_cents += int(row.values["bookings_cents"] or 0)
        self.quota_cents += float(row.values.get("quota_cents") or 0)

    def value(self, metric: PrimaryMetric) -> float | None:
        if self.reps == 0:
            return None
        if metric == "win_rate":
            return self.won / self.closed
        if metric == "avg_deal":
            return self.bookings_cents / self.won / 100 if self.won else None
        if metric == "attainment":
            return self.bookings_cents / self.quota_cents if self.quota_cents else None
        return self.bookings_cents / self.reps / 100


def trend_analysis(
    segments: Segments, monthly: list[ScorecardRow], *, window: Window, metric: PrimaryMetric
) -> Trend:
    """The gap per month of ``window`` and per team, from the ranked reps' monthly scorecards."""
    band = {(r.rep.source, r.rep.rep_id): r.segment for r in segments.reps}
    team_of = {(r.rep.source, r.rep.rep_id): r.rep.team or NO_TEAM for r in segments.reps}
    tallies: dict[tuple[str, str, str], _Tally] = defaultdict(_Tally)
    for row in monthly:
        key = (row.rep.source, row.rep.rep_id)
        group = band.get(key)
        if group not in {"star", "core"}:
            continue
        for team in (ALL_TEAMS, team_of[key]):
            tallies[(row.period, team, str(group))].add(row)
    teams = [ALL_TEAMS, *sorted(set(team_of.values()))]
    points = []
    for team in teams:
        for period in window.periods("month"):
            star = tallies.get((period.label, team, "star"), _Tally())
            core = tallies.get((period.label, team, "core"), _Tally())
            s, c = star.value(metric), core.value(metric)
            gap = s / c - 1 if s is not None and c else None
            points.append(
                TrendPoint(
                    period.label, period.start, period.end, team, s, c, gap, star.reps, core.reps
                )
            )
    unit = "fraction" if metric in {"win_rate", "attainment"} else "currency"
    return Trend(segments.as_of, window, metric, unit, tuple(points))
