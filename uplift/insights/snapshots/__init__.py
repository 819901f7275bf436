"""Stored analysis snapshots: the kinds (`SnapshotKind`), one typed reader per kind, and one
for several kinds in one query.

    from uplift.insights.snapshots import segments_of, snapshots_of
    segments = segments_of(analysis_latest(organisation=organisation))  # Segments | None
    found = snapshots_of(run, [SnapshotKind.SEGMENTS, SnapshotKind.GAP])  # SnapshotSet
    found.segments, found.gap  # Segments | None, Gap | None

docs/architecture.md ("Analysis snapshots") lists the kinds and says how to add one.
"""

from uplift.insights.snapshots.readers import (
    SnapshotSet,
    credit_of,
    drivers_of,
    gap_of,
    habits_of,
    impact_of,
    leaders_of,
    scorecards_of,
    segments_of,
    snapshots_of,
    star_profiles_of,
    summary_of,
    team_iq_of,
    trend_of,
)
from uplift.insights.snapshots.store import SnapshotKind

__all__ = [
    "SnapshotKind",
    "SnapshotSet",
    "credit_of",
    "drivers_of",
    "gap_of",
    "habits_of",
    "impact_of",
    "leaders_of",
    "scorecards_of",
    "segments_of",
    "snapshots_of",
    "star_profiles_of",
    "summary_of",
    "team_iq_of",
    "trend_of",
]
