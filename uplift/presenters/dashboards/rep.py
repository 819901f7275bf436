"""A rep's own numbers against the star benchmark, never another rep's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from uplift.core.plain_words import reason_and_statistics, star_chance
from uplift.presenters.dashboards.formatting import (
    MIN_OTHER_REPS,
    SPECS,
    benchmark_or_none,
    finite_or_none,
    metric_label,
    metric_value,
    probability_text,
    value_text,
)
from uplift.presenters.dashboards.gap import missing_sources
from uplift.presenters.dashboards.scope import EXCLUSION_LABELS, KEY_METRICS, Analysis
from uplift.presenters.dashboards.trend import my_trend


@dataclass(frozen=True)
class MyMetric:
    metric: str
    label: str
    unit: str
    mine: str
    core: str
    star: str
    higher_is_better: bool
    no_data: str = ""  # why the export has no data for it ("this export has no activities")


@dataclass(frozen=True)
class RepDashboard:
    as_of: str
    window: dict[str, str]
    currency: str
    metric_label: str
    has_numbers: bool
    segment: str | None
    p_star: float | None
    why: str
    not_ranked: str
    metrics: list[MyMetric]
    trend_rows: list[dict[str, str]]
    charts: dict[str, Any]
    band_shares: tuple[int, int] = (20, 20)  # stars are the top, the tail the bottom x percent
    min_other_reps: int = MIN_OTHER_REPS
    missing: list[dict[str, str]] = field(default_factory=list)  # sources without data, why

    @property
    def p_star_text(self) -> str:
        return probability_text(self.p_star)

    @property
    def star_chance(self) -> str:
        """The probability of being a star in words: "Likely a star"."""
        return star_chance(self.p_star)

    @property
    def reason(self) -> str:
        """Why the band, in words (the statistics left for the disclosure)."""
        return reason_and_statistics(self.why)[0]

    @property
    def rank_interval(self) -> str:
        """The rank and its 90% interval ("rank 9 of 76 (90% interval 4-29)"), for "How is
        this computed?" beside the probability (`p_star_text`)."""
        statistics = reason_and_statistics(self.why)[1].split("; ")
        return next((part for part in statistics if part.startswith("rank ")), "")

    @property
    def key_metrics(self) -> list[MyMetric]:
        return [m for m in self.metrics if m.metric in KEY_METRICS]


def rep_dashboard(*, analysis: Analysis, crm_user_id: str) -> RepDashboard:
    """One rep's own numbers next to the core average and the star benchmark. Carries nothing
    about any other single rep: only group averages of at least MIN_OTHER_REPS others."""
    segments, gap, cards = analysis.segments, analysis.gap, analysis.scorecards
    currency = analysis.currency
    mine = next((r for r in cards.reps if crm_user_id and r.rep.rep_id == crm_user_id), None)
    seg = next((r for r in segments.reps if crm_user_id and r.rep.rep_id == crm_user_id), None)
    out = next((e for e in segments.excluded if e.rep.rep_id == crm_user_id), None)
    band = seg.segment if seg else None
    metrics, charts_by_metric = [], []
    for m in gap.metrics:
        spec = SPECS.get(m.metric)
        if spec is not None:
            own = metric_value(mine, spec) if mine else None
        else:  # the shrunk index of the primary metric
            own = finite_or_none(seg.adjusted) if seg else None
        star = benchmark_or_none(m.star, m.n_star, band == "star")
        core = benchmark_or_none(m.core, m.n_core, band == "core")
        metrics.append(
            MyMetric(
                m.metric,
                m.label,
                m.unit,
                value_text(own, m.unit, currency),
                value_text(core, m.unit, currency),
                value_text(star, m.unit, currency),
                bool(m.higher_is_better),
                m.no_data or "",
            )
        )
        if m.metric in KEY_METRICS:
            charts_by_metric.append(
                {
                    "kind": "bars",
                    "title": m.label,
                    "unit": m.unit,
                    "currency": currency,
                    "lower_is_better": not m.higher_is_better,
                    "rows": [
                        {"label": "You", "value": own, "band": "me"},
                        {"label": "Core average", "value": core, "band": "core"},
                        {"label": "Star benchmark", "value": star, "band": "star"},
                    ],
                    "references": [],
                }
            )
    trend_rows, trend_chart = my_trend(
        cards=cards, trend=analysis.trend, crm_user_id=crm_user_id, band=band, currency=currency
    )
    return RepDashboard(
        as_of=analysis.as_of,
        window=analysis.window,
        currency=currency,
        metric_label=metric_label(segments.metric),
        has_numbers=mine is not None,
        segment=band,
        p_star=seg.p_star if seg else None,
        why=seg.why if seg else "",
        not_ranked=(EXCLUSION_LABELS.get(out.reason, out.detail) if out and not seg else ""),
        metrics=metrics,
        trend_rows=trend_rows,
        charts={"metrics": charts_by_metric, "trend": trend_chart},
        band_shares=(
            round(100 * segments.bands.star_fraction),
            round(100 * segments.bands.tail_fraction),
        ),
        missing=missing_sources(gap.missing),
    )
