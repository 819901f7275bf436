"""A metric whose source data the export lacks is null, never 0, and says why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from ibis.backends import BaseBackend

from tests.analytics.generated import generated_store, own_connection
from tests.analytics.tiny_crm import tiny_tables
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.metrics import (
    SOURCE_COLUMNS,
    CrmTables,
    crm_tables,
    scorecards,
    source_availability,
    trailing_window,
)
from uplift.analytics.performance import PerformanceAnalysis, analyse_performance

WINDOW = trailing_window(date(2026, 3, 31), 3)
WITHOUT = ("crm_activities", "crm_contact_roles", "crm_quotas", "crm_stage_history")
ACTIVITY_COLUMNS = SOURCE_COLUMNS["activities"]
CONTACT_COLUMNS = SOURCE_COLUMNS["contact_roles"]


@pytest.fixture(scope="module", params=engine_params())
def con(request: pytest.FixtureRequest) -> Iterator[BaseBackend]:
    yield from own_connection(request.param)


@pytest.fixture(scope="module")
def deals_only(con: BaseBackend) -> CrmTables:
    return tiny_tables(con, "deals_only_", without=WITHOUT)


@pytest.fixture(scope="module")
def tiny(con: BaseBackend) -> CrmTables:
    return tiny_tables(con, "tiny_avail_")


def window_rows(tables: CrmTables) -> dict[str, dict[str, Any]]:
    return {row["rep_id"]: row for row in scorecards(tables, WINDOW).to_pylist()}


def test_an_export_of_deals_only_lacks_every_optional_source(deals_only: CrmTables) -> None:
    missing = source_availability(deals_only).to_list()
    assert missing == [
        {
            "columns": list(ACTIVITY_COLUMNS),
            "source": "activities",
            "reason": "this export has no activities",
        },
        {
            "columns": list(CONTACT_COLUMNS),
            "source": "contact_roles",
            "reason": "this export has no contact roles",
        },
        {"columns": [], "source": "stage_history", "reason": "this export has no stage history"},
        {
            "columns": ["quota_cents", "quota_attainment"],
            "source": "quotas",
            "reason": "this export has no quotas",
        },
    ]


def test_activity_and_contact_columns_are_null_without_their_source(
    deals_only: CrmTables,
) -> None:
    rows = window_rows(deals_only)
    assert set(rows) == {"A", "B"}
    for rep, row in rows.items():
        for column in (*ACTIVITY_COLUMNS, *CONTACT_COLUMNS, "quota_cents", "quota_attainment"):
            assert row[column] is None, (rep, column)
        assert row["deals_closed"] > 0  # the deals themselves are still counted


def test_a_rep_without_activities_in_an_export_with_activities_has_true_zeros(
    tiny: CrmTables,
) -> None:
    assert source_availability(tiny).has("activities")
    b = window_rows(tiny)["B"]
    assert (b["calls"], b["emails"], b["meetings"], b["opportunities_worked"]) == (0, 0, 0, 0)
    assert b["contacts"] == 0
    assert b["contacts_per_opportunity"] == 0.0


def test_activities_on_accounts_only_cannot_be_counted_per_opportunity(
    deals_only: CrmTables, tiny: CrmTables
) -> None:
    acts = tiny.activities
    on_accounts = replace(deals_only, activities=acts.filter(acts.opportunity_id.isnull()))
    reason = source_availability(on_accounts).reason("calls")
    assert reason == "none of this export's activities is logged on an opportunity"
    assert window_rows(on_accounts)["A"]["calls"] is None


# The whole analysis on a generated organisation whose export lacks activities and contacts.


@pytest.fixture(scope="module", params=engine_params())
def without_activities(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PerformanceAnalysis]:
    store = generated_store(tmp_path_factory, request.param)
    backend = engine.connect(store.url)
    full = crm_tables(backend)
    tables = replace(
        full, activities=full.activities.limit(0), contact_roles=full.contact_roles.limit(0)
    )
    yield analyse_performance(tables, as_of=date(2026, 10, 31))
    backend.disconnect()


def test_the_gap_rows_without_source_data_are_null_with_the_reason(
    without_activities: PerformanceAnalysis,
) -> None:
    gap = without_activities.gap.to_dict()
    rows = {row["metric"]: row for row in gap["metrics"]}
    for metric, reason in (
        ("calls_per_opportunity", "this export has no activities"),
        ("emails_per_opportunity", "this export has no activities"),
        ("meetings_per_opportunity", "this export has no activities"),
        ("contacts_per_opportunity", "this export has no contact roles"),
    ):
        row = rows[metric]
        assert (row["star"], row["core"], row["gap_pct"], row["ci"]) == (
            None,
            None,
            None,
            [None, None],
        ), metric
        assert row["no_data"] == reason
    assert rows["win_rate"]["no_data"] is None
    assert rows["win_rate"]["star"] is not None
    missing = [m["source"] for m in gap["missing"]]
    assert missing == ["activities", "contact_roles", "stage_history", "quotas"]
    assert "quota_attainment" not in rows  # no quotas: the row is left out, quotas listed


def test_the_scorecard_document_lists_what_is_missing(
    without_activities: PerformanceAnalysis,
) -> None:
    cards = without_activities.scorecards.to_dict()
    reasons = {m["source"]: m["reason"] for m in cards["missing"]}
    assert reasons["activities"] == "this export has no activities"
    assert reasons["contact_roles"] == "this export has no contact roles"
    for row in cards["reps"] + cards["monthly"]:
        assert row["calls_per_opportunity"] is None
        assert row["contacts_per_opportunity"] is None
        assert row["calls"] is None


def _won_deals_priced_only(tables: CrmTables) -> CrmTables:
    opp = tables.opportunities
    won = opp.is_closed & opp.is_won
    priced = opp.mutate(amount_cents=(won & won.notnull()).ifelse(opp.amount_cents, None))
    return replace(tables, opportunities=priced)


def test_pipeline_is_no_data_when_only_won_deals_carry_an_amount(tiny: CrmTables) -> None:
    """Pipeline created would otherwise equal the bookings of the same deals and look measured."""
    assert source_availability(tiny).has("pipeline_amounts")
    assert all(row["pipeline_created_cents"] for row in window_rows(tiny).values())
    priced_when_won = _won_deals_priced_only(tiny)
    found = source_availability(priced_when_won)
    assert found.reason("pipeline_created_cents") == (
        "this export's lost and open deals carry no amount"
    )
    rows = window_rows(priced_when_won)
    assert all(row["pipeline_created_cents"] is None for row in rows.values())
    assert all(row["opportunities_created"] > 0 for row in rows.values())
    assert rows["A"]["bookings_cents"] == window_rows(tiny)["A"]["bookings_cents"] > 0
