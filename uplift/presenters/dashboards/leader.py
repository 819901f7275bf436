"""The leader's dashboard: bands, ranks, the gap, the opportunity, the headline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from uplift.presenters.dashboards.formatting import (
    metric_label,
    metric_unit,
    probability_text,
    value_text,
)
from uplift.presenters.dashboards.gap import (
    GapRow,
    OpportunityValue,
    gap_chart,
    gap_rows,
    missing_sources,
    opportunity_at,
)
from uplift.presenters.dashboards.scope import ALL_TEAMS, BANDS, EXCLUSION_LABELS, Analysis, Member
from uplift.presenters.dashboards.standing import LENS_LABELS, RepStanding, rep_standing
from uplift.presenters.dashboards.trend import TrendView, trend_teams, trend_view


@dataclass(frozen=True)
class RankedRep:
    person_id: int | None
    name: str
    team: str
    segment: str
    p_star: float
    rank: int
    rank_low: int
    rank_high: int
    raw: str
    index: str
    n: int
    why: str
    standing: RepStanding = field(default_factory=RepStanding)

    @property
    def p_star_text(self) -> str:
        return probability_text(self.p_star)


@dataclass(frozen=True)
class LeaderDashboard:
    as_of: str
    window: dict[str, str]
    metric_label: str
    currency: str
    bands: dict[str, Any]
    method: str
    reps: list[RankedRep]
    hidden_reps: int
    excluded: list[dict[str, Any]]
    excluded_counts: dict[str, int]
    gap_rows: list[GapRow]
    primary_gap: GapRow | None
    opportunity: OpportunityValue
    trend: TrendView
    trend_teams: list[str]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    definition: str = ""  # "Stars are the top 20% by bookings ... Chosen by default: ..."
    headline: str = ""  # the gap on the definition's metric, in words
    lenses: list[str] = field(default_factory=list)  # the lenses shown side by side
    disagreements: int = 0  # ranked reps (organisation-wide) whose lenses disagree sharply
    opportunity_formula: str = ""  # how the stored opportunity was computed
    missing: list[dict[str, str]] = field(default_factory=list)  # sources without data, why


def leader_dashboard(*, analysis: Analysis, people: list[Member]) -> LeaderDashboard:
    """Stars, core and tail with their evidence, the gap, its worth and its trend.

    Reps outside the viewer's part of the organisation are counted, not shown; the bands, the
    gap and the opportunity are organisation-wide (that is how they are computed)."""
    segments, gap = analysis.part("segments"), analysis.part("gap")
    currency = analysis.currency or str(gap.get("currency") or "")
    person_of = {m.crm_user_id: m.person_id for m in people if m.crm_user_id}
    raw_unit = metric_unit(segments["metric"])
    shown = [r for r in segments["reps"] if r["rep_id"] in person_of]
    order = list(segments.get("lenses") or [])
    reps = [
        RankedRep(
            person_of[r["rep_id"]],
            r.get("name") or r["rep_id"],
            r.get("team") or "—",
            r["segment"],
            r["p_star"],
            r["rank"],
            r["rank_low"],
            r["rank_high"],
            value_text(r["raw"], raw_unit, currency),
            value_text(r["adjusted"], "index"),
            r["n"],
            r["why"],
            rep_standing(r, order, currency),
        )
        for r in shown
    ]
    excluded = [
        {
            "name": e.get("name") or e["rep_id"],
            "team": e.get("team") or "—",
            "reason": EXCLUSION_LABELS.get(e["reason"], e["reason"]),
            "detail": "" if e["reason"] == "no_closed_deals" else e["detail"],
        }
        for e in segments.get("excluded", [])
        if e["rep_id"] in person_of
    ]
    counts = {
        EXCLUSION_LABELS.get(reason, reason): n
        for reason, n in (segments.get("excluded_counts") or {}).items()
    }
    rows = gap_rows(gap)
    primary = next((r for r in rows if r.metric == f"{segments['metric']}_index"), None)
    trend = analysis.part("trend")
    definition = segments.get("definition") or gap.get("definition") or {}
    return LeaderDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        metric_label=metric_label(segments["metric"]),
        currency=currency,
        bands=segments["bands"],
        method=segments["method"],
        reps=reps,
        hidden_reps=len(segments["reps"]) - len(shown),
        excluded=excluded,
        excluded_counts=counts,
        gap_rows=rows,
        missing=missing_sources(gap),
        primary_gap=primary,
        opportunity=opportunity_at(
            opportunity=gap["opportunity"],
            close_fraction=float(gap["opportunity"]["close_fraction"]),
        ),
        trend=trend_view(trend=trend, team=ALL_TEAMS, currency=currency),
        trend_teams=trend_teams(segments=segments, trend=trend, rep_ids=set(person_of)),
        charts={
            "ranks": ranks_chart(segments=segments, reps=shown),
            "index": index_chart(segments=segments, reps=shown, currency=currency),
            "gap": gap_chart(gap),
        },
        definition=str(definition.get("sentence") or ""),
        headline=str((gap.get("headline") or {}).get("sentence") or ""),
        lenses=[LENS_LABELS.get(name, name) for name in segments.get("lenses") or []],
        disagreements=int(segments.get("disagreements") or 0),
        opportunity_formula=str(gap["opportunity"].get("formula") or ""),
    )


def ranks_chart(*, segments: Mapping[str, Any], reps: list[dict[str, Any]]) -> dict[str, Any]:
    """Each rep's rank (1 = best) with its 90% interval, coloured by band, with the band cuts."""
    bands = segments["bands"]
    return {
        "kind": "ranks",
        "n": bands["n_ranked"],
        "cuts": [bands["n_star"] + 0.5, bands["n_star"] + bands["n_core"] + 0.5],
        "points": [
            {
                "label": r.get("name") or r["rep_id"],
                "rank": r["rank"],
                "low": r["rank_low"],
                "high": r["rank_high"],
                "band": r["segment"],
                "p_star": r["p_star"],
            }
            for r in reps
        ],
    }


