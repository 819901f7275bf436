"""Every snapshot kind has a typed reader; the readers read the hand-made analysis back as the
analysis stored it, and say None before an analysis or for a part the run lacks. Several kinds
read at once (`snapshots_of`) take one query, each into the same typed document its single
reader gives, and leave None what was not asked for or what the run lacks."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, get_type_hints

import pytest
from pytest_django import DjangoAssertNumQueries

from tests.conftest import World
from tests.insights.snapshots import AS_OF, WINDOW, analysis_store, documents
from uplift.insights.models import Snapshot
from uplift.insights.snapshots import (
    SnapshotKind,
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
from uplift.insights.snapshots.documents import AnalysisSummary
from uplift.insights.snapshots.readers import READERS, attribute_of
from uplift.insights.snapshots.store import PERFORMANCE_KINDS, snapshot_json
from uplift.pipeline.analyses import discover

pytestmark = pytest.mark.django_db

SINGLE_READERS: dict[SnapshotKind, Callable[[Any], object]] = {
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
    assert set(SINGLE_READERS) == set(SnapshotKind)
    assert all(part.kind == kind for kind, part in discover().items())


def test_each_kind_has_the_attribute_of_the_type_its_conversion_builds() -> None:
    hints = get_type_hints(SnapshotSet)
    assert set(hints) == {attribute_of(kind) for kind in SnapshotKind}
    for kind, convert in READERS.items():
        built = convert.__self__  # type: ignore[attr-defined]  # each is a from_dict
        assert hints[attribute_of(kind)] == built | None, kind
        assert get_type_hints(SINGLE_READERS[kind])["return"] == built | None, kind


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
    assert all(reader(None) is None for reader in SINGLE_READERS.values())
    assert snapshots_of(None, SnapshotKind) == SnapshotSet()
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


# --- several kinds at once ---------------------------------------------------------------------


def analysis_documents() -> dict[str, Any]:
    """A document of every kind: the hand-made performance analysis and small ones for the rest,
    with the keys their writers always write."""
    comparison = {"behavior": "meetings_per_opportunity", "label": "Meetings", "star": 2.0}
    return {
        **documents(),
        "drivers": {"drivers": [comparison], "where_stars_win": [], "missing": []},
        "star-profiles": {
            "as_of": AS_OF,
            "rule": {"high": 0.8, "low": 0.2, "q_max": 0.1, "min_core": 5},
            "rule_text": "Distinctive: above the core's 80th percentile.",
            "caution": "Associations, not causes.",
            "n_star": 3,
            "n_core": 4,
            "drivers": [comparison],
            "profiles": [{"rep_id": "ART", "name": "Art Test", "distinctive": []}],
        },
        "adoption-habits": {"as_of": AS_OF, "reps": {"ART": {"2026-01": [6, 2]}}},
        "impact": {
            "as_of": AS_OF,
            "method": "callaway_santanna_never_treated",
            "window": WINDOW,
            "practices": [{"practice": "Mutual close plan", "metric": "win_rate", "att": 0.06}],
            "not_estimated": [],
            "coaching": [],
            "notes": ["A note."],
        },
        "credit": {
            "as_of": AS_OF,
            "horizon_months": 12,
            "closed_per_rep_month": 6.7,
            "currency": "USD",
            "rule": "Measured gains only.",
            "practices": [{"practice": "Mutual close plan", "credit_status": "measured"}],
            "people": [],
            "notes": [],
        },
        "team-iq": {
            "as_of": AS_OF,
            "metric": "win_rate",
            "gap_unit": "fraction",
            "currency": "USD",
            "label": "An index.",
            "window": WINDOW,
            "config": {"grain": "quarter", "weights": {"results": 1.0}},
            "teams": ["Alpha"],
            "series": [{"team": "Alpha", "period": "2026-Q1", "team_iq": 100.0}],
            "gap_closure": [],
            "team_ids": {"Alpha": 1},
            "notes": [],
        },
        "leaders": {
            "as_of": AS_OF,
            "score_rule": "The mean of the percentiles.",
            "counts": {"people": 4, "candidates": 1, "practices_shared": 1, "help": {}},
            "leaders": [{"rep_id": "ART", "name": "Art Test", "score": 0.9}],
            "network": {"nodes": [], "edges": []},
            "teams": ["Alpha"],
        },
    }


def test_every_kind_reads_in_two_queries_as_its_single_reader_reads_it(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    stored = analysis_documents()
    assert set(stored) == {kind.value for kind in SnapshotKind}
    run = analysis_store(organisation=world.org, parts=stored)
    with django_assert_num_queries(2):  # which snapshots the run has, then their JSON
        found = snapshots_of(run, SnapshotKind)
    for kind, read in SINGLE_READERS.items():
        document = getattr(found, attribute_of(kind))
        assert document is not None, kind
        assert document == read(run), kind
    assert found.gap is not None
    assert found.gap.opportunity.annual_value_cents == 12_000_000
    assert found.impact is not None
    assert found.impact.method == "callaway_santanna_never_treated"
    assert found.team_iq is not None
    assert found.team_iq.config == {"grain": "quarter", "weights": {"results": 1.0}}


def test_documents_read_again_take_one_query_and_no_json(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    run = analysis_store(organisation=world.org, parts=analysis_documents())
    first = snapshots_of(run, SnapshotKind)
    with django_assert_num_queries(1) as queries:
        again = snapshots_of(run, SnapshotKind)
    assert again == first
    sql = queries.captured_queries[0]["sql"]
    assert sql.count('"data"') == 1  # only inside the fingerprint: the JSON is not sent


def test_a_document_rewritten_in_place_is_read_again(world: World) -> None:
    run = analysis_store(organisation=world.org, parts=analysis_documents())
    before = snapshots_of(run, [SnapshotKind.GAP]).gap
    assert before is not None
    snapshot = Snapshot.objects.get(run=run, kind=SnapshotKind.GAP.value)
    snapshot.data = {
        **snapshot.data,
        "opportunity": {**snapshot.data["opportunity"], "annual_value_cents": 34_000_000},
    }
    snapshot.save()
    after = snapshots_of(run, [SnapshotKind.GAP]).gap
    assert after is not None
    assert before.opportunity.annual_value_cents == 12_000_000
    assert after.opportunity.annual_value_cents == 34_000_000


def test_each_run_reads_its_own_documents(world: World) -> None:
    older = analysis_store(organisation=world.org, parts=analysis_documents())
    snapshots_of(older, SnapshotKind)
    newer = analysis_store(organisation=world.org)  # the performance parts and the summary only
    found = snapshots_of(newer, SnapshotKind)
    assert found.impact is None
    assert found.gap == gap_of(newer)
    assert snapshots_of(older, SnapshotKind).impact is not None


def test_kinds_not_asked_for_and_kinds_the_run_lacks_are_none(world: World) -> None:
    run = analysis_store(organisation=world.org)  # the performance parts and the summary only
    found = snapshots_of(run, [SnapshotKind.GAP, SnapshotKind.IMPACT])
    assert found.gap is not None
    assert found.has(SnapshotKind.GAP)
    assert not found.has(SnapshotKind.IMPACT)  # an older analysis, without impact
    assert found.segments is None  # stored, but not asked for
    assert found == SnapshotSet(gap=found.gap)


def test_an_empty_document_reads_as_a_missing_one(world: World) -> None:
    run = analysis_store(organisation=world.org)
    Snapshot.objects.filter(run=run, kind=SnapshotKind.TREND.value).update(data={})
    assert snapshots_of(run, [SnapshotKind.TREND]).trend is None
    assert SINGLE_READERS[SnapshotKind.TREND](run) is None
