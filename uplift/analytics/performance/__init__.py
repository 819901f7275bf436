"""Capability 1, "Performance & gap": who are the real stars, how big is the gap, what is
closing part of it worth, and how it moves over time.

    from uplift.analytics.performance import analyse_performance, PerformanceConfig

    analysis = analyse_performance(con, as_of=date(2026, 10, 31))
    analysis.segments.to_dict()   # the `uplift report segments --json` document
    analysis.gap.to_dict()        # the `uplift report gap --json` document

The engine aggregates CRM rows into per-rep tables (``uplift.analytics.metrics``); the
statistics run here on those small tables. The method is described in ``docs/stars.md``.
"""

from uplift.analytics.performance.analyse import PerformanceAnalysis, analyse_performance
from uplift.analytics.performance.config import PRIMARY_METRICS, PerformanceConfig, PrimaryMetric
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
