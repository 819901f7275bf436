"""Per-rep behaviours computed by hand on the tiny CRM, on DuckDB and PostgreSQL.

The tiny CRM (``tests/analytics/tiny_crm.py``), window 2026-01-01..2026-03-31. Rep A closed o1
(won, created 12-01, closed 01-10), o2 (won, 12-16 to 02-14) and o3 (lost, 01-20 to 03-01);
rep B closed b1 (lost). Activities on A's closed deals: o1 a call on 01-02 09:00 and an e-mail
on 01-03; o2 a call on 2025-12-31 23:59 (before the window, but the deal's own); o3 a meeting on
02-01 10:00, and a call on 03-31 that comes after o3 closed and does not count. Contacts: o1
two, o3 one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import ibis
import pyarrow as pa
import pytest
from ibis.backends import BaseBackend

from tests.analytics.tiny_crm import ROWS, SF, at
from tests.engines import engine_params
from uplift.analytics import canonical, engine
from uplift.analytics.behaviour import behaviour_table, closing_stages, rep_behaviour_expr
from uplift.analytics.metrics import CrmTables, Window

WINDOW = Window(date(2026, 1, 1), date(2026, 3, 31))
PREFIX = "behaviour_tiny_"
STAGES = {
    "o1": "Closed Won",
    "o2": "Closed Won",
    "o3": "Closed Lost",
    "b1": "Closed Lost",
    "o4": "Proposal",
    "o5": "Closed Won",
}


def _entered(opportunity: str, *steps: tuple[str, datetime]) -> list[dict[str, Any]]:
    return [
        {"source": SF, "opportunity_id": opportunity, "stage": stage, "entered_at": when}
        for stage, when in steps
    ]


# o2 skips Qualification; o3 goes back to Prospecting once (repeat visits add up).
HISTORY = [
    *_entered(
        "o1",
        ("Prospecting", at(2025, 12, 1)),
        ("Qualification", at(2025, 12, 5)),
        ("Proposal", at(2025, 12, 20)),
        ("Closed Won", at(2026, 1, 10)),
    ),
    *_entered(
        "o2",
        ("Prospecting", at(2025, 12, 16)),
        ("Proposal", at(2026, 1, 10)),
        ("Closed Won", at(2026, 2, 14)),
    ),
    *_entered(
        "o3",
        ("Prospecting", at(2026, 1, 20)),
        ("Qualification", at(2026, 1, 25)),
        ("Prospecting", at(2026, 2, 1)),
        ("Qualification", at(2026, 2, 5)),
        ("Closed Lost", at(2026, 3, 1)),
    ),
    *_entered("b1", ("Prospecting", at(2026, 3, 1)), ("Closed Lost", at(2026, 3, 15))),
    *_entered("o4", ("Prospecting", at(2026, 2, 1)), ("Proposal", at(2026, 3, 1))),
]


def _rows(name: str) -> list[dict[str, Any]]:
    if name == "crm_opportunities":
        return [{**row, "stage": STAGES[row["opportunity_id"]]} for row in ROWS[name]]
    if name == "crm_stage_history":
        return HISTORY
    return ROWS[name]


@pytest.fixture(scope="module", params=engine_params())
def con(request: pytest.FixtureRequest) -> Iterator[BaseBackend]:
    backend = engine.connect(request.param)
    yield backend
    for table in canonical.CANONICAL_TABLES:
        backend.drop_table(PREFIX + table.name, force=True)
    backend.disconnect()


@pytest.fixture(scope="module")
def tables(con: BaseBackend) -> dict[str, ibis.Table]:
    made = {}
    for table in canonical.CANONICAL_TABLES:
        rows = _rows(table.name)
        columns = {name: [row[name] for row in rows] for name in table.column_names}
        data = ibis.memtable(pa.table(columns, schema=table.schema().to_pyarrow()))
        made[table.name] = con.create_table(PREFIX + table.name, data, overwrite=True)
    return made


def crm(tables: dict[str, ibis.Table]) -> CrmTables:
    return CrmTables(
        reps=tables["crm_reps"],
        accounts=tables["crm_accounts"],
        opportunities=tables["crm_opportunities"],
        activities=tables["crm_activities"],
        contact_roles=tables["crm_contact_roles"],
        quotas=tables["crm_quotas"],
    )


def per_rep(tables: dict[str, ibis.Table]) -> dict[str, dict[str, Any]]:
    rows = rep_behaviour_expr(crm(tables), WINDOW).to_pyarrow().to_pylist()
    return {row["rep_id"]: row for row in rows}


def test_activities_and_contacts_per_closed_deal(tables: dict[str, ibis.Table]) -> None:
    a = per_rep(tables)["A"]
    assert (a["deals_closed"], a["deals_won"], a["deals_touched"]) == (3, 2, 3)
    assert (a["meetings"], a["calls"], a["emails"], a["contacts"]) == (1, 2, 1, 3)
    assert a["meetings_per_opportunity"] == pytest.approx(1 / 3)
    assert a["calls_per_opportunity"] == pytest.approx(2 / 3)
    assert a["emails_per_opportunity"] == pytest.approx(1 / 3)
    assert a["contacts_per_opportunity"] == pytest.approx(1.0)


def test_speed_and_cycle(tables: dict[str, ibis.Table]) -> None:
    a = per_rep(tables)["A"]
    # First touches: o1 32 days 9 hours, o2 15 days 23:59, o3 12 days 10 hours -> the median.
    assert a["days_to_first_activity"] == pytest.approx(15 + (23 * 60 + 59) / 1440)
    assert a["sales_cycle_days"] == pytest.approx(50.0)  # 40 and 60 days


def test_a_rep_without_activity_has_zero_counts_and_no_speed(tables: dict[str, ibis.Table]) -> None:
    b = per_rep(tables)["B"]
    assert (b["deals_closed"], b["deals_won"], b["deals_touched"]) == (1, 0, 0)
    assert b["meetings_per_opportunity"] == 0.0
    assert b["contacts_per_opportunity"] == 0.0
    assert b["days_to_first_activity"] is None
    assert b["sales_cycle_days"] is None
    assert "M" not in per_rep(tables)  # a manager without deals has no row


def test_closing_stages_are_those_open_deals_never_show(tables: dict[str, ibis.Table]) -> None:
    assert closing_stages(tables["crm_opportunities"]) == {"Closed Won", "Closed Lost"}


def long_values(tables: dict[str, ibis.Table]) -> dict[tuple[str, str], tuple[float, int]]:
    table = behaviour_table(crm(tables), tables["crm_stage_history"], WINDOW)
    assert table.ladder == ("Prospecting", "Qualification", "Proposal")
    return {(r["rep_id"], r["behavior"]): (r["value"], r["n"]) for r in table.rows.to_pylist()}


def test_stage_conversion(tables: dict[str, ibis.Table]) -> None:
    found = long_values(tables)
    # Progress: o1 and o2 won (past every stage, o2 skipped Qualification), o3 reached
    # Qualification, b1 Prospecting only.
    assert found[("A", "conversion_prospecting")] == (pytest.approx(1.0), 3)
    assert found[("A", "conversion_qualification")] == (pytest.approx(2 / 3), 3)
    assert found[("A", "conversion_proposal")] == (pytest.approx(1.0), 2)
    assert found[("B", "conversion_prospecting")] == (pytest.approx(0.0), 1)
    assert ("B", "conversion_qualification") not in found


def test_time_in_stage(tables: dict[str, ibis.Table]) -> None:
    found = long_values(tables)
    # Prospecting: o1 4 days, o2 25, o3 5 + 4 (two visits) -> median 9.
    assert found[("A", "days_in_prospecting")] == (pytest.approx(9.0), 3)
    # Qualification: o1 15 days, o3 7 + 24 -> median 23. Proposal: o1 21, o2 35 -> 28.
    assert found[("A", "days_in_qualification")] == (pytest.approx(23.0), 2)
    assert found[("A", "days_in_proposal")] == (pytest.approx(28.0), 2)
    assert found[("B", "days_in_prospecting")] == (pytest.approx(14.0), 1)


def test_the_long_table_carries_each_behaviours_denominator(
    tables: dict[str, ibis.Table],
) -> None:
    found = long_values(tables)
    assert found[("A", "meetings_per_opportunity")] == (pytest.approx(1 / 3), 3)
    assert found[("A", "sales_cycle_days")] == (pytest.approx(50.0), 2)
    assert ("B", "days_to_first_activity") not in found  # no value, no row


def test_without_stage_history_there_are_no_stage_behaviours(
    tables: dict[str, ibis.Table],
) -> None:
    table = behaviour_table(crm(tables), None, WINDOW)
    assert table.ladder == ()
    assert {m.reason for m in table.missing} == {"this export has no stage history"}
    assert {b.key for b in table.behaviours} == {
        "meetings_per_opportunity",
        "calls_per_opportunity",
        "emails_per_opportunity",
        "contacts_per_opportunity",
        "days_to_first_activity",
        "sales_cycle_days",
    }


def test_without_activities_or_contact_roles_those_behaviours_are_missing_not_zero(
    tables: dict[str, ibis.Table],
) -> None:
    nothing = ibis.literal(False)
    silent = replace(
        crm(tables),
        activities=tables["crm_activities"].filter(nothing),
        contact_roles=tables["crm_contact_roles"].filter(nothing),
    )
    table = behaviour_table(silent, None, WINDOW)
    assert {b.key for b in table.behaviours} == {"sales_cycle_days"}
    assert set(table.rows["behavior"].to_pylist()) == {"sales_cycle_days"}
    reasons = {m.behaviour.key: m.reason for m in table.missing}
    assert reasons == {
        "meetings_per_opportunity": "this export has no activities",
        "calls_per_opportunity": "this export has no activities",
        "emails_per_opportunity": "this export has no activities",
        "days_to_first_activity": "this export has no activities",
        "contacts_per_opportunity": "this export has no contact roles on opportunities",
        "conversion_by_stage": "this export has no stage history",
        "days_in_each_stage": "this export has no stage history",
    }


def test_an_activity_type_the_export_never_logs_is_missing(tables: dict[str, ibis.Table]) -> None:
    act = tables["crm_activities"]
    table = behaviour_table(
        replace(crm(tables), activities=act.filter(act.type != "meeting")),
        tables["crm_stage_history"],
        WINDOW,
    )
    reasons = {m.behaviour.key: m.reason for m in table.missing}
    assert reasons == {"meetings_per_opportunity": "this export logs no meetings on opportunities"}
    assert "calls_per_opportunity" in {b.key for b in table.behaviours}
