"""The snapshot store: which kinds of snapshot an analysis run stores, and the stored JSON.

A run stores one snapshot per kind: the performance parts (segments, gap, scorecards, trend),
their summary, and one per registered analysis (`uplift.pipeline.analyses`). The kind is the
`uplift report` name and the JSON is the report's document, so both are a contract (SPEC).

Pages and domain code read a kind through its typed readers (`uplift.insights.snapshots`,
which read the JSON here with `snapshots_stored` and `snapshots_json_by_id`, and keep each
document converted once per process: `memo.py`); the JSON itself is for the report printer,
which prints it as it is (`snapshot_json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.db import models
from django.db.models.functions import MD5, Cast

from uplift.insights.models import AnalysisRun, Snapshot


class SnapshotKind(StrEnum):
    """Every kind a run stores; the value is the stored ``Snapshot.kind``."""

    SEGMENTS = "segments"
    GAP = "gap"
    SCORECARDS = "scorecards"
    TREND = "trend"
    SUMMARY = "summary"
    DRIVERS = "drivers"
    STAR_PROFILES = "star-profiles"
    ADOPTION_HABITS = "adoption-habits"
    IMPACT = "impact"
    TEAM_IQ = "team-iq"
    CREDIT = "credit"
    LEADERS = "leaders"


# The parts of the performance analysis, stored as its to_dict() holds them.
PERFORMANCE_KINDS = (
    SnapshotKind.SEGMENTS,
    SnapshotKind.GAP,
    SnapshotKind.SCORECARDS,
    SnapshotKind.TREND,
)


def snapshots_store(*, run: AnalysisRun, documents: Mapping[SnapshotKind, dict[str, Any]]) -> None:
    """Store the run's documents, one snapshot per kind (inside the caller's transaction)."""
    Snapshot.objects.bulk_create(
        Snapshot(run=run, kind=kind.value, data=data) for kind, data in documents.items()
    )


def snapshot_json(*, run: AnalysisRun, kind: SnapshotKind) -> dict[str, Any] | None:
    """The stored JSON of one kind, as it is (None when the run has no such part).

    For printing a report; everything else reads the kind's typed reader."""
    snapshot = Snapshot.objects.filter(run=run, kind=kind.value).only("data").first()
    return None if snapshot is None else snapshot.data


def snapshots_json(
    *, run: AnalysisRun, kinds: Iterable[SnapshotKind]
) -> dict[SnapshotKind, dict[str, Any]]:
    """The stored JSON of several kinds in one query (a kind the run lacks is absent).

    For the typed readers, which turn it into documents (`snapshots_of`)."""
    found = Snapshot.objects.filter(run=run, kind__in=[kind.value for kind in kinds])
    return {SnapshotKind(kind): data for kind, data in found.values_list("kind", "data")}


def snapshots_stored(
    *, run: AnalysisRun, kinds: Iterable[SnapshotKind]
) -> dict[SnapshotKind, tuple[int, str]]:
    """Which of the kinds the run has: each snapshot's id and a fingerprint of its stored JSON
    (computed by the database), not the JSON itself."""
    found = Snapshot.objects.filter(run=run, kind__in=[kind.value for kind in kinds])
    fingerprint = MD5(Cast("data", output_field=models.TextField()))
    rows = found.annotate(fingerprint=fingerprint).values_list("kind", "pk", "fingerprint")
    return {SnapshotKind(kind): (pk, str(digest)) for kind, pk, digest in rows}


def snapshots_json_by_id(*, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The stored JSON of the snapshots with these ids, by id."""
    return dict(Snapshot.objects.filter(pk__in=ids).values_list("pk", "data"))
