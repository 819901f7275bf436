"""Capability 1, "Performance & gap": who are the real stars, how big is the gap, what is
closing part of it worth, and how it moves over time.

    from uplift.analytics.performance import analyse_performance, PerformanceConfig

    analysis = analyse_performance(con, as_of=date(2026, 10, 31))
    analysis.segments.to_dict()   # the `uplift report segments --json` document
    analysis.gap.to_dict()        # the `uplift report gap --json` document

The engine aggregates CRM rows into per-rep tables (``uplift.analytics.metrics``); the
statistics run here on those small tables. The method is described in ``docs/stars.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uplift.analytics.lazy import lazy_attributes

if TYPE_CHECKING:
    from uplift.analytics.performance.analyse import PerformanceAnalysis, analyse_performance
    from uplift.analytics.performance.config import (
        PRIMARY_METRICS,
        PerformanceConfig,
        PrimaryMetric,
    )
    from uplift.analytics.performance.gap import Gap, GapMetric, Opportunity
    from uplift.analytics.performance.results import (
        BandRule,
        ExcludedRep,
        RepIdentity,
        RepSegment,
        ScorecardRow,
        Scorecards,
        Segments,
    )
    from uplift.analytics.performance.stars import NotEnoughRepsError, band_sizes
    from uplift.analytics.performance.trend import Trend, TrendPoint

# Each name is imported from its module on first use, so that reading one small part (a typed
# document, a table's columns) does not load the statistics and the engine behind the others.
_WHERE = {
    "PerformanceAnalysis": "uplift.analytics.performance.analyse",
    "analyse_performance": "uplift.analytics.performance.analyse",
    "PRIMARY_METRICS": "uplift.analytics.performance.config",
    "PerformanceConfig": "uplift.analytics.performance.config",
    "PrimaryMetric": "uplift.analytics.performance.config",
    "Gap": "uplift.analytics.performance.gap",
    "GapMetric": "uplift.analytics.performance.gap",
    "Opportunity": "uplift.analytics.performance.gap",
    "BandRule": "uplift.analytics.performance.results",
    "ExcludedRep": "uplift.analytics.performance.results",
    "RepIdentity": "uplift.analytics.performance.results",
    "RepSegment": "uplift.analytics.performance.results",
    "ScorecardRow": "uplift.analytics.performance.results",
    "Scorecards": "uplift.analytics.performance.results",
    "Segments": "uplift.analytics.performance.results",
    "NotEnoughRepsError": "uplift.analytics.performance.stars",
    "band_sizes": "uplift.analytics.performance.stars",
    "Trend": "uplift.analytics.performance.trend",
    "TrendPoint": "uplift.analytics.performance.trend",
}


__getattr__ = lazy_attributes(__name__, _WHERE, globals())


__all__ = [
    "PRIMARY_METRICS",
    "BandRule",
    "ExcludedRep",
    "Gap",
    "GapMetric",
    "NotEnoughRepsError",
    "Opportunity",
    "PerformanceAnalysis",
    "PerformanceConfig",
    "PrimaryMetric",
    "RepIdentity",
    "RepSegment",
    "ScorecardRow",
    "Scorecards",
    "Segments",
    "Trend",
    "TrendPoint",
    "analyse_performance",
    "band_sizes",
]
