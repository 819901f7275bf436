"""How big is the star-core gap on each metric, and what is closing part of it worth?

**The gap.** For each scorecard metric, the mean over star reps and over core reps of the reps'
own window values (each rep counts once, whatever their volume), ``gap_pct`` = star/core - 1
with a 95 % interval by the delta method on the log scale
(:func:`uplift.analytics.stats.ratio_of_means`, Welch degrees of freedom). ``n_star``/``n_core``
count the reps with a value (a rep without a won deal has no deal size). Lower is better for
the sales cycle, so its gap is negative when stars are faster. These gaps are descriptive: the
stars were *chosen* for a high primary metric, so on that metric part of their lead is luck
(regression to the mean), and on the others they may differ in mix.

The row ``<metric>_index`` compares the shrunk, mix-adjusted index instead (see
:mod:`.stars`): star mean over core mean of the posterior means, with an interval from the
posterior standard deviations. Shrinkage removes the luck the selection rewards, and the
index removes the mix, so this is the honest size of the gap on the primary metric.

**The opportunity** ("what is it worth?"): lift every core rep's index by ``close_fraction`` of
the star-core index gap, on the deals they already have:

    annual value = close_fraction * (star index - core index) * B,

where B is the core's mix-expected annual bookings: Σ over core reps of what the organisation
books, on average, on deals of their mix (Σ_c n_ic m_c), scaled to twelve months. For the win
rate an index point is a share of the rep's expected wins and each extra win is worth the
organisation's average won deal in its cell; for bookings the index is on bookings directly.
The interval carries the uncertainty of the index gap only, not of future deal flow or deal
sizes. It is a what-if on an association: whether coaching closes the gap is measured later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
from scipy import stats

from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.adjust import MixAdjustment
from uplift.analytics.performance.config import PerformanceConfig, PrimaryMetric
from uplift.analytics.performance.formatting import finite_or_none, money, to_display
from uplift.analytics.performance.results import ScorecardRow, Segments, _interval
from uplift.analytics.stats import ratio_of_means

Unit = Literal["fraction", "currency", "count", "days", "per_opportunity", "index"]


@dataclass(frozen=True)
class GapSpec:
    """A gap row: its key, label, unit and the scorecard column it reads (default: the key)."""

    metric: str
    label: str
    unit: Unit
    source_column: str = ""

    @property
    def column(self) -> str:
        return self.source_column or self.metric

    @property
    def higher_is_better(self) -> bool:
        return self.metric not in LOWER_IS_BETTER


LOWER_IS_BETTER = frozenset({"cycle_days"})
GAP_METRICS: tuple[GapSpec, ...] = (
    GapSpec("win_rate", "Win rate", "fraction"),
    GapSpec("bookings", "Bookings", "currency", "bookings_cents"),
    GapSpec("deals_won", "Deals won", "count"),
    GapSpec("deals_closed", "Deals closed", "count"),
    GapSpec("avg_deal_size", "Average won deal", "currency", "avg_won_deal_cents"),
    GapSpec("cycle_days", "Median sales cycle (days)", "days", "median_cycle_days"),
    GapSpec("pipeline_created", "Pipeline created", "currency", "pipeline_created_cents"),
    GapSpec("calls_per_opportunity", "Calls per opportunity", "per_opportunity"),
    GapSpec("emails_per_opportunity", "E-mails per opportunity", "per_opportunity"),
    GapSpec("meetings_per_opportunity", "Meetings per opportunity", "per_opportunity"),
    GapSpec("contacts_per_opportunity", "Contacts per opportunity", "per_opportunity"),
    GapSpec("quota_attainment", "Quota attainment", "fraction"),
)


@dataclass(frozen=True)
class GapMetric:
    """Star vs core on one metric. ``star``/``core`` are group means in the metric's ``unit``
    (money in currency units); ``gap_pct`` = star/core - 1 (a fraction) and ``ci_low``/
    ``ci_high`` its interval, None when undefined (fewer than two reps in a group, or a
    non-positive mean)."""

    metric: str
    label: str
    unit: Unit
    higher_is_better: bool
    star: float | None
    core: float | None
    gap_pct: float | None
    ci_low: float | None
    ci_high: float | None
    n_star: int
    n_core: int
    method: str

    def to_dict(self) -> dict[str, Any]:
        """Keys: metric, label, unit, higher_is_better, star, core, gap_pct, ci [lo, hi],
        n_star, n_core, method ("welch_log_ratio" or "posterior")."""
        return {
            "metric": self.metric,
            "label": self.label,
            "unit": self.unit,
            "higher_is_better": self.higher_is_better,
            "star": finite_or_none(self.star),
            "core": finite_or_none(self.core),
            "gap_pct": finite_or_none(self.gap_pct),
            "ci": _interval(self.ci_low, self.ci_high),
            "n_star": self.n_star,
            "n_core": self.n_core,
            "method": self.method,
        }


@dataclass(frozen=True)
class Opportunity:
    """The annual value of lifting the core by ``close_fraction`` of the gap (module docstring).

    ``index_gap`` is star index - core index with its interval; ``base_cents`` the core's
    mix-expected annual bookings; ``annual_value_cents`` = close_fraction * index_gap * base."""

    metric: PrimaryMetric
    close_fraction: float
    index_gap: float
    index_gap_ci: tuple[float, float]
    base_cents: int
    annual_value_cents: int
    annual_value_ci_cents: tuple[int, int]
    currency: str
    n_core: int
    formula: str
    assumptions: str

    def to_dict(self) -> dict[str, Any]:
        """Keys: close_fraction, annual_value, annual_value_ci [lo, hi] (currency units),
        annual_value_cents, annual_value_ci_cents, currency, metric, index_gap, index_gap_ci,
        base_annual_bookings, n_core, formula, assumptions."""
        low, high = self.annual_value_ci_cents
        return {
            "close_fraction": self.close_fraction,
            "annual_value": to_display(self.annual_value_cents),
            "annual_value_ci": [to_display(low), to_display(high)],
            "annual_value_cents": self.annual_value_cents,
            "annual_value_ci_cents": [low, high],
            "currency": self.currency,
            "metric": self.metric,
            "index_gap": finite_or_none(self.index_gap),
            "index_gap_ci": _interval(*self.index_gap_ci),
            "base_annual_bookings": to_display(self.base_cents),
            "n_core": self.n_core,
            "formula": self.formula,
            "assumptions": self.assumptions,
        }


@dataclass(frozen=True)
class Gap:
    """The gap on every metric and the opportunity; the ``uplift report gap`` document."""

    as_of: date
    window: Window
    primary_metric: PrimaryMetric
    currency: str
    metrics: tuple[GapMetric, ...]
    opportunity: Opportunity

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, primary_metric, currency, metrics, opportunity."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "primary_metric": self.primary_metric,
            "currency": self.currency,
            "metrics": [metric.to_dict() for metric in self.metrics],
            "opportunity": self.opportunity.to_dict(),
        }


def _values(rows: list[ScorecardRow], spec: GapSpec) -> list[float]:
    scale = 100.0 if spec.unit == "currency" else 1.0
    found = (row.values.get(spec.column) for row in rows)
    return [float(v) / scale for v in found if v is not None and math.isfinite(float(v))]


def metric_gap(star: list[float], core: list[float], spec: GapSpec, confidence: float) -> GapMetric:
    """One row of the gap table from the star and core reps' own values."""
    mean_star = float(np.mean(star)) if star else None
    mean_core = float(np.mean(core)) if core else None
    gap = low = high = None
    enough = len(star) >= 2 and len(core) >= 2
    if enough and mean_star is not None and mean_core is not None and min(mean_star, mean_core) > 0:
        est = ratio_of_means(star, core, confidence=confidence)
        gap, low, high = est.estimate, est.ci_low, est.ci_high
    return GapMetric(
        metric=spec.metric,
        label=spec.label,
        unit=spec.unit,
        higher_is_better=spec.higher_is_better,
        star=mean_star,
        core=mean_core,
        gap_pct=gap,
        ci_low=low,
        ci_high=high,
        n_star=len(star),
        n_core=len(core),
        method="welch_log_ratio",
    )


