"""A hand-made CRM small enough to compute every scorecard number by hand.

Window: 2026-01-01 to 2026-03-31. Rep A (SMB and Enterprise accounts):

| deal | account | created | closed | outcome | amount |
|---|---|---|---|---|---|
| o1 | SMB | 2025-12-01 | 2026-01-10 | won | 1,000.00 (cycle 40 days) |
| o2 | SMB | 2025-12-16 | 2026-02-14 | won | 3,000.00 (cycle 60 days) |
| o3 | Ent | 2026-01-20 | 2026-03-01 | lost | blank |
| o4 | Ent | 2026-02-01 | open | - | 5,000.00 |
| o5 | SMB | 2025-10-01 | 2025-12-20 | won | 999.99 (before the window) |

Activities of A: o1 call 01-02 and e-mail 01-03; o3 meeting 02-01 and call 03-31 23:00; an
account-only call; a call on o2 at 2025-12-31 23:59 and one on o4 at 2026-04-01 00:00 (outside).
Contacts: o1 two, o3 one, o4 three. Quota of A: 8,000.00 for 2026-01-01..2026-03-31 (90 days).
Rep B: one lost Enterprise deal closed 2026-03-15, created 2026-03-01, amount 700.00.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends import BaseBackend

from uplift.analytics import canonical
from uplift.analytics.metrics import CrmTables

SF = "salesforce"


def _opp(
    oid: str,
    owner: str,
    account: str,
    created: date,
    close: date,
    *,
    closed: bool,
    won: bool,
    amount: int | None,
) -> dict[str, Any]:
    return {
        "source": SF,
        "opportunity_id": oid,
        "owner_id": owner,
        "account_id": account,
        "name": oid,
        "product": "Core",
        "amount_cents": amount,
        "currency": "USD",
        "created_date": created,
        "close_date": close,
        "stage": "x",
        "is_closed": closed,
        "is_won": won,
        "type": "New Business",
        "lead_source": None,
    }


def at(*parts: int) -> datetime:
    """A canonical timestamp: UTC, stored without a time zone."""
    year, month, day, *rest = parts
    return datetime(year, month, day, *rest, tzinfo=UTC).replace(tzinfo=None)


def _act(aid: str, opp: str | None, kind: str, at: datetime) -> dict[str, Any]:
    return {
        "source": SF,
        "activity_id": aid,
        "owner_id": "A",
        "opportunity_id": opp,
        "account_id": "smb",
        "type": kind,
        "occurred_at": at,
        "duration_minutes": None,
    }


ROWS: dict[str, list[dict[str, Any]]] = {
    "crm_reps": [
        {
            "source": SF,
            "rep_id": rep,
            "name": f"Rep {rep}",
            "email": f"{rep.lower()}@x.test",
            "manager_id": None,
            "team": "Team 1",
            "region": "North",
            "title": "AE",
            "hire_date": date(2020, 1, 1),
            "active": True,
        }
        for rep in ("A", "B", "M")
    ],
    "crm_accounts": [
        {
            "source": SF,
            "account_id": "smb",
            "name": "S",
            "segment": "SMB",
            "industry": None,
            "region": None,
        },
        {
            "source": SF,
            "account_id": "ent",
            "name": "E",
            "segment": "Enterprise",
            "industry": None,
            "region": None,
        },
    ],
    "crm_opportunities": [
        _opp(
            "o1",
            "A",
            "smb",
            date(2025, 12, 1),
            date(2026, 1, 10),
            closed=True,
            won=True,
            amount=100_000,
        ),
        _opp(
            "o2",
            "A",
            "smb",
            date(2025, 12, 16),
            date(2026, 2, 14),
            closed=True,
            won=True,
            amount=300_000,
        ),
        _opp(
            "o3",
            "A",
            "ent",
            date(2026, 1, 20),
            date(2026, 3, 1),
            closed=True,
            won=False,
            amount=None,
        ),
        _opp(
            "o4",
            "A",
            "ent",
            date(2026, 2, 1),
            date(2026, 6, 30),
            closed=False,
            won=False,
            amount=500_000,
        ),
        _opp(
            "o5",
            "A",
            "smb",
            date(2025, 10, 1),
            date(2025, 12, 20),
            closed=True,
            won=True,
            amount=99_999,
        ),
        _opp(
            "b1",
            "B",
            "ent",
            date(2026, 3, 1),
            date(2026, 3, 15),
            closed=True,
            won=False,
            amount=70_000,
        ),
    ],
    "crm_stage_history": [],
    "crm_activities": [
        _act("a1", "o1", "call", at(2026, 1, 2, 9)),
        _act("a2", "o1", "email", at(2026, 1, 3, 9)),
        _act("a3", "o3", "meeting", at(2026, 2, 1, 10)),
        _act("a4", "o3", "call", at(2026, 3, 31, 23)),
        _act("a5", None, "call", at(2026, 2, 2, 9)),
        _act("a6", "o2", "call", at(2025, 12, 31, 23, 59)),
        _act("a7", "o4", "call", at(2026, 4, 1, 0, 0)),
    ],
    "crm_contact_roles": [
        {"source": SF, "opportunity_id": opp, "contact_id": f"{opp}-{i}", "role": "x"}
        for opp, n in (("o1", 2), ("o3", 1), ("o4", 3))
        for i in range(n)
    ],
    "crm_quotas": [
        {
            "source": SF,
            "rep_id": "A",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 3, 31),
            "amount_cents": 800_000,
        },
    ],
}


def tiny_tables(
    con: BaseBackend, prefix: str = "tiny_", *, without: Collection[str] = ()
) -> CrmTables:
    """Create the tiny CRM as ``<prefix><canonical name>`` tables and return them; the tables
    named in ``without`` (canonical names) are created empty, as an export without them."""
    made = {}
    for table in canonical.CANONICAL_TABLES:
        rows = [] if table.name in without else ROWS[table.name]
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
