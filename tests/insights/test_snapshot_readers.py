"""Every snapshot kind has a typed reader; the readers read the hand-made analysis back as the
analysis stored it, and say None before an analysis or for a part the run lacks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import World
from tests.insights.snapshots import analysis_store, documents
from uplift.insights.snapshots import (
    SnapshotKind,
    drivers_of,
    gap_of,
    scorecards_of,
    segments_of,
    summary_of,
    trend_of,
)
from uplift.insights.snapshots.documents import AnalysisSummary
from uplift.insights.snapshots.readers import READERS
from uplift.insights.snapshots.store import PERFORMANCE_KINDS, snapshot_json
from uplift.pipeline.analyses import discover

pytestmark = pytest.mark.django_db


def holds(written: Any, stored: Any) -> bool:
    """Whether what a document writes holds everything stored, with the same JSON values (it may
    add contract keys that the hand-made documents leave out)."""
    if isinstance(stored, dict):
        return isinstance(written, dict) and all(
            key in written and holds(written[key], value) for key, value in stored.items()
        )
    if isinstance(stored, list):
        return (
            isinstance(written, list)
            and len(written) == len(stored)
            and all(holds(w, s) for w, s in zip(written, stored, strict=True))
        )
    return json.dumps(written) == json.dumps(stored)


def test_every_kind_a_run_stores_is_a_snapshot_kind_with_a_reader() -> None:
    stored = {*PERFORMANCE_KINDS, SnapshotKind.SUMMARY, *discover()}
    assert stored == set(SnapshotKind)
    assert set(READERS) == set(SnapshotKind)
    assert all(part.kind == kind for kind, part in discover().items())


def test_the_performance_parts_read_back_as_they_were_stored(world: World) -> None:
    run = analysis_store(organisation=world.org)
    stored = documents()
    read = {
        "segments": segments_of(run),
        "scorecards": scorecards_of(run),
        "gap": gap_of(run),
        "trend": trend_of(run),
        "summary": summary_of(run),
    }
    for kind, document in read.items():
        assert document is not None, kind
        assert holds(document.to_dict(), stored[kind]), kind
    segments = read["segments"]
    assert segments is not None
    assert [r.rep.rep_id for r in segments.reps if r.segment == "star"] == ["ART", "BOB", "XS1"]


def test_no_run_and_a_run_without_the_part_read_as_none(world: World) -> None:
    assert all(reader(None) is None for reader in READERS.values())
    run = analysis_store(organisation=world.org)
    assert drivers_of(run) is None  # the hand-made analysis has no drivers part
    assert snapshot_json(run=run, kind=SnapshotKind.DRIVERS) is None


def test_the_summary_is_written_and_read_by_one_class() -> None:
    performance = {
        "as_of": "2026-03-31",
        "window": {"start": "2026-01-01", "end": "2026-03-31"},
        "currency": "EUR",
        "notes": ["A note."],
        "segments": {},
    }
    written = AnalysisSummary.of_performance(performance).to_dict()
    assert written == {
        "as_of": "2026-03-31",
        "window": {"start": "2026-01-01", "end": "2026-03-31"},
        "currency": "EUR",
        "notes": ["A note."],
    }
    assert AnalysisSummary.from_dict(written).to_dict() == written
    older = AnalysisSummary.from_dict({"as_of": "2026-03-31"})
    assert (older.window, older.currency, older.notes) == (None, None, ())
