"""The canonical tables, read whole and sorted, to compare a sync with a file import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from tests.analytics_store import organisation_rows
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.orgs.models import Organisation

Tables = dict[str, list[tuple[Any, ...]]]


def _sql(table_name: str, width: int) -> str:
    order = ", ".join(str(i) for i in range(1, width + 1))
    return f"SELECT * FROM {table_name} ORDER BY {order}"


def store_tables(organisation: Organisation) -> Tables:
    """Every canonical table of the organisation's current store version."""
    return {
        t.name: organisation_rows(organisation, _sql(t.name, len(t.columns)))
        for t in CANONICAL_TABLES
    }


def file_import_tables(export: Path, tmp: Path) -> Tables:
    """The canonical tables `uplift import salesforce` writes for the export in `export`."""
    path = tmp / "file-import.duckdb"
    import_export(stager=stage_salesforce_export, location=export, analytics_url=f"duckdb://{path}")
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t.name: con.execute(_sql(t.name, len(t.columns))).fetchall() for t in CANONICAL_TABLES
        }
    finally:
        con.close()
