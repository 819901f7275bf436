"""The leader's dashboard: bands, ranks, the gap, the opportunity, the headline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.performance.gap import Gap
from uplift.analytics.performance.results import MetricDefinition, RepSegment, Segments
from uplift.presenters.dashboards.formatting import (
    as_stored,
    finite_or_none,
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
from uplift.presenters.dashboards.standing import LENS_LABELS, RepStanding, segment_standing
from uplift.presenters.dashboards.trend import TrendView, trend_teams, trend_view

NOT_SELLING_LABEL = (
    "managers, leaders and admins with no deals of their own (not ranked, as expected)"
)


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
    raw_value: float | None = None  # the numbers behind `raw` and `index`, to sort and download
    index_value: float | None = None

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


def leader_dashboard(
    *, analysis: Analysis, people: list[Member], not_selling: Collection[str] = frozenset()
) -> LeaderDashboard:
    """Stars, core and tail with their evidence, the gap, its worth and its trend.

    Reps outside the viewer's part of the organisation are counted, not shown; the bands, the
    gap and the opportunity are organisation-wide (that is how they are computed)."""
    segments, gap, trend = analysis.segments, analysis.gap, analysis.trend
    currency = analysis.currency or str(gap.currency or "")
    person_of = {m.crm_user_id: m.person_id for m in people if m.crm_user_id}
    raw_unit = metric_unit(segments.metric)
    shown = [r for r in segments.reps if r.rep.rep_id in person_of]
    reps = [
        RankedRep(
            person_of[r.rep.rep_id],
            r.rep.name or r.rep.rep_id,
            r.rep.team or "—",
            r.segment,
            r.p_star,
            r.rank,
            r.rank_low,
            r.rank_high,
            value_text(r.raw, raw_unit, currency),
            value_text(r.adjusted, "index"),
            r.n,
            r.why,
            segment_standing(r, segments.lenses, currency),
            finite_or_none(r.raw),
            finite_or_none(r.adjusted),
        )
        for r in shown
    ]
    # Managers, leaders and admins who are CRM users without deals of their own are not reps
    # left out: they are counted on a line of their own and not listed among those not ranked.
    # `not_selling`: the CRM ids of the whole organisation's non-reps (roles are not private).
    left_out_as_expected = {
        e.rep.rep_id
        for e in segments.excluded
        if e.reason == "no_closed_deals" and e.rep.rep_id in not_selling
    }
    excluded = [
        {
            "name": e.rep.name or e.rep.rep_id,
            "team": e.rep.team or "—",
            "reason": EXCLUSION_LABELS.get(e.reason, e.reason),
            "detail": "" if e.reason == "no_closed_deals" else e.detail,
        }
        for e in segments.excluded
        if e.rep.rep_id in person_of and e.rep.rep_id not in left_out_as_expected
    ]
    # As the segments document counts them (`Segments.to_dict`): by reason, in its order.
    left_out = [e for e in segments.excluded if e.rep.rep_id not in left_out_as_expected]
    by_reason = sorted(Counter(e.reason for e in left_out).items())
    counts = {EXCLUSION_LABELS.get(reason, reason): n for reason, n in by_reason}
    if left_out_as_expected:
        counts[NOT_SELLING_LABEL] = len(left_out_as_expected)
    rows = gap_rows(gap)
    primary = next((r for r in rows if r.metric == f"{segments.metric}_index"), None)
    return LeaderDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        metric_label=metric_label(segments.metric),
        currency=currency,
        bands=segments.bands.to_dict(),
        method=segments.method,
        reps=reps,
        hidden_reps=len(segments.reps) - len(shown),
        excluded=excluded,
        excluded_counts=counts,
        gap_rows=rows,
        missing=missing_sources(gap.missing),
        primary_gap=primary,
        opportunity=opportunity_at(
            opportunity=gap.opportunity,
            close_fraction=float(gap.opportunity.close_fraction),
        ),
        trend=trend_view(trend=trend, team=ALL_TEAMS, currency=currency),
        trend_teams=trend_teams(segments=segments, trend=trend, rep_ids=set(person_of)),
        charts={
            "ranks": ranks_chart(segments=segments, reps=shown),
            "index": index_chart(segments=segments, reps=shown, currency=currency),
            "gap": gap_chart(gap),
        },
        definition=definition_sentence(segments, gap),
        headline=gap.headline.sentence if gap.headline else "",
        lenses=[LENS_LABELS.get(name, name) for name in segments.lenses],
        disagreements=int(segments.disagreements or 0),
        opportunity_formula=str(gap.opportunity.formula or ""),
    )


def definition_sentence(segments: Segments, gap: Gap) -> str:
    """What performance meant for this analysis, in words: the segments' definition, or the
    gap's (both written from the same one); "" for an analysis from before definitions."""
    if segments.definition is not None:
        return str(segments.definition.sentence or "")
    if gap.definition:
        return str(MetricDefinition.from_dict(gap.definition).sentence or "")
    return ""


def ranks_chart(*, segments: Segments, reps: Sequence[RepSegment]) -> dict[str, Any]:
    """Each rep's rank (1 = best) with its 90% interval, coloured by band, with the band cuts."""
    bands = segments.bands
    return {
        "kind": "ranks",
        "n": bands.n_ranked,
        "cuts": [bands.n_star + 0.5, bands.n_star + bands.n_core + 0.5],
        "points": [
            {
                "label": r.rep.name or r.rep.rep_id,
                "rank": r.rank,
                "low": r.rank_low,
                "high": r.rank_high,
                "band": r.segment,
                "p_star": r.p_star,
            }
            for r in reps
        ],
    }


def index_chart(*, segments: Segments, reps: Sequence[RepSegment], currency: str) -> dict[str, Any]:
    """Raw metric against the shrunk mix-adjusted index: why a high raw number is not always a
    star (an easy mix) and a modest one can be (a hard mix)."""
    raw_unit = metric_unit(segments.metric)
    label = metric_label(segments.metric)
    return {
        "kind": "scatter",
        "currency": currency,
        "x": {"label": f"Raw {label}", "unit": raw_unit},
        "y": {"label": "Mix-adjusted index, shrunk (1.0 = as expected)", "unit": "index"},
        "points": [
            {
                "label": r.rep.name or r.rep.rep_id,
                "x": as_stored(r.raw),
                "y": as_stored(r.adjusted),
                "band": r.segment,
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
    segments, gap = analysis.segments, analysis.gap
    ids = {m.crm_user_id for m in people if m.crm_user_id}
    rows = gap_rows(gap)
    primary = next((r for r in rows if r.metric == f"{segments.metric}_index"), None)
    bands = segments.bands
    counts = {"star": bands.n_star, "core": bands.n_core, "tail": bands.n_tail}
    return Headline(
        as_of=analysis.as_of,
        metric_label=metric_label(segments.metric),
        bands={b: int(counts[b]) for b in BANDS},
        bands_in_scope={
            b: sum(r.segment == b and r.rep.rep_id in ids for r in segments.reps) for b in BANDS
        },
        gap=primary.gap if primary else "—",
        interval=primary.interval if primary else "—",
        opportunity=opportunity_at(
            opportunity=gap.opportunity,
            close_fraction=float(gap.opportunity.close_fraction),
        ),
    )