def index_chart(
    *, segments: Mapping[str, Any], reps: list[dict[str, Any]], currency: str
) -> dict[str, Any]:
    """Raw metric against the shrunk mix-adjusted index: why a high raw number is not always a
    star (an easy mix) and a modest one can be (a hard mix)."""
    raw_unit = metric_unit(segments["metric"])
    label = metric_label(segments["metric"])
    return {
        "kind": "scatter",
        "currency": currency,
        "x": {"label": f"Raw {label}", "unit": raw_unit},
        "y": {"label": "Mix-adjusted index, shrunk (1.0 = as expected)", "unit": "index"},
        "points": [
            {
                "label": r.get("name") or r["rep_id"],
                "x": r["raw"],
                "y": r["adjusted"],
                "band": r["segment"],
            }
            for r in reps
        ],
    }


@dataclass(frozen=True)
class Headline:
    """The few numbers a home page shows, with a link to the page behind them."""

    as_of: str
    metric_label: str
    bands: dict[str, int]  # organisation-wide
    bands_in_scope: dict[str, int]  # among the people given
    gap: str
    interval: str
    opportunity: OpportunityValue


def headline(*, analysis: Analysis, people: list[Member]) -> Headline:
    segments, gap = analysis.part("segments"), analysis.part("gap")
    ids = {m.crm_user_id for m in people if m.crm_user_id}
    rows = gap_rows(gap)
    primary = next((r for r in rows if r.metric == f"{segments['metric']}_index"), None)
    bands = segments["bands"]
    return Headline(
        as_of=analysis.as_of,
        metric_label=metric_label(segments["metric"]),
        bands={b: int(bands[f"n_{b}"]) for b in BANDS},
        bands_in_scope={
            b: sum(r["segment"] == b and r["rep_id"] in ids for r in segments["reps"])
            for b in BANDS
        },
        gap=primary.gap if primary else "—",
        interval=primary.interval if primary else "—",
        opportunity=opportunity_at(
            opportunity=gap["opportunity"],
            close_fraction=float(gap["opportunity"]["close_fraction"]),
        ),
    )
