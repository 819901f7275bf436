"""Scorecards are computed in the engine, identically on DuckDB and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import ibis.expr.types as ir
import pytest
from ibis.backends import BaseBackend

from tests.analytics.generated import generated_store, own_connection
from tests.analytics.tiny_crm import tiny_tables
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.metrics import (
    CrmTables,
    crm_tables,
    deal_mix,
    scorecard_expr,
    scorecard_set,
    scorecards,
    trailing_window,
)

WINDOW = trailing_window(date(2026, 3, 31), 3)


@pytest.fixture(scope="module", params=engine_params())
def con(request: pytest.FixtureRequest) -> Iterator[BaseBackend]:
    yield from own_connection(request.param)


@pytest.fixture(scope="module")
def tiny(con: BaseBackend) -> CrmTables:
    return tiny_tables(con)


def by_rep(tables: CrmTables, grain: str = "window") -> dict[tuple[str, date], dict[str, Any]]:
    rows = scorecards(tables, WINDOW, grain).to_pylist()  # type: ignore[arg-type]
    return {(row["rep_id"], row["period_key"]): row for row in rows}


def test_the_window_scorecard_matches_a_hand_count(tiny: CrmTables) -> None:
    a = by_rep(tiny)[("A", date(2026, 1, 1))]
    assert a["period_start"] == date(2026, 1, 1)
    assert a["period_end"] == date(2026, 3, 31)
    assert (a["deals_closed"], a["deals_won"]) == (3, 2)
    assert a["win_rate"] == pytest.approx(2 / 3)
    assert a["bookings_cents"] == 400_000
    assert a["avg_won_deal_cents"] == pytest.approx(200_000)
    assert a["median_cycle_days"] == pytest.approx(50)  # between 40 and 60 days
    assert (a["opportunities_created"], a["pipeline_created_cents"]) == (2, 500_000)
    assert (a["opportunities_worked"], a["calls"], a["emails"], a["meetings"]) == (2, 2, 1, 1)
    assert a["calls_per_opportunity"] == pytest.approx(1.0)
    assert a["emails_per_opportunity"] == pytest.approx(0.5)
    assert a["meetings_per_opportunity"] == pytest.approx(0.5)
    assert a["contacts"] == 3
    assert a["contacts_per_opportunity"] == pytest.approx(1.0)
    assert a["quota_cents"] == pytest.approx(800_000)
    assert a["quota_attainment"] == pytest.approx(0.5)


def test_a_rep_without_wins_has_zero_sums_and_no_rates_that_need_wins(tiny: CrmTables) -> None:
    b = by_rep(tiny)[("B", date(2026, 1, 1))]
    assert (b["deals_closed"], b["deals_won"], b["bookings_cents"]) == (1, 0, 0)
    assert b["win_rate"] == 0.0
    assert b["avg_won_deal_cents"] is None
    assert b["median_cycle_days"] is None
    assert b["opportunities_worked"] == 0
    assert b["calls_per_opportunity"] is None
    assert b["quota_cents"] is None
    assert b["quota_attainment"] is None


def test_reps_without_any_event_have_no_row(tiny: CrmTables) -> None:
    assert {rep for rep, _ in by_rep(tiny)} == {"A", "B"}


def test_monthly_rows_put_each_event_in_its_month(tiny: CrmTables) -> None:
    rows = by_rep(tiny, "month")
    jan, feb, mar = (rows[("A", date(2026, m, 1))] for m in (1, 2, 3))
    assert (jan["deals_won"], jan["bookings_cents"], jan["median_cycle_days"]) == (1, 100_000, 40)
    assert (feb["deals_won"], feb["bookings_cents"], feb["median_cycle_days"]) == (1, 300_000, 60)
    assert (mar["deals_closed"], mar["deals_won"]) == (1, 0)
    assert (jan["opportunities_created"], feb["opportunities_created"]) == (1, 1)
    assert (jan["calls"], jan["emails"], feb["meetings"], mar["calls"]) == (1, 1, 1, 1)
    # The quarterly quota of 8,000.00 is spread over its 90 days.
    assert jan["quota_cents"] == pytest.approx(800_000 * 31 / 90)
    assert feb["quota_cents"] == pytest.approx(800_000 * 28 / 90)
    assert sum(rows[("A", date(2026, m, 1))]["quota_cents"] for m in (1, 2, 3)) == pytest.approx(
        800_000
    )


def test_quarterly_periods_are_clipped_to_the_window(tiny: CrmTables) -> None:
    window = trailing_window(date(2026, 2, 28), 2)  # 2026-01-01 .. 2026-02-28
    rows = scorecards(tiny, window, "quarter").to_pylist()
    a = next(row for row in rows if row["rep_id"] == "A")
    assert (a["period_key"], a["period_start"], a["period_end"]) == (
        date(2026, 1, 1),
        date(2026, 1, 1),
        date(2026, 2, 28),
    )
    assert a["deals_won"] == 2
    assert a["quota_cents"] == pytest.approx(800_000 * 59 / 90)


def test_deal_mix_counts_closed_deals_per_segment(tiny: CrmTables) -> None:
    rows = deal_mix(tiny, WINDOW).to_pylist()
    got = {
        (r["rep_id"], r["cell"]): (r["deals_closed"], r["deals_won"], r["bookings_cents"])
        for r in rows
    }
    assert got == {
        ("A", "Enterprise"): (1, 0, 0),
        ("A", "SMB"): (2, 2, 400_000),
        ("B", "Enterprise"): (1, 0, 0),
    }
    squares = {r["rep_id"] + r["cell"]: r["bookings_squares"] for r in rows}
    assert squares["ASMB"] == pytest.approx(100_000.0**2 + 300_000.0**2)


def test_the_expression_is_returned_unexecuted(tiny: CrmTables) -> None:
    expr = scorecard_expr(tiny, WINDOW, "month")
    assert isinstance(expr, ir.Table)
    assert "win_rate" in expr.columns


@pytest.mark.parametrize("url", engine_params())
def test_duckdb_and_postgresql_compute_the_same_scorecards(
    url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    reference = generated_store(tmp_path_factory, "duckdb://")
    store = generated_store(tmp_path_factory, url)
    window = trailing_window(date(2026, 10, 31))

    def rows(store_url: str) -> list[dict[str, Any]]:
        backend = engine.connect(store_url)
        try:
            return scorecards(crm_tables(backend), window, "month").to_pylist()
        finally:
            backend.disconnect()

    expected, got = rows(reference.url), rows(store.url)
    assert len(got) == len(expected) > 1000
    for mine, theirs in zip(got, expected, strict=True):
        for key, value in theirs.items():
            if isinstance(value, float):
                assert mine[key] == pytest.approx(value, rel=1e-12), key
            else:
                assert mine[key] == value, key


def test_one_query_for_several_grains_equals_one_query_each(tiny: CrmTables) -> None:
    together = scorecard_set(tiny, WINDOW, ("window", "month", "quarter"))
    for grain, table in together.items():
        assert table.to_pylist() == scorecards(tiny, WINDOW, grain).to_pylist(), grain


def test_opportunities_worked_can_be_left_to_the_window(tiny: CrmTables) -> None:
    cards = scorecard_set(tiny, WINDOW, ("window", "month"), opportunities_worked=("window",))
    window = {row["rep_id"]: row for row in cards["window"].to_pylist()}
    assert window["A"]["opportunities_worked"] == 2
    assert window["A"]["calls_per_opportunity"] == pytest.approx(1.0)
    january = next(r for r in cards["month"].to_pylist() if r["rep_id"] == "A")
    assert (january["calls"], january["emails"]) == (1, 1)  # counts are always there
    assert january["opportunities_worked"] is None
    assert january["calls_per_opportunity"] is None
