"""One entry point: who are the real stars, how big is the gap, what is closing it worth."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa
from ibis.backends import BaseBackend

from uplift.analytics.canonical import STAGE_HISTORY
from uplift.analytics.metrics.asof import default_as_of
from uplift.analytics.metrics.availability import source_availability
from uplift.analytics.metrics.mix import deal_mix
from uplift.analytics.metrics.periods import Grain, Window, trailing_window
from uplift.analytics.metrics.scorecards import KEYS, scorecard_set
from uplift.analytics.metrics.tables import CrmTables, crm_tables
from uplift.analytics.metrics.tenure import tenure
from uplift.analytics.performance.adjust import RepKey, RepResults, rep_results
from uplift.analytics.performance.config import METRIC_WORDS, PerformanceConfig, PrimaryMetric
from uplift.analytics.performance.exposure import DAYS_PER_MONTH, Exposure, HrDates, exposures
from uplift.analytics.performance.gap import Gap, gap_analysis
from uplift.analytics.performance.lenses import LENS_SPECS
from uplift.analytics.performance.quotas import prorated_quotas, quota_rows
from uplift.analytics.performance.results import (
    MetricDefinition,
    RepIdentity,
    ScorecardRow,
    Scorecards,
    Segments,
)
from uplift.analytics.performance.stars import rank_reps
from uplift.analytics.performance.trend import Trend, trend_analysis

DEFAULT_CURRENCY = "USD"


@dataclass(frozen=True)
class PerformanceAnalysis:
    """Everything capability 1 reports, as of one day. See each part's ``to_dict``."""

    as_of: date
    window: Window
    currency: str
    config: PerformanceConfig
    scorecards: Scorecards
    segments: Segments
    gap: Gap
    trend: Trend
    notes: tuple[str, ...] = field(default=())

    def _definition(self) -> dict[str, Any] | None:
        found = self.segments.definition
        return None if found is None else found.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, currency, config (with the definition used), notes, scorecards,
        segments, gap, trend."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "currency": self.currency,
            "config": {**self.config.to_dict(), "definition": self._definition()},
            "notes": list(self.notes),
            "scorecards": self.scorecards.to_dict(),
            "segments": self.segments.to_dict(),
            "gap": self.gap.to_dict(),
            "trend": self.trend.to_dict(),
        }


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def rep_identities(tables: CrmTables) -> dict[RepKey, RepIdentity]:
    """Every CRM user, by (source, rep_id)."""
    reps = tables.reps
    columns = ["source", "rep_id", "email", "name", "team", "region", "active"]
    found = reps.select(*columns).to_pyarrow().to_pylist()
    return {
        (row["source"], row["rep_id"]): RepIdentity(**{name: row[name] for name in columns})
        for row in found
    }


def currencies(tables: CrmTables, window: Window) -> list[str]:
    """The currencies of deals closed in ``window``, most used first."""
    opp = tables.opportunities
    closed = opp.filter(opp.is_closed, opp.close_date.between(window.start, window.end))
    counted = closed.group_by("currency").aggregate(n=closed.count())
    rows = counted.order_by([counted.n.desc(), counted.currency]).to_pyarrow().to_pylist()
    return [str(row["currency"]) for row in rows if row["currency"]]


def scorecard_rows(
    table: pa.Table, people: dict[RepKey, RepIdentity], window: Window, grain: Grain
) -> list[ScorecardRow]:
    """A scorecard table as typed rows; owners missing from crm_reps get an identity of ids."""
    periods = {p.key: (p.label, p.start, p.end) for p in window.periods(grain)}
    names = [c for c in table.column_names if c not in {*KEYS, "period_start", "period_end"}]
    data = table.to_pydict()
    rows = []
    for source, rep_id, key, *values in zip(
        data["source"], data["rep_id"], data["period_key"], *(data[n] for n in names), strict=True
    ):
        person = people.get((source, rep_id))
        if person is None:
            person = RepIdentity(source, rep_id, None, None, None, None, None)
        label, start, end = periods[key]
        rows.append(ScorecardRow(person, label, start, end, dict(zip(names, values, strict=True))))
    return rows


def quota_coverage(results: RepResults, found: dict[RepKey, Exposure], min_closed: int) -> float:
    """Share of the rankable reps' selling days that a quota covers (0 without quotas)."""
    covered = selling = 0.0
    for i, key in enumerate(results.keys):
        if results.closed[i] < min_closed:
            continue
        exposure = found.get(key)
        days = exposure.calendar_months * DAYS_PER_MONTH if exposure else 365.0
        selling += days
        covered += min(float(results.quota_days[i]), days)
    return covered / selling if selling else 0.0


