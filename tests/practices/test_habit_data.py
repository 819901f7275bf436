"""The adopters' monthly deal behaviours (snapshot `adoption-habits`) counted by hand on the tiny
CRM (tests/analytics/tiny_crm.py): per rep and month of close, deals closed, then meetings, calls
and e-mails logged on them up to their close day, and their contact roles."""

from __future__ import annotations

from datetime import date

import ibis

from tests.analytics.tiny_crm import tiny_tables
from uplift.analytics.metrics import Window
from uplift.pipeline.analyses.adoption_habits import rep_month_behaviour_expr


def test_rep_months_are_counted_as_the_drivers_count() -> None:
    con = ibis.duckdb.connect()
    tables = tiny_tables(con)
    window = Window(date(2025, 10, 1), date(2026, 3, 31))
    rows = rep_month_behaviour_expr(tables, window, ["A", "B"]).to_pyarrow().to_pylist()
    got = {
        (r["rep_id"], int(r["year"]), int(r["month"])): [
            int(r[c]) for c in ("deals", "meetings", "calls", "emails", "contacts")
        ]
        for r in rows
    }
    assert got == {
        ("A", 2025, 12): [1, 0, 0, 0, 0],  # o5, nothing logged on it
        ("A", 2026, 1): [1, 0, 1, 1, 2],  # o1: a call, an e-mail, two contacts
        ("A", 2026, 2): [1, 0, 1, 0, 0],  # o2: the call of 2025-12-31 is the deal's own
        ("A", 2026, 3): [1, 1, 0, 0, 1],  # o3: the call after it closed does not count
        ("B", 2026, 3): [1, 0, 0, 0, 0],
    }
    only_b = rep_month_behaviour_expr(tables, window, ["B"]).to_pyarrow().to_pylist()
    assert [r["rep_id"] for r in only_b] == ["B"]
