"""The typed readers of the snapshots: one per kind, and one for several kinds at once.

Every reader converts a kind's stored JSON the same way, through `READERS` (the kind's typed
document's ``from_dict``). A single reader (`segments_of`, …) takes the analysis run (or None,
before the first analysis) and returns the kind's typed document, or None when there is no run
or the run has no such part (it predates the part, or the part is not installed). `snapshots_of`
reads several kinds in one query into a `SnapshotSet`, whose attributes are the same documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
from uplift.insights.snapshots.memo import documents_read
from uplift.insights.snapshots.store import SnapshotKind

# How each kind's stored JSON becomes its typed document (the snapshot tests check that every
# kind has one, and that it builds the type of the kind's `SnapshotSet` attribute).
READERS: dict[SnapshotKind, Callable[[Mapping[str, Any]], object]] = {
    SnapshotKind.SEGMENTS: Segments.from_dict,
    SnapshotKind.SCORECARDS: Scorecards.from_dict,
    SnapshotKind.GAP: Gap.from_dict,
    SnapshotKind.TREND: Trend.from_dict,
    SnapshotKind.SUMMARY: AnalysisSummary.from_dict,
    SnapshotKind.DRIVERS: DriversDocument.from_dict,
    SnapshotKind.STAR_PROFILES: StarProfilesDocument.from_dict,
    SnapshotKind.ADOPTION_HABITS: AdoptionHabitsDocument.from_dict,
    SnapshotKind.IMPACT: ImpactDocument.from_dict,
    SnapshotKind.CREDIT: CreditDocument.from_dict,
    SnapshotKind.TEAM_IQ: TeamIQDocument.from_dict,
    SnapshotKind.LEADERS: LeadersDocument.from_dict,
}


def attribute_of(kind: SnapshotKind) -> str:
    """The `SnapshotSet` attribute that holds a kind: its enum name in lower case."""
    return kind.name.lower()


@dataclass(frozen=True)
class SnapshotSet:
    """The typed documents of one run, one attribute per kind (`attribute_of`); a kind that was
    not asked for, or that the run lacks, is None."""

    segments: Segments | None = None
    scorecards: Scorecards | None = None
    gap: Gap | None = None
    trend: Trend | None = None
    summary: AnalysisSummary | None = None
    drivers: DriversDocument | None = None
    star_profiles: StarProfilesDocument | None = None
    adoption_habits: AdoptionHabitsDocument | None = None
    impact: ImpactDocument | None = None
    credit: CreditDocument | None = None
    team_iq: TeamIQDocument | None = None
    leaders: LeadersDocument | None = None

    def has(self, kind: SnapshotKind) -> bool:
        return getattr(self, attribute_of(kind)) is not None


def snapshot_set(stored: Mapping[SnapshotKind, Mapping[str, Any]]) -> SnapshotSet:
    """Stored documents by kind, typed (an empty document reads as None, like a missing one)."""
    documents: dict[str, Any] = {
        attribute_of(kind): READERS[kind](data) for kind, data in stored.items() if data
    }
    return SnapshotSet(**documents)


def snapshots_of(run: AnalysisRun | None, kinds: Iterable[SnapshotKind]) -> SnapshotSet:
    """The wanted kinds of the run (all None without a run). Each document is converted once
    per server process and kept (`uplift.insights.snapshots.memo`)."""
    if run is None:
        return SnapshotSet()
    found = documents_read(run=run, kinds=kinds, readers=READERS)
    documents: dict[str, Any] = {
        attribute_of(kind): document for kind, document in found.items() if document is not None
    }
    return SnapshotSet(**documents)


def segments_of(run: AnalysisRun | None) -> Segments | None:
    """Who the stars, core and tail are, with who was left out and why."""
    return snapshots_of(run, [SnapshotKind.SEGMENTS]).segments


def scorecards_of(run: AnalysisRun | None) -> Scorecards | None:
    """Every rep's scorecard for the window, by month and by quarter."""
    return snapshots_of(run, [SnapshotKind.SCORECARDS]).scorecards


def gap_of(run: AnalysisRun | None) -> Gap | None:
    """The star-core gap on every metric and the opportunity."""
    return snapshots_of(run, [SnapshotKind.GAP]).gap


def trend_of(run: AnalysisRun | None) -> Trend | None:
    """The monthly gap, for the organisation and each team."""
    return snapshots_of(run, [SnapshotKind.TREND]).trend


def summary_of(run: AnalysisRun | None) -> AnalysisSummary | None:
    """The analysis' day, window, currency and notes."""
    return snapshots_of(run, [SnapshotKind.SUMMARY]).summary


def drivers_of(run: AnalysisRun | None) -> DriversDocument | None:
    """What stars do differently, and where they win."""
    return snapshots_of(run, [SnapshotKind.DRIVERS]).drivers


def star_profiles_of(run: AnalysisRun | None) -> StarProfilesDocument | None:
    """What is distinctive about each star."""
    return snapshots_of(run, [SnapshotKind.STAR_PROFILES]).star_profiles


def habits_of(run: AnalysisRun | None) -> AdoptionHabitsDocument | None:
    """Adopters' deal behaviours by month (the adoption-habits part)."""
    return snapshots_of(run, [SnapshotKind.ADOPTION_HABITS]).adoption_habits


def impact_of(run: AnalysisRun | None) -> ImpactDocument | None:
    """The measured effect of practices and coaching on their adopters."""
    return snapshots_of(run, [SnapshotKind.IMPACT]).impact


def credit_of(run: AnalysisRun | None) -> CreditDocument | None:
    """Measured practice value credited to its contributors."""
    return snapshots_of(run, [SnapshotKind.CREDIT]).credit


def team_iq_of(run: AnalysisRun | None) -> TeamIQDocument | None:
    """The Team Sales IQ and the gap closure."""
    return snapshots_of(run, [SnapshotKind.TEAM_IQ]).team_iq


def leaders_of(run: AnalysisRun | None) -> LeadersDocument | None:
    """The future-leaders components of everyone."""
    return snapshots_of(run, [SnapshotKind.LEADERS]).leaders