def metric_definition(
    config: PerformanceConfig, coverage: float, chosen_by: str
) -> MetricDefinition:
    """Resolve ``"auto"`` and say in words what performance means for this analysis."""
    parameters: dict[str, Any] = {
        "ramp_months": config.ramp_months,
        "mix_by": list(config.mix_by),
        "quota_coverage": round(coverage, 4),
        "star_fraction": config.star_fraction,
    }
    metric: PrimaryMetric
    if config.primary_metric == "auto":
        metric = "attainment" if coverage >= config.quota_coverage else "bookings"
        why = (
            f"quotas cover {round(coverage * 100)}% of the ranked reps' selling time"
            if coverage > 0
            else "this export has no quotas"
        )
        reason = f" Chosen by default: {why}."
        chosen_by = "default"
    else:
        metric = config.primary_metric
        reason = ""
    if metric == "composite":
        parameters["composite_weights"] = dict(config.composite_weights)
        weights = ", ".join(
            f"{LENS_SPECS[name].label.lower()} {weight:g}"  # type: ignore[index]
            for name, weight in config.composite_weights
        )
        words = f"a weighted blend of {weights}"
    else:
        words = METRIC_WORDS[metric]
    label = "Composite" if metric == "composite" else LENS_SPECS[metric].label
    sentence = f"Stars are the top {round(config.star_fraction * 100)}% by {words}.{reason}"
    return MetricDefinition(metric, label, chosen_by, sentence, parameters)


def analyse_performance(
    con: BaseBackend | CrmTables,
    *,
    as_of: date | None = None,
    config: PerformanceConfig | None = None,
    chosen_by: str = "organisation",
    hr_dates: Mapping[str, HrDates] | None = None,
) -> PerformanceAnalysis:
    """Scorecards, fair star bands, the gap and what closing it is worth, and the trend.

    ``con`` is an analytics connection (see :mod:`uplift.analytics.engine`) or canonical tables
    from anywhere Ibis reaches. ``as_of`` defaults to the end of the last full month with data
    (:func:`uplift.analytics.metrics.default_as_of`). Raises ``NotEnoughRepsError`` when fewer
    than five reps qualify for ranking, ``NoDataError`` when there is nothing to analyse.
    """
    settings = config or PerformanceConfig()
    tables = con if isinstance(con, CrmTables) else crm_tables(con)
    history = None
    if not isinstance(con, CrmTables) and STAGE_HISTORY.name in con.list_tables():
        history = con.table(STAGE_HISTORY.name)
    available = source_availability(tables, history)
    day = as_of or default_as_of(tables)
    window = trailing_window(day, settings.window_months)
    trend_window = trailing_window(day, settings.trend_months)
    people = rep_identities(tables)
    found = currencies(tables, window)
    currency = settings.currency or (found[0] if found else DEFAULT_CURRENCY)
    notes = []
    if len(found) > 1:
        notes.append(
            f"Deals in several currencies ({', '.join(found)}) are summed without conversion; "
            f"amounts are reported as {currency}."
        )
    tenures = exposures(
        tenure(tables, day), window=window, ramp_months=settings.ramp_months, hr_dates=hr_dates
    )
    quotas = prorated_quotas(quota_rows(tables, window), tenures, window)
    results = rep_results(
        deal_mix(tables, window, settings.mix_by),
        exposure={key: found.months for key, found in tenures.items()},
        quotas=quotas,
    )
    coverage = quota_coverage(results, tenures, settings.min_closed_deals)
    definition = metric_definition(settings, coverage, chosen_by)
    quarter: tuple[Grain, ...] = ("quarter",) if settings.quarterly else ()
    grains: tuple[Grain, ...] = ("window", "month", *quarter)
    # Distinct opportunities worked per month or quarter cost a pass over every (rep, month,
    # opportunity); by default only the window's are counted (the gap uses those).
    worked: tuple[Grain, ...] | None = None if settings.period_activity_ratios else ("window",)
    if trend_window == window:
        cards = scorecard_set(
            tables, window, grains, opportunities_worked=worked, available=available
        )
    else:
        cards = scorecard_set(
            tables,
            window,
            tuple(g for g in grains if g != "month"),
            opportunities_worked=worked,
            available=available,
        )
        cards["month"] = scorecard_set(
            tables,
            trend_window,
            ("month",),
            opportunities_worked=None if worked is None else (),
            available=available,
        )["month"]
    window_rows = scorecard_rows(cards["window"], people, window, "window")
    monthly = scorecard_rows(cards["month"], people, trend_window, "month")
    quarterly = (
        scorecard_rows(cards["quarter"], people, window, "quarter") if settings.quarterly else []
    )
    cycles = {
        (row.rep.source, row.rep.rep_id): _number(row.values.get("median_cycle_days"))
        for row in window_rows
    }
    segments = rank_reps(
        results,
        people,
        settings,
        metric=definition.primary_metric,
        definition=definition,
        as_of=day,
        window=window,
        currency=currency,
        tenure=tenures,
        cycle_days=cycles,
    )
    gap = gap_analysis(
        segments, window_rows, results, config=settings, currency=currency, available=available
    )
    trend = trend_analysis(segments, monthly, window=trend_window, metric=definition.primary_metric)
    result_cards = Scorecards(
        day,
        window,
        currency,
        tuple(window_rows),
        tuple(monthly),
        tuple(quarterly),
        missing=available.missing,
    )
    return PerformanceAnalysis(
        as_of=day,
        window=window,
        currency=currency,
        config=settings,
        scorecards=result_cards,
        segments=segments,
        gap=gap,
        trend=trend,
        notes=tuple(notes),
    )
