"""One typed reader per snapshot kind.

Each takes the analysis run (or None, before the first analysis) and returns the kind's typed
document, or None when there is no run or the run has no such part (it predates the part, or
the part is not installed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from uplift.analytics.performance.gap import Gap
from uplift.analytics.performance.results import Scorecards, Segments
from uplift.analytics.performance.trend import Trend
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots.documents import (
    AdoptionHabitsDocument,
    AnalysisSummary,
    DriversDocument,
    StarProfilesDocument,
)
from uplift.insights.snapshots.impact_documents import (
    CreditDocument,
    ImpactDocument,
    LeadersDocument,
    TeamIQDocument,
)
from uplift.insights.snapshots.store import SnapshotKind, snapshot_json

Document = TypeVar("Document")


def _read(
    run: AnalysisRun | None, kind: SnapshotKind, reader: Callable[[Mapping[str, Any]], Document]
) -> Document | None:
    data = None if run is None else snapshot_json(run=run, kind=kind)
    return reader(data) if data else None


def segments_of(run: AnalysisRun | None) -> Segments | None:
    """Who the stars, core and tail are, with who was left out and why."""
    return _read(run, SnapshotKind.SEGMENTS, Segments.from_dict)


def scorecards_of(run: AnalysisRun | None) -> Scorecards | None:
    """Every rep's scorecard for the window, by month and by quarter."""
    return _read(run, SnapshotKind.SCORECARDS, Scorecards.from_dict)


def gap_of(run: AnalysisRun | None) -> Gap | None:
    """The star-core gap on every metric and the opportunity."""
    return _read(run, SnapshotKind.GAP, Gap.from_dict)


def trend_of(run: AnalysisRun | None) -> Trend | None:
    """The monthly gap, for the organisation and each team."""
    return _read(run, SnapshotKind.TREND, Trend.from_dict)


def summary_of(run: AnalysisRun | None) -> AnalysisSummary | None:
    """The analysis' day, window, currency and notes."""
    return _read(run, SnapshotKind.SUMMARY, AnalysisSummary.from_dict)


def drivers_of(run: AnalysisRun | None) -> DriversDocument | None:
    """What stars do differently, and where they win."""
    return _read(run, SnapshotKind.DRIVERS, DriversDocument.from_dict)


def star_profiles_of(run: AnalysisRun | None) -> StarProfilesDocument | None:
    """What is distinctive about each star."""
    return _read(run, SnapshotKind.STAR_PROFILES, StarProfilesDocument.from_dict)


def habits_of(run: AnalysisRun | None) -> AdoptionHabitsDocument | None:
    """Adopters' deal behaviours by month (the adoption-habits part)."""
    return _read(run, SnapshotKind.ADOPTION_HABITS, AdoptionHabitsDocument.from_dict)


def impact_of(run: AnalysisRun | None) -> ImpactDocument | None:
    """The measured effect of practices and coaching on their adopters."""
    return _read(run, SnapshotKind.IMPACT, ImpactDocument.from_dict)


def credit_of(run: AnalysisRun | None) -> CreditDocument | None:
    """Measured practice value credited to its contributors."""
    return _read(run, SnapshotKind.CREDIT, CreditDocument.from_dict)


def team_iq_of(run: AnalysisRun | None) -> TeamIQDocument | None:
    """The Team Sales IQ and the gap closure."""
    return _read(run, SnapshotKind.TEAM_IQ, TeamIQDocument.from_dict)


def leaders_of(run: AnalysisRun | None) -> LeadersDocument | None:
    """The future-leaders components of everyone."""
    return _read(run, SnapshotKind.LEADERS, LeadersDocument.from_dict)


# Every kind has its reader (the snapshot tests check that none is left out).
READERS: dict[SnapshotKind, Callable[[AnalysisRun | None], object]] = {
    SnapshotKind.SEGMENTS: segments_of,
    SnapshotKind.SCORECARDS: scorecards_of,
    SnapshotKind.GAP: gap_of,
    SnapshotKind.TREND: trend_of,
    SnapshotKind.SUMMARY: summary_of,
    SnapshotKind.DRIVERS: drivers_of,
    SnapshotKind.STAR_PROFILES: star_profiles_of,
    SnapshotKind.ADOPTION_HABITS: habits_of,
    SnapshotKind.IMPACT: impact_of,
    SnapshotKind.CREDIT: credit_of,
    SnapshotKind.TEAM_IQ: team_iq_of,
    SnapshotKind.LEADERS: leaders_of,
}
