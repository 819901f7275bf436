"""One entry point: who are the real stars, how big is the gap, what is closing it worth."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa
from ibis.backends import BaseBackend

from uplift.analytics.metrics.asof import default_as_of
from uplift.analytics.metrics.mix import deal_mix
from uplift.analytics.metrics.periods import Grain, Window, trailing_window
from uplift.analytics.metrics.scorecards import KEYS, scorecard_set
from uplift.analytics.metrics.tables import CrmTables, crm_tables
from uplift.analytics.performance.adjust import mix_adjustment
from uplift.analytics.performance.config import PerformanceConfig
from uplift.analytics.performance.gap import Gap, gap_analysis
from uplift.analytics.performance.results import RepIdentity, ScorecardRow, Scorecards, Segments
from uplift.analytics.performance.stars import RepKey, rank_reps
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

    def to_dict(self) -> dict[str, Any]:
        """Keys: as_of, window, currency, config, notes, scorecards, segments, gap, trend."""
        return {
            "as_of": self.as_of.isoformat(),
            "window": self.window.to_dict(),
            "currency": self.currency,
            "config": self.config.to_dict(),
            "notes": list(self.notes),
            "scorecards": self.scorecards.to_dict(),
            "segments": self.segments.to_dict(),
            "gap": self.gap.to_dict(),
            "trend": self.trend.to_dict(),
        }


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


def analyse_performance(
    con: BaseBackend | CrmTables,
    *,
    as_of: date | None = None,
    config: PerformanceConfig | None = None,
) -> PerformanceAnalysis:
    """Scorecards, fair star bands, the gap and what closing it is worth, and the trend.

    ``con`` is an analytics connection (see :mod:`uplift.analytics.engine`) or canonical tables
    from anywhere Ibis reaches. ``as_of`` defaults to the end of the last full month with data
    (:func:`uplift.analytics.metrics.default_as_of`). Raises ``NotEnoughRepsError`` when fewer
    than five reps qualify for ranking, ``NoDataError`` when there is nothing to analyse.
    """
    settings = config or PerformanceConfig()
    tables = con if isinstance(con, CrmTables) else crm_tables(con)
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
    adjustment = mix_adjustment(deal_mix(tables, window, settings.mix_by), settings.primary_metric)
    segments = rank_reps(adjustment, people, settings, as_of=day, window=window, currency=currency)
    quarter: tuple[Grain, ...] = ("quarter",) if settings.quarterly else ()
    grains: tuple[Grain, ...] = ("window", "month", *quarter)
    # Distinct opportunities worked per month or quarter cost a pass over every (rep, month,
    # opportunity); by default only the window's are counted (the gap uses those).
    worked: tuple[Grain, ...] | None = None if settings.period_activity_ratios else ("window",)
    if trend_window == window:
        cards = scorecard_set(tables, window, grains, opportunities_worked=worked)
    else:
        cards = scorecard_set(
            tables, window, tuple(g for g in grains if g != "month"), opportunities_worked=worked
        )
        cards["month"] = scorecard_set(
            tables, trend_window, ("month",), opportunities_worked=None if worked is None else ()
        )["month"]
    window_rows = scorecard_rows(cards["window"], people, window, "window")
    monthly = scorecard_rows(cards["month"], people, trend_window, "month")
    quarterly = (
        scorecard_rows(cards["quarter"], people, window, "quarter") if settings.quarterly else []
    )
    gap = gap_analysis(segments, window_rows, adjustment, config=settings, currency=currency)
    trend = trend_analysis(segments, monthly, window=trend_window, metric=settings.primary_metric)
    result_cards = Scorecards(
        day, window, currency, tuple(window_rows), tuple(monthly), tuple(quarterly)
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
