"""Hostile and random input never crashes the importer and never half-writes the store."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.crm.salesforce_fixtures import OPPORTUNITIES, write_export
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export

FIELD = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            '"',
            '""',
            "\r\n",
            "'; DROP TABLE crm_opportunities; --",
            "1e309",
            "-0",
            "NaN",
            "2024-13-01",
            "9999-12-31",
            "\x00",
            "0055g00000CCCCC",
            "true",
            "TRUE",
            " 12.5 ",
        ]
    ),
)


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _count(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM crm_opportunities").fetchone()[0])
    finally:
        con.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=st.lists(FIELD, min_size=15, max_size=15), quote=st.booleans())
def test_random_opportunity_rows_are_imported_or_refused_cleanly(
    fields: list[str], quote: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        store = base / "a.duckdb"
        import_export(
            stager=stage_salesforce_export,
            location=write_export(base / "good"),
            analytics_url=f"duckdb://{store}",
        )
        before = _count(store)
        row = ",".join(_csv_field(f) if quote else f for f in fields)
        export = write_export(base / "hostile", {"Opportunity.csv": [*OPPORTUNITIES, row]})
        refusal = None
        try:
            import_export(
                stager=stage_salesforce_export, location=export, analytics_url=f"duckdb://{store}"
            )
        except MalformedInputError as error:
            refusal = str(error)
        if refusal is None:
            assert _count(store) == before + 1
        else:
            assert "Opportunity.csv" in refusal
            assert _count(store) == before  # refused: nothing written