@dataclass(frozen=True)
class IndexGap:
    star: float
    core: float
    difference: float
    difference_ci: tuple[float, float]
    ratio_ci: tuple[float, float]


def index_gap(segments: Segments, confidence: float) -> IndexGap:
    """Star and core means of the shrunk index; intervals from the posterior sds (independent
    posteriors: Var(mean) = Σ sd² / n²)."""
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    groups = {}
    for band in ("star", "core"):
        reps = [rep for rep in segments.reps if rep.segment == band]
        means = np.array([rep.adjusted for rep in reps])
        sds = np.array([rep.adjusted_sd for rep in reps])
        groups[band] = (float(means.mean()), float(np.sum(sds**2)) / len(reps) ** 2)
    (star, var_star), (core, var_core) = groups["star"], groups["core"]
    diff = star - core
    half = z * math.sqrt(var_star + var_core)
    if star > 0 and core > 0:
        log_se = math.sqrt(var_star / star**2 + var_core / core**2)
        log_ratio = math.log(star / core)
        ratio_ci = (math.expm1(log_ratio - z * log_se), math.expm1(log_ratio + z * log_se))
    else:
        ratio_ci = (math.nan, math.nan)
    return IndexGap(star, core, diff, (diff - half, diff + half), ratio_ci)


def _opportunity(
    segments: Segments,
    adj: MixAdjustment,
    gap: IndexGap,
    *,
    config: PerformanceConfig,
    currency: str,
) -> Opportunity:
    where = adj.position()
    core = [where[(r.rep.source, r.rep.rep_id)] for r in segments.reps if r.segment == "core"]
    annualise = 12 / segments.window.months
    base = float(adj.expected_bookings_cents[core].sum()) * annualise
    f = config.close_fraction
    value = f * gap.difference * base
    low, high = (f * bound * base for bound in gap.difference_ci)
    name = "wins" if config.primary_metric == "win_rate" else "bookings"
    formula = (
        f"close_fraction * (star index - core index) * core's mix-expected annual bookings = "
        f"{f:g} * ({gap.star:.3f} - {gap.core:.3f}) * {money(base, currency)} = "
        f"{money(value, currency)}; index = {name} / {name} expected for the deal mix"
    )
    assumptions = (
        "The core keeps its deal flow and mix; each extra win is worth the organisation's "
        "average won deal in its segment. The gap is between shrunk indices, which discounts "
        "the luck that put some reps on top; the interval covers the uncertainty of that gap, "
        "not of future volume or deal sizes. A what-if on an association, not a forecast of "
        "what coaching achieves."
    )
    return Opportunity(
        metric=config.primary_metric,
        close_fraction=f,
        index_gap=gap.difference,
        index_gap_ci=gap.difference_ci,
        base_cents=round(base),
        annual_value_cents=round(value),
        annual_value_ci_cents=(round(low), round(high)),
        currency=currency,
        n_core=len(core),
        formula=formula,
        assumptions=assumptions,
    )


