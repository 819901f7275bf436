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

**The headline** is the primary metric's row: the metric that made the stars is the one the
gap leads with, in words, and the shrunk index row beside it says how much of it is left once
selling time, mix and luck are accounted for.

**The opportunity** ("what is it worth?") is on the same metric: lift every core rep's index by
``close_fraction`` of the star-core index gap:

    annual value = close_fraction * (star index - core index) * B,

where B is what one index point is worth for the core, in bookings over twelve months:

- bookings and composite: the core's baseline bookings (an average rep with their selling time
  and mix);
- attainment: the core's prorated quotas at the organisation's attainment;
- win rate and average deal: what the organisation books on the core's own deals (Σ_c n_ic m_c),
  so an extra win or a larger deal is worth the organisation's average in its cell.

The interval carries the uncertainty of the index gap only, not of future deal flow or deal
sizes. It is a what-if on an association: whether coaching closes the gap is measured later.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from uplift.analytics.metrics.availability import EVERYTHING, Availability, MissingSource
from uplift.analytics.metrics.periods import Window
from uplift.analytics.performance.config import PerformanceConfig, PrimaryMetric
from uplift.analytics.performance.formatting import (
    finite_or_none,
    money,
    stored_number,
    to_display,
)
from uplift.analytics.performance.results import ScorecardRow, Segments, _interval

if TYPE_CHECKING:
    from uplift.analytics.performance.adjust import RepResults

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
    non-positive mean). ``no_data`` says why the row is empty when the export has no rows of
    its source (activities, contact roles), None otherwise."""

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
    no_data: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Keys: metric, label, unit, higher_is_better, star, core, gap_pct, ci [lo, hi],
        n_star, n_core, method ("welch_log_ratio" or "posterior"), no_data (the reason in
        words when the export lacks the source, else null)."""
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
            "no_data": self.no_data,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GapMetric:
        """A row as :meth:`to_dict` wrote it (nulls stay None)."""
        low, high = data.get("ci") or (None, None)
        return cls(
            metric=data["metric"],
            label=data["label"],
            unit=data["unit"],
            higher_is_better=bool(data["higher_is_better"]),
            star=data.get("star"),
            core=data.get("core"),
            gap_pct=data.get("gap_pct"),
            ci_low=low,
            ci_high=high,
            n_star=int(data.get("n_star") or 0),
            n_core=int(data.get("n_core") or 0),
            method=data["method"],
            no_data=data.get("no_data"),
        )


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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Opportunity:
        """The opportunity as :meth:`to_dict` wrote it: amounts from their cents, the base from
        its currency units (it was written rounded to the cent, so it reads back exactly)."""
        low, high = data.get("index_gap_ci") or (None, None)
        value_low, value_high = data["annual_value_ci_cents"]
        return cls(
            metric=data["metric"],
            close_fraction=data["close_fraction"],
            index_gap=stored_number(data.get("index_gap")),
            index_gap_ci=(stored_number(low), stored_number(high)),
            base_cents=round(data["base_annual_bookings"] * 100),
            annual_value_cents=data["annual_value_cents"],
            annual_value_ci_cents=(value_low, value_high),
            currency=data["currency"],
            n_core=data["n_core"],
            formula=data["formula"],
            assumptions=data["assumptions"],
        )


@dataclass(frozen=True)
class Headline:
    """The gap on the primary metric in words: the raw row and the shrunk index row."""

    metric: str
    label: str
    sentence: str
    raw: GapMetric | None
    index: GapMetric

    def to_dict(self) -> dict[str, Any]:
        """Keys: metric (the gap row it leads with), label, sentence, star, core, gap_pct, ci,
        index_gap_pct, index_ci."""
        lead = self.raw or self.index
        return {
            "metric": lead.metric,
            "label": self.label,
            "sentence": self.sentence,
            "star": finite_or_none(lead.star),
            "core": finite_or_none(lead.core),
            "gap_pct": finite_or_none(lead.gap_pct),
            "ci": _interval(lead.ci_low, lead.ci_high),
            "index_gap_pct": finite_or_none(self.index.gap_pct),
            "index_ci": _interval(self.index.ci_low, self.index.ci_high),
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], rows: tuple[GapMetric, ...], primary_metric: str
    ) -> Headline:
        """The headline of a gap document. Its numbers are those of two of the gap's ``rows``
        (every analysis writes both there): the shrunk index row and, unless the headline leads
        with the index, the raw row it names."""
        found = {row.metric: row for row in rows}
        index = found.get(f"{primary_metric}_index")
        raw = None if index is None or data["metric"] == index.metric else found.get(data["metric"])
        if index is None or (raw is None and data["metric"] != index.metric):
            raise ValueError(f"the gap's headline names rows it does not have: {data['metric']}")
        return cls(primary_metric, data["label"], data["sentence"], raw, index)


