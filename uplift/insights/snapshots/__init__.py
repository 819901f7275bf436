"""Stored analysis snapshots: the kinds (`SnapshotKind`) and one typed reader per kind.

    from uplift.insights.snapshots import segments_of
    segments = segments_of(analysis_latest(organisation=organisation))  # Segments | None

docs/architecture.md ("Analysis snapshots") lists the kinds and says how to add one.
"""

from uplift.insights.snapshots.readers import (
    credit_of,
    drivers_of,
    gap_of,
    habits_of,
    impact_of,
    leaders_of,
    scorecards_of,
    segments_of,
    star_profiles_of,
    summary_of,
    team_iq_of,
    trend_of,
)
from uplift.insights.snapshots.store import SnapshotKind

__all__ = [
    "SnapshotKind",
    "credit_of",
    "drivers_of",
    "gap_of",
    "habits_of",
    "impact_of",
    "leaders_of",
    "scorecards_of",
    "segments_of",
    "star_profiles_of",
    "summary_of",
    "team_iq_of",
    "trend_of",
]