def gap_analysis(
    segments: Segments,
    rows: list[ScorecardRow],
    adj: MixAdjustment,
    *,
    config: PerformanceConfig,
    currency: str,
) -> Gap:
    """The gap table (every scorecard metric, then the primary index) and the opportunity."""
    band = {(r.rep.source, r.rep.rep_id): r.segment for r in segments.reps}
    star_rows = [r for r in rows if band.get((r.rep.source, r.rep.rep_id)) == "star"]
    core_rows = [r for r in rows if band.get((r.rep.source, r.rep.rep_id)) == "core"]
    metrics = []
    for spec in GAP_METRICS:
        star, core = _values(star_rows, spec), _values(core_rows, spec)
        if spec.metric == "quota_attainment" and not (star or core):
            continue
        metrics.append(metric_gap(star, core, spec, config.confidence))
    gap = index_gap(segments, config.confidence)
    label = "Win rate" if config.primary_metric == "win_rate" else "Bookings"
    n_star = sum(r.segment == "star" for r in segments.reps)
    n_core = sum(r.segment == "core" for r in segments.reps)
    index_row = GapMetric(
        metric=f"{config.primary_metric}_index",
        label=f"{label} vs expected for the deal mix (shrunk)",
        unit="index",
        higher_is_better=True,
        star=gap.star,
        core=gap.core,
        gap_pct=gap.star / gap.core - 1 if gap.core > 0 else None,
        ci_low=gap.ratio_ci[0],
        ci_high=gap.ratio_ci[1],
        n_star=n_star,
        n_core=n_core,
        method="posterior",
    )
    metrics.append(index_row)
    return Gap(
        as_of=segments.as_of,
        window=segments.window,
        primary_metric=config.primary_metric,
        currency=currency,
        metrics=tuple(metrics),
        opportunity=_opportunity(segments, adj, gap, config=config, currency=currency),
    )
