"""The rep-month panel of the impact analysis: counted by hand, and the same on every engine.

Window 2026-01 to 2026-03. Rep A: a won deal in January (1,000.00), nothing closed in February,
a won (500.00) and a lost deal in March; activities in each month. Rep B: a lost deal in
January, only an activity in March. Rep C starts in February and rep D leaves after January
(both sellers, both left out). Rep E logs activities but never closes a deal (not a seller).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend

from tests.analytics.generated import generated_store, own_connection
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.analytics.impact import impact_window, rep_month_panel, rep_month_panel_expr
from uplift.analytics.impact.deals import IN_FLIGHT, TREATED, UNTREATED, deal_cells
from uplift.analytics.metrics import CrmTables, crm_tables, trailing_window

SF = "salesforce"
WINDOW = trailing_window(date(2026, 3, 31), 3)


def _opp(
    oid: str, owner: str, created: date, close: date | None, won: bool | None, amount: int | None
) -> dict[str, Any]:
    return {
        "source": SF,
        "opportunity_id": oid,
        "owner_id": owner,
        "account_id": "acc",
        "name": oid,
        "product": "Core",
        "amount_cents": amount,
        "currency": "USD",
        "created_date": created,
        "close_date": close or date(2026, 9, 30),
        "stage": "x",
        "is_closed": won is not None,
        "is_won": bool(won),
        "type": None,
        "lead_source": None,
    }


def _act(aid: str, owner: str, opp: str | None, *at: int) -> dict[str, Any]:
    moment = datetime(*at, tzinfo=UTC).replace(tzinfo=None)  # type: ignore[misc]
    return {
        "source": SF,
        "activity_id": aid,
        "owner_id": owner,
        "opportunity_id": opp,
        "account_id": "acc",
        "type": "call",
        "occurred_at": moment,
        "duration_minutes": None,
    }


ROWS: dict[str, list[dict[str, Any]]] = {
    "crm_opportunities": [
        _opp("a0", "A", date(2025, 10, 1), date(2025, 12, 5), True, 99_900),  # before
        _opp("a1", "A", date(2025, 12, 1), date(2026, 1, 10), True, 100_000),
        _opp("a2", "A", date(2026, 2, 1), date(2026, 3, 3), True, 50_000),
        _opp("a3", "A", date(2026, 2, 2), date(2026, 3, 20), False, None),
        _opp("a4", "A", date(2026, 2, 3), date(2026, 4, 2), True, 70_000),  # after
        _opp("a5", "A", date(2026, 3, 1), None, None, 10_000),  # open
        _opp("b1", "B", date(2025, 11, 1), date(2026, 1, 15), False, 20_000),
        _opp("c1", "C", date(2026, 2, 10), date(2026, 2, 20), True, 30_000),
        _opp("c2", "C", date(2026, 3, 1), date(2026, 3, 25), True, 30_000),
        _opp("d1", "D", date(2025, 12, 1), date(2026, 1, 20), True, 40_000),
    ],
    "crm_activities": [
        _act("x1", "A", "a1", 2026, 1, 5, 9),
        _act("x2", "A", None, 2026, 2, 5, 9),  # on the account only: still activity
        _act("x3", "A", "a3", 2026, 3, 31, 23, 30),
        _act("x4", "A", "a4", 2026, 4, 1, 0, 0),  # after the window
        _act("x5", "B", None, 2026, 3, 2, 10),
        _act("x6", "E", None, 2026, 1, 2, 10),
        _act("x7", "E", None, 2026, 3, 2, 10),
    ],
}


def tiny_impact_tables(con: BaseBackend, prefix: str = "impact_tiny_") -> CrmTables:
    made = {}
    for table in CANONICAL_TABLES:
        rows = ROWS.get(table.name, [])
        columns = {name: [row[name] for row in rows] for name in table.column_names}
        data = ibis.memtable(pa.table(columns, schema=table.schema().to_pyarrow()))
        made[table.name] = con.create_table(prefix + table.name, data, overwrite=True)
    return CrmTables(
        reps=made["crm_reps"],
        accounts=made["crm_accounts"],
        opportunities=made["crm_opportunities"],
        activities=made["crm_activities"],
        contact_roles=made["crm_contact_roles"],
        quotas=made["crm_quotas"],
    )


@pytest.fixture(scope="module", params=engine_params())
def con(request: pytest.FixtureRequest) -> Iterator[BaseBackend]:
    yield from own_connection(request.param)


@pytest.fixture(scope="module")
def tiny(con: BaseBackend) -> CrmTables:
    return tiny_impact_tables(con)


def test_the_panel_matches_a_hand_count(tiny: CrmTables) -> None:
    rows = rep_month_panel_expr(tiny, WINDOW).order_by(["rep_id", "period"]).to_pyarrow()
    got = [
        (
            r["rep_id"],
            r["period"],
            r["month"],
            r["deals_closed"],
            r["deals_won"],
            r["win_rate"],
            r["bookings_cents"],
            r["activities"],
        )
        for r in rows.to_pylist()
    ]
    assert got == [
        ("A", 1, date(2026, 1, 1), 1, 1, 1.0, 100_000, 1),
        ("A", 2, date(2026, 2, 1), 0, 0, None, 0, 1),  # no closed deal: no rate, not zero
        ("A", 3, date(2026, 3, 1), 2, 1, 0.5, 50_000, 1),
        ("B", 1, date(2026, 1, 1), 1, 0, 0.0, 0, 0),
        ("B", 2, date(2026, 2, 1), 0, 0, None, 0, 0),
        ("B", 3, date(2026, 3, 1), 0, 0, None, 0, 1),
    ]


def test_reps_who_joined_or_left_during_the_window_are_counted_out(tiny: CrmTables) -> None:
    panel = rep_month_panel(tiny, WINDOW)
    assert panel.reps == ((SF, "A"), (SF, "B"))
    assert panel.excluded_reps == 2  # C joined in February, D left after January; E never sold
    assert panel.months == (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    assert panel.deals_closed.tolist() == [[1, 0, 2], [1, 0, 0]]
    assert panel.bookings_cents.tolist() == [[100_000, 0, 50_000], [0, 0, 0]]
    rates = panel.win_rate
    assert rates[0, 0] == 1.0
    assert np.isnan(rates[0, 1])
    assert panel.period_of(date(2026, 3, 31)) == 3
    assert panel.period_of(date(2025, 12, 31)) == 0


def test_the_arrow_form_equals_the_engine_rows(tiny: CrmTables) -> None:
    panel = rep_month_panel(tiny, WINDOW)
    engine_rows = rep_month_panel_expr(tiny, WINDOW).order_by(["source", "rep_id", "period"])
    assert panel.to_arrow().to_pylist() == engine_rows.to_pyarrow().to_pylist()


def test_the_window_starts_no_earlier_than_the_first_closed_deal(tiny: CrmTables) -> None:
    assert impact_window(tiny, date(2026, 3, 31), 3) == WINDOW
    window = impact_window(tiny, date(2026, 3, 31), 24)
    assert (window.start, window.end) == (date(2025, 12, 1), date(2026, 3, 31))


@pytest.mark.postgres
def test_duckdb_and_postgresql_build_the_same_panel_from_an_export(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    urls = [param.values[0] for param in engine_params()]  # type: ignore[attr-defined]
    panels, cells = [], []
    for url in urls:
        store = generated_store(tmp_path_factory, url)
        backend = engine.connect(store.url)
        try:
            tables = crm_tables(backend)
            window = impact_window(tables, date(2026, 10, 31), 24)
            panel = rep_month_panel(tables, window)
            panels.append(panel)
            adopted = {rep: date(2026, 3, 15) for rep in panel.reps[::5]}
            found = deal_cells(tables, window, panel.reps, adopted)
            cells.append(
                sorted(
                    zip(
                        found.rep.tolist(),
                        found.month.tolist(),
                        found.exposure.tolist(),
                        found.deals.tolist(),
                        found.won.tolist(),
                        strict=True,
                    )
                )
            )
        finally:
            backend.disconnect()
    duck, postgres = panels
    assert len(duck.reps) > 100
    assert duck.reps == postgres.reps
    assert duck.months == postgres.months
    assert duck.to_arrow().equals(postgres.to_arrow())
    # the deal counts by creation month and exposure: every class present, the same on both
    assert {row[2] for row in cells[0]} == {UNTREATED, TREATED, IN_FLIGHT}
    assert cells[0] == cells[1]