@dataclass(frozen=True)
class Gap:
    """The gap on every metric and the opportunity; the ``uplift report gap`` document."""

    as_of: date
    window: Window
    primary_metric: PrimaryMetric
    currency: str
    metrics: tuple[GapMetric, ...]
    opportunity: Opportunity
    headline: Headline | None = None
    definition: dict[str, Any] | None = None
    missing: tuple[MissingSource, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, primary_metric, currency, definition, headline, metrics (the
        primary metric's rows first), opportunity, missing (the sources the export has no rows
        of: [{columns, source, reason}])."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "primary_metric": self.primary_metric,
            "currency": self.currency,
            "definition": self.definition,
            "headline": None if self.headline is None else self.headline.to_dict(),
            "metrics": [metric.to_dict() for metric in self.metrics],
            "opportunity": self.opportunity.to_dict(),
            "missing": [found.to_dict() for found in self.missing],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gap:
        """The document as :meth:`to_dict` wrote it; one stored before the definition, the
        headline and the missing sources reads with none."""
        metrics = tuple(GapMetric.from_dict(row) for row in data.get("metrics") or ())
        headline = data.get("headline")
        return cls(
            as_of=date.fromisoformat(data["as_of"]),
            window=Window.from_dict(data["window"]),
            primary_metric=data["primary_metric"],
            currency=data["currency"],
            metrics=metrics,
            opportunity=Opportunity.from_dict(data["opportunity"]),
            headline=None
            if headline is None
            else Headline.from_dict(headline, metrics, data["primary_metric"]),
            definition=data.get("definition"),
            missing=tuple(MissingSource.from_dict(m) for m in data.get("missing") or ()),
        )


def _values(rows: list[ScorecardRow], spec: GapSpec) -> list[float]:
    scale = 100.0 if spec.unit == "currency" else 1.0
    found = (row.values.get(spec.column) for row in rows)
    return [float(v) / scale for v in found if v is not None and math.isfinite(float(v))]


def metric_gap(star: list[float], core: list[float], spec: GapSpec, confidence: float) -> GapMetric:
    """One row of the gap table from the star and core reps' own values."""
    import numpy as np  # here, as the statistics: reading a stored gap needs neither

    from uplift.analytics.stats import ratio_of_means

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


def no_data_gap(spec: GapSpec, reason: str) -> GapMetric:
    """A gap row the export has no source data for: every number null, and why."""
    return GapMetric(
        metric=spec.metric,
        label=spec.label,
        unit=spec.unit,
        higher_is_better=spec.higher_is_better,
        star=None,
        core=None,
        gap_pct=None,
        ci_low=None,
        ci_high=None,
        n_star=0,
        n_core=0,
        method="welch_log_ratio",
        no_data=reason,
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
    import numpy as np
    from scipy import stats  # here: reading a stored gap needs no statistics

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


RAW_ROW: dict[str, str] = {
    "attainment": "quota_attainment",
    "bookings": "bookings",
    "win_rate": "win_rate",
    "avg_deal": "avg_deal_size",
}
INDEX_LABELS: dict[str, str] = {
    "attainment": "Attainment vs the organisation's (shrunk)",
    "bookings": "Bookings vs an average rep with the same selling time and mix (shrunk)",
    "win_rate": "Win rate vs expected for the deal mix (shrunk)",
    "avg_deal": "Average won deal vs the organisation's on the same mix (shrunk)",
    "composite": "Composite index (shrunk)",
}


def _point_value(results: RepResults, metric: PrimaryMetric, core: list[int]) -> float:
    """What one index point is worth for the core, in cents over the window (docstring)."""
    import numpy as np

    if metric in {"win_rate", "avg_deal"}:
        return float(results.deal_value_cents[core].sum())
    if metric == "attainment":
        quota = results.quota_cents[core]
        finite = np.isfinite(quota)
        booked = float(results.bookings_cents[core][finite].sum())
        level = booked / float(quota[finite].sum()) if finite.any() else 0.0
        return float(quota[finite].sum()) * level
    return float(results.expected_bookings_cents[core].sum())


def _opportunity(
    segments: Segments,
    results: RepResults,
    gap: IndexGap,
    *,
    config: PerformanceConfig,
    currency: str,
) -> Opportunity:
    where = results.position()
    core = [where[(r.rep.source, r.rep.rep_id)] for r in segments.reps if r.segment == "core"]
    annualise = 12 / segments.window.months
    metric = segments.metric
    base = _point_value(results, metric, core) * annualise
    f = config.close_fraction
    value = f * gap.difference * base
    low, high = (f * bound * base for bound in gap.difference_ci)
    basis = {
        "bookings": "the core's baseline annual bookings (an average rep with their selling "
        "time and mix)",
        "composite": "the core's baseline annual bookings (an average rep with their selling "
        "time and mix)",
        "attainment": "the core's annual quotas at the organisation's attainment",
        "win_rate": "what the organisation books in a year on the core's own deals",
        "avg_deal": "what the organisation books in a year on the core's own deals",
    }[metric]
    formula = (
        f"close_fraction * (star index - core index) * {basis} = "
        f"{f:g} * ({gap.star:.3f} - {gap.core:.3f}) * {money(base, currency)} = "
        f"{money(value, currency)}"
    )
    assumptions = (
        "The core keeps its selling time, deal flow and mix, and closes that share of the gap "
        f"on {metric.replace('_', ' ')}. The gap is between shrunk indices, which discounts "
        "the luck that put some reps on top; the interval covers the uncertainty of that gap, "
        "not of future volume or deal sizes. A what-if on an association, not a forecast of "
        "what coaching achieves."
    )
    return Opportunity(
        metric=metric,
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


def gap_headline(
    metric: PrimaryMetric, label: str, raw: GapMetric | None, index: GapMetric
) -> Headline:
    """The gap on the primary metric in words, from its raw row and its shrunk index row; the
    verb agrees with the definition's ``label`` ("Stars' bookings are", "Stars' win rate is")."""

    def pct(x: float) -> str:
        points = round(x * 100)
        return "0%" if points == 0 else f"{points:+d}%"  # never "-0%"

    if raw is not None and raw.gap_pct is not None:
        side = "above" if raw.gap_pct >= 0 else "below"
        verb = "are" if label.lower().endswith("s") else "is"
        sentence = f"Stars' {label.lower()} {verb} {abs(raw.gap_pct) * 100:.0f}% {side} the core's"
        if raw.ci_low is not None and raw.ci_high is not None:
            sentence += f" (95% interval {pct(raw.ci_low)} to {pct(raw.ci_high)})"
        sentence += "."
    else:
        sentence = f"Stars are ranked on {label.lower()}."
    if index.gap_pct is not None:
        sentence += (
            f" Once selling time, deal mix and luck are taken out, stars are "
            f"{pct(index.gap_pct)} on {label.lower()}"
        )
        if index.ci_low is not None and index.ci_high is not None:
            sentence += f" (95% interval {pct(index.ci_low)} to {pct(index.ci_high)})"
        sentence += "."
    return Headline(metric, label, sentence, raw, index)


def gap_analysis(
    segments: Segments,
    rows: list[ScorecardRow],
    results: RepResults,
    *,
    config: PerformanceConfig,
    currency: str,
    available: Availability = EVERYTHING,
) -> Gap:
    """The gap table (the primary metric's rows first, then every other scorecard metric) and
    the opportunity, both on the primary metric. Rows whose source the export lacks
    (``available``) are null with the reason; quota attainment is left out without quotas."""
    band = {(r.rep.source, r.rep.rep_id): r.segment for r in segments.reps}
    star_rows = [r for r in rows if band.get((r.rep.source, r.rep.rep_id)) == "star"]
    core_rows = [r for r in rows if band.get((r.rep.source, r.rep.rep_id)) == "core"]
    metrics = []
    for spec in GAP_METRICS:
        star, core = _values(star_rows, spec), _values(core_rows, spec)
        if spec.metric == "quota_attainment" and not (star or core):
            continue
        reason = available.reason(spec.column)
        if reason is not None:
            metrics.append(no_data_gap(spec, reason))
            continue
        metrics.append(metric_gap(star, core, spec, config.confidence))
    gap = index_gap(segments, config.confidence)
    metric = segments.metric
    n_star = sum(r.segment == "star" for r in segments.reps)
    n_core = sum(r.segment == "core" for r in segments.reps)
    index_row = GapMetric(
        metric=f"{metric}_index",
        label=INDEX_LABELS[metric],
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
    raw_row = next((m for m in metrics if m.metric == RAW_ROW.get(metric)), None)
    lead = [m for m in (raw_row, index_row) if m is not None]
    ordered = lead + [m for m in metrics if m is not raw_row]
    definition = segments.definition
    label = definition.label if definition else metric
    return Gap(
        as_of=segments.as_of,
        window=segments.window,
        primary_metric=metric,
        currency=currency,
        metrics=tuple(ordered),
        opportunity=_opportunity(segments, results, gap, config=config, currency=currency),
        headline=gap_headline(metric, label, raw_row, index_row),
        definition=None if definition is None else definition.to_dict(),
        missing=available.missing,
    )
