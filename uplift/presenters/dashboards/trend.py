"""The gap month by month, overall and per team, as the viewer may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uplift.analytics.performance.results import Scorecards, Segments
from uplift.analytics.performance.trend import Trend
from uplift.presenters.dashboards.formatting import (
    benchmark_or_none,
    change_text,
    finite_or_none,
    value_text,
)
from uplift.presenters.dashboards.scope import ALL_TEAMS, Analysis, Member


@dataclass(frozen=True)
class TrendView:
    team: str
    unit: str
    rows: list[dict[str, Any]]
    chart: dict[str, Any]


def trend_view(*, trend: Trend, team: str, currency: str = "") -> TrendView:
    """The star and core lines month by month for one team (or "all")."""
    unit = str(trend.unit)
    points = [p for p in trend.series if p.team == team]
    rows = [
        {
            "period": p.period,
            "star": value_text(p.star, unit, currency),
            "core": value_text(p.core, unit, currency),
            "gap": change_text(p.gap_pct),
            "n_star": p.n_star,
            "n_core": p.n_core,
        }
        for p in points
    ]
    chart = {
        "kind": "lines",
        "unit": unit,
        "currency": currency,
        "labels": [p.period for p in points],
        "series": [
            {"key": "star", "label": "Stars", "values": [p.star for p in points]},
            {"key": "core", "label": "Core", "values": [p.core for p in points]},
        ],
    }
    return TrendView(team=team, unit=unit, rows=rows, chart=chart)


def trend_teams(*, segments: Segments, trend: Trend, rep_ids: set[str]) -> list[str]:
    """Teams whose trend the viewer may see: those whose every ranked rep is in their scope."""
    members: dict[str, set[str]] = {}
    for rep in segments.reps:
        members.setdefault(rep.rep.team or "(no team)", set()).add(rep.rep.rep_id)
    teams = {p.team for p in trend.series} - {ALL_TEAMS}
    return sorted(t for t in teams if t in members and members[t] <= rep_ids)


def my_trend(
    *,
    cards: Scorecards,
    trend: Trend,
    crm_user_id: str,
    band: str | None,
    currency: str,
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The rep's monthly primary metric against the organisation's star and core lines: win
    rate, or bookings in currency units."""
    unit = str(trend.unit)
    monthly = {r.period: r for r in cards.monthly if crm_user_id and r.rep.rep_id == crm_user_id}
    points = [p for p in trend.series if p.team == ALL_TEAMS]
    mine, star, core = [], [], []
    for p in points:
        own_row = monthly.get(p.period)
        closed = bool(own_row and own_row.values.get("deals_closed"))
        if own_row and closed:
            own = (
                own_row.values.get("win_rate")
                if trend.metric == "win_rate"
                else own_row.in_units("bookings_cents")
            )
            mine.append(finite_or_none(own))
        else:
            mine.append(None)
        star.append(benchmark_or_none(p.star, p.n_star, closed and band == "star"))
        core.append(benchmark_or_none(p.core, p.n_core, closed and band == "core"))
    rows = [
        {
            "period": p.period,
            "mine": value_text(a, unit, currency),
            "star": value_text(b, unit, currency),
            "core": value_text(c, unit, currency),
        }
        for p, a, b, c in zip(points, mine, star, core, strict=True)
    ]
    chart = {
        "kind": "lines",
        "unit": unit,
        "currency": currency,
        "labels": [p.period for p in points],
        "series": [
            {"key": "me", "label": "You", "values": mine},
            {"key": "star", "label": "Star benchmark", "values": star},
            {"key": "core", "label": "Core average", "values": core},
        ],
    }
    return rows, chart


def trend_for_viewer(*, analysis: Analysis, people: list[Member], team: str) -> TrendView | None:
    """The gap trend of one team the viewer may see (or of everyone); None for any other team."""
    segments, trend = analysis.segments, analysis.trend
    rep_ids = {m.crm_user_id for m in people if m.crm_user_id}
    if team != ALL_TEAMS and team not in trend_teams(
        segments=segments, trend=trend, rep_ids=rep_ids
    ):
        return None
    return trend_view(trend=trend, team=team, currency=analysis.currency)
