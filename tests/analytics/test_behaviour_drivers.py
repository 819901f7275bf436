"""The drivers analysis on a generated organisation with planted behaviours, on DuckDB and
PostgreSQL: stars hold more meetings and involve more contacts per opportunity and touch new
deals sooner; they do not e-mail more (the planted non-difference). Stage conversions, time in
stage and the sales cycle are outcomes: reported apart, as where stars win, never as drivers.
Without activities in the export, the activity behaviours are missing, not 0."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import ibis
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend
from statsmodels.stats.multitest import multipletests

from tests.analytics.generated import GeneratedStore, generated_store
from tests.engines import POSTGRES_ANALYTICS_URL, _ensure_database, engine_params
from uplift.analytics import engine
from uplift.analytics.behaviour import (
    DriversAnalysis,
    analyse_drivers,
    behaviour_table,
    rep_groups_from_segments,
    stage_history_table,
)
from uplift.analytics.metrics import crm_tables, trailing_window
from uplift.analytics.performance import PerformanceAnalysis, analyse_performance

CONTRACT_KEYS = (
    "meetings_per_opportunity",
    "calls_per_opportunity",
    "emails_per_opportunity",
    "contacts_per_opportunity",
)
PLANTED = {"contacts_per_opportunity", "meetings_per_opportunity", "days_to_first_activity"}
ACTIVITY_KEYS = {
    "meetings_per_opportunity",
    "calls_per_opportunity",
    "emails_per_opportunity",
    "days_to_first_activity",
}


@pytest.fixture(scope="module", params=engine_params())
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> GeneratedStore:
    return generated_store(tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def con(store: GeneratedStore) -> Iterator[BaseBackend]:
    backend = engine.connect(store.url)
    yield backend
    backend.disconnect()


@pytest.fixture(scope="module")
def performance(con: BaseBackend) -> PerformanceAnalysis:
    return analyse_performance(con)


@pytest.fixture(scope="module")
def analysis(con: BaseBackend, performance: PerformanceAnalysis) -> DriversAnalysis:
    return analyse_drivers(
        con,
        reps=rep_groups_from_segments(performance.segments.to_dict()),
        window=performance.window,
        as_of=performance.as_of,
    )


def by_key(analysis: DriversAnalysis) -> dict[str, dict[str, object]]:
    return {d["behavior"]: d for d in analysis.to_dict()["drivers"]}


def test_the_planted_differences_are_recovered(analysis: DriversAnalysis) -> None:
    drivers = by_key(analysis)
    for key in ("meetings_per_opportunity", "contacts_per_opportunity"):
        found = drivers[key]
        assert found["significant"], found
        assert found["q_value"] < 0.001, found  # type: ignore[operator]
        assert found["adjusted_difference"] > 0, found  # type: ignore[operator]
        assert found["effect_size"] > 0.5, found  # type: ignore[operator]
        assert found["effect_ci"][0] > 0, found  # type: ignore[index]
        assert str(found["reading"]).startswith("Stars "), found
    speed = drivers["days_to_first_activity"]
    assert speed["significant"], speed
    assert speed["adjusted_difference"] < 0, speed  # type: ignore[operator]


def test_the_planted_non_difference_is_not_reported(analysis: DriversAnalysis) -> None:
    emails = by_key(analysis)["emails_per_opportunity"]
    assert not emails["significant"], emails
    assert emails["q_value"] > 0.05, emails  # type: ignore[operator]
    assert str(emails["reading"]).startswith("No clear difference (q = "), emails
    low, high = emails["adjusted_ci"]  # type: ignore[misc]
    assert low < 0 < high


def test_the_planted_behaviours_lead_and_no_outcome_is_a_driver(
    analysis: DriversAnalysis,
) -> None:
    doc = analysis.to_dict()
    keys = [d["behavior"] for d in doc["drivers"]]
    assert set(keys[:3]) == PLANTED, keys
    outcomes = ("conversion_", "days_in_", "sales_cycle")
    assert not [key for key in keys if key.startswith(outcomes)], keys
    assert {d["kind"] for d in doc["drivers"]} == {"behaviour"}
    won = [d["behavior"] for d in doc["where_stars_win"]]
    assert any(key.startswith("conversion_") for key in won)
    assert any(key.startswith("days_in_") for key in won)
    assert "sales_cycle_days" in won
    assert {d["kind"] for d in doc["where_stars_win"]} == {"outcome"}
    assert doc["missing"] == []  # the generated export holds every source


def test_the_document_keeps_the_contract(analysis: DriversAnalysis) -> None:
    doc = analysis.to_dict()
    assert {"as_of", "window", "drivers", "profiles", "method"} <= set(doc)
    keys = [d["behavior"] for d in doc["drivers"]]
    assert set(CONTRACT_KEYS) <= set(keys)
    for family in ("drivers", "where_stars_win"):
        for driver in doc[family]:
            assert {
                "behavior",
                "label",
                "star",
                "core",
                "effect_size",
                "effect_ci",
                "adjusted_difference",
                "adjusted_ci",
                "p_value",
                "q_value",
                "significant",
                "reading",
                "n_star",
                "n_core",
                "unit",
                "kind",
            } <= set(driver)
            assert driver["n_star"] >= 2
            assert driver["n_core"] >= 2
        significant = [d for d in doc[family] if d["significant"]]
        assert doc[family][: len(significant)] == significant  # significant first
        sizes = [abs(d["effect_size"]) for d in significant]
        assert sizes == sorted(sizes, reverse=True)
    assert "not causation" in doc["method"]
    assert "Correlation, not causation" in doc["caution"]


def test_q_values_agree_with_statsmodels_within_each_family(analysis: DriversAnalysis) -> None:
    for family in (analysis.drivers, analysis.where_stars_win):
        drivers = [d for d in family if d.p_value is not None]
        expected = multipletests([d.p_value for d in drivers], method="fdr_bh")[1]
        assert [d.q_value for d in drivers] == pytest.approx(list(expected), abs=1e-12)


def test_without_activities_the_activity_behaviours_are_missing_not_zero(
    con: BaseBackend, performance: PerformanceAnalysis
) -> None:
    tables = crm_tables(con)
    silent = replace(tables, activities=tables.activities.filter(ibis.literal(False)))
    doc = analyse_drivers(
        silent,
        reps=rep_groups_from_segments(performance.segments.to_dict()),
        window=performance.window,
        as_of=performance.as_of,
        stage_history=stage_history_table(con),
    ).to_dict()
    listed = {d["behavior"] for d in doc["drivers"]}
    assert listed == {"contacts_per_opportunity"}, listed
    missing = {m["behavior"]: m for m in doc["missing"]}
    assert set(missing) == ACTIVITY_KEYS
    for item in missing.values():
        assert item["reason"] == "this export has no activities"
        assert item["kind"] == "behaviour"
        assert item["label"]
    for profile in doc["profiles"]:
        assert not ACTIVITY_KEYS & set(profile["percentiles"])


def test_every_star_has_a_profile_for_the_debrief(
    analysis: DriversAnalysis, store: GeneratedStore
) -> None:
    doc = analysis.to_dict()
    assert len(doc["profiles"]) == analysis.n_star
    assert all(p["email"] and p["name"] and p["team"] for p in doc["profiles"])
    for profile in doc["profiles"]:
        for item in profile["distinctive"]:
            assert item["percentile"] >= 80 or item["percentile"] <= 20
            assert item["direction"] == ("high" if item["percentile"] >= 80 else "low")
            assert {"behavior", "label", "value", "core_median", "percentile"} <= set(item)
        assert set(profile["percentiles"]) <= {d["behavior"] for d in doc["drivers"]}
        for item in profile["where_they_win"]:
            assert item["kind"] == "outcome"
    # Planted stars hold more meetings per deal than core reps on the same mix: on average they
    # sit well above the core's middle.
    planted = {star["id"] for star in store.truth["stars"]}
    meetings = [
        p["percentiles"]["meetings_per_opportunity"]
        for p in doc["profiles"]
        if p["rep_id"] in planted and "meetings_per_opportunity" in p["percentiles"]
    ]
    assert sum(meetings) / len(meetings) > 65


def _table(url: str, as_of: date) -> pa.Table:
    backend = engine.connect(url)
    try:
        window = trailing_window(as_of)
        found = behaviour_table(crm_tables(backend), stage_history_table(backend), window)
        return found.rows
    finally:
        backend.disconnect()


def test_duckdb_and_postgres_give_the_same_behaviour_table(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    problem = _ensure_database(POSTGRES_ANALYTICS_URL)
    if problem:
        pytest.skip(problem)
    as_of = date(2026, 10, 31)
    duck = _table(generated_store(tmp_path_factory, "duckdb://").url, as_of)
    postgres = _table(generated_store(tmp_path_factory, POSTGRES_ANALYTICS_URL).url, as_of)
    assert duck.num_rows == postgres.num_rows > 3000
    for left, right in zip(duck.to_pylist(), postgres.to_pylist(), strict=True):
        assert (left["source"], left["rep_id"], left["behavior"], left["n"]) == (
            right["source"],
            right["rep_id"],
            right["behavior"],
            right["n"],
        )
        assert math.isclose(left["value"], right["value"], rel_tol=1e-9, abs_tol=1e-9), left
