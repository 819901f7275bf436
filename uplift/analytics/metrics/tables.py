"""The canonical CRM tables as Ibis expressions, from any backend.

Metrics take a :class:`CrmTables` rather than a connection, so the same expressions can be built
over tables that live anywhere Ibis reaches: the DuckDB or PostgreSQL store, Parquet files read by
DuckDB, or a Spark session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from uplift.analytics.canonical import (
    ACCOUNTS,
    ACTIVITIES,
    CONTACT_ROLES,
    OPPORTUNITIES,
    QUOTAS,
    REPS,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.backends import BaseBackend


class MissingTablesError(LookupError):
    """The engine lacks canonical tables that the analysis reads."""


@dataclass(frozen=True)
class CrmTables:
    """The canonical tables a performance analysis reads (see ``uplift.analytics.canonical``)."""

    reps: ir.Table
    accounts: ir.Table
    opportunities: ir.Table
    activities: ir.Table
    contact_roles: ir.Table
    quotas: ir.Table


def crm_tables(con: BaseBackend) -> CrmTables:
    """The canonical tables of the store behind ``con``; every one must exist (an import creates
    them all, empty when the export has no such file)."""
    needed = (REPS, ACCOUNTS, OPPORTUNITIES, ACTIVITIES, CONTACT_ROLES, QUOTAS)
    present = set(con.list_tables())
    missing = [table.name for table in needed if table.name not in present]
    if missing:
        raise MissingTablesError(
            "the analytics store has no " + ", ".join(missing) + ": import a CRM export first"
        )
    return CrmTables(*(con.table(table.name) for table in needed))
