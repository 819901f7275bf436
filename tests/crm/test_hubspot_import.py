"""Importing a HubSpot export: canonical rows, references, idempotency, bad input, engines, CLI."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest
from click.testing import CliRunner

from tests.crm.hubspot_fixtures import DEALS, OWNERS, write_export
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.cli import main
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.hubspot import stage_dates_columns, stage_hubspot_export
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.summary import ImportSummary

TABLES = ("crm_reps", "crm_accounts", "crm_opportunities", "crm_stage_history", "crm_activities")


def run_import(export: Path, url: str) -> ImportSummary:
    return import_export(stager=stage_hubspot_export, location=export, analytics_url=url)


def rows(url: str, table: str) -> list[tuple[Any, ...]]:
    """A canonical table's rows, sorted, read back through the engine that stored them."""
    backend = engine.connect(url)
    try:
        data = backend.table(table).to_pyarrow().to_pylist()
    finally:
        backend.disconnect()
    return sorted((tuple(r.values()) for r in data), key=repr)


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "analytics.duckdb"
    return f"duckdb://{path}", path


def at(*parts: int) -> datetime:
    """A timestamp as the canonical tables store it: naive, in the export's own clock."""
    return datetime(*parts)  # noqa: DTZ001


EXPECTED: dict[str, list[tuple[Any, ...]]] = {
    "crm_reps": [
        (
            "hubspot",
            "101",
            "Hana Hub",
            "hana.hub@example.com",
            None,
            "EMEA Enterprise",
            None,
            None,
            None,
            True,
        ),
        (
            "hubspot",
            "102",
            "Otto Owner",
            "otto@example.com",
            None,
            "EMEA Enterprise",
            None,
            None,
            None,
            True,
        ),
        ("hubspot", "103", "Ada Archived", "ada@example.com", None, None, None, None, None, False),
    ],
    "crm_accounts": [
        ("hubspot", "9001", "Acme, Inc.", "Enterprise", "Software", "Germany"),
        ("hubspot", "9002", 'Globex "Intl"', "SMB", "Retail", "France"),
    ],
    "crm_opportunities": [
        (
            "hubspot",
            "5001",
            "101",
            "9001",
            "Acme, renewal",
            None,
            12000050,
            "USD",
            date(2024, 1, 10),
            date(2024, 3, 15),
            "Closed Won",
            True,
            True,
            "existingbusiness",
            None,
        ),
        (
            "hubspot",
            "5002",
            "102",
            "9002",
            "Globex\r\nexpansion",
            None,
            None,
            "USD",
            date(2024, 2, 1),
            date(2024, 4, 1),
            "Closed Lost",
            True,
            False,
            "newbusiness",
            None,
        ),
        (
            "hubspot",
            "5003",
            "999",
            "9001",
            "Ghost deal",
            None,
            500000,
            "USD",
            date(2024, 2, 3),
            date(2024, 5, 1),
            "Contract Sent",
            False,
            False,
            "newbusiness",
            None,
        ),
        (
            "hubspot",
            "5004",
            "102",
            None,
            "Open deal",
            None,
            250000,
            "USD",
            date(2024, 2, 10),
            None,
            "Qualified To Buy",
            False,
            False,
            "newbusiness",
            None,
        ),
    ],
    "crm_stage_history": [
        ("hubspot", "5001", "Appointment Scheduled", at(2024, 1, 10, 10, 0)),
        ("hubspot", "5001", "Closed Won", at(2024, 3, 15, 14, 30)),
        ("hubspot", "5001", "Contract Sent", at(2024, 3, 1, 9, 0)),
        ("hubspot", "5002", "Appointment Scheduled", at(2024, 2, 1, 9, 15)),
        ("hubspot", "5002", "Closed Lost", at(2024, 4, 1, 12, 0)),
    ],
    "crm_activities": [
        ("hubspot", "7001", "101", "5001", "9001", "call", at(2024, 1, 12, 15, 0), 30.0),
        ("hubspot", "7002", "101", "5001", None, "call", at(2024, 1, 13, 10, 0), 5.5),
        ("hubspot", "7101", "102", "5002", None, "meeting", at(2024, 2, 1, 14, 0), 60.0),
        ("hubspot", "7201", "101", "5001", None, "task", at(2024, 3, 2, 9, 0), None),
        ("hubspot", "7301", "101", "5001", "9001", "email", at(2024, 1, 20, 8, 0), None),
        ("hubspot", "7303", "102", "5002", None, "email", at(2024, 1, 22, 8, 0), None),
    ],
}


def test_every_entity_lands_in_the_canonical_tables(tmp_path: Path, store: tuple[str, Path]):
    url, path = store
    run_import(write_export(tmp_path / "export"), url)
    assert snapshot(path) == {t: sorted(v, key=repr) for t, v in EXPECTED.items()}


def test_summary_counts_files_and_reports_the_owner_missing_from_owners(
    tmp_path: Path, store: tuple[str, Path]
):
    summary = run_import(write_export(tmp_path / "export"), store[0])
    counts = {e.entity: (e.read, e.inserted) for e in summary.entities}
    # The note among the engagements is not an activity; the stage history seen both in the
    # history file and in the deal's "Date entered" columns is one row.
    assert counts == {
        "reps": (3, 3),
        "accounts": (2, 2),
        "opportunities": (4, 4),
        "stage_history": (6, 5),
        "activities": (6, 6),
    }
    (missing,) = summary.missing_references
    assert (missing.entity, missing.field, missing.refers_to, missing.ids) == (
        "opportunities",
        "owner_id",
        "reps",
        ["999"],
    )


def test_a_second_import_changes_nothing(tmp_path: Path, store: tuple[str, Path]):
    url, path = store
    export = write_export(tmp_path / "export")
    run_import(export, url)
    before = snapshot(path)
    again = run_import(export, url)
    assert not again.changed
    assert all(e.unchanged == e.read - e.rejected for e in again.entities)
    assert snapshot(path) == before


def test_a_changed_deal_is_updated_in_place(tmp_path: Path, store: tuple[str, Path]):
    url, path = store
    run_import(write_export(tmp_path / "export"), url)
    won = [*DEALS[:4], DEALS[4].replace("Qualified To Buy", "closedwon")]
    summary = run_import(write_export(tmp_path / "export", {"all-deals.csv": won}), url)
    (deals,) = [e for e in summary.entities if e.entity == "opportunities"]
    assert (deals.inserted, deals.updated, deals.unchanged) == (0, 1, 3)
    deal = next(r for r in snapshot(path)["crm_opportunities"] if r[1] == "5004")
    assert deal[10:13] == ("Closed Won", True, True)


def _with_cell(lines: list[str], row: int, column: str, value: str) -> list[str]:
    """The lines with one simple (unquoted) cell replaced; `row` counts the header as 1."""
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    return [*lines[: row - 1], ",".join(cells), *lines[row:]]


@pytest.mark.parametrize(
    ("file", "lines", "expected"),
    [
        (
            "owners.csv",
            _with_cell(OWNERS, 3, "Archived", "perhaps"),
            "owners.csv, row 3, column Archived: 'perhaps' is not true or false",
        ),
        (
            "tasks.csv",
            ["Record ID,Due date,Activity assigned to", "7201,15/03/2024,101"],
            "tasks.csv, row 2, column Due date: '15/03/2024' is not a date-time",
        ),
        (
            "calls.csv",
            ["Record ID,Activity date,Call duration", "7001,2024-01-12,about an hour"],
            "calls.csv, row 2, column Call duration: 'about an hour' is not a duration",
        ),
        (
            "owners.csv",
            ["First Name,Email", "Hana,hana@example.com"],
            "owners.csv, column Owner ID: the required column is missing",
        ),
        (
            "owners.csv",
            ["Owner ID,Email", "101,a@example.com", ",b@example.com"],
            "owners.csv, row 3, column Owner ID: a value is required",
        ),
    ],
)
def test_malformed_input_names_file_row_and_column_and_writes_nothing(
    tmp_path: Path, store: tuple[str, Path], file: str, lines: list[str], expected: str
):
    url, path = store
    run_import(write_export(tmp_path / "good"), url)
    before = snapshot(path)
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path / "bad", {file: lines}), url)
    assert str(error.value).startswith(expected)
    assert snapshot(path) == before


def test_deals_with_a_bad_amount_or_date_or_no_stage_are_refused(tmp_path: Path):
    header, first = DEALS[0], DEALS[1]
    cases = {
        "Amount": ("12k", "all-deals.csv, row 2, column Amount: '12k' is not an amount"),
        "Create Date": ("yesterday", "all-deals.csv, row 2, column Create Date: 'yesterday'"),
        "Close Date": ("2024-02-30", "all-deals.csv, row 2, column Close Date: '2024-02-30' is"),
    }
    url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    for number, (column, (value, expected)) in enumerate(cases.items()):
        cells = first.split(",")
        # Cells after the quoted deal name ("Acme, renewal") sit one place further right.
        cells[header.split(",").index(column) + 1] = value
        bad = {"all-deals.csv": [header, ",".join(cells)]}
        with pytest.raises(MalformedInputError, match=None) as error:
            run_import(write_export(tmp_path / f"bad{number}", bad), url)
        assert str(error.value).startswith(expected)
    no_stage = {"all-deals.csv": ["Record ID,Deal Name", "5001,Deal"]}
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path / "nostage", no_stage), url)
    assert str(error.value).startswith("all-deals.csv, column Deal Stage: the required column")
    assert "'dealstage'" in str(error.value)  # the other spellings it would have taken


def test_of_several_bad_values_the_earliest_row_is_reported(tmp_path: Path):
    # Row 2 has a bad close date, row 3 a bad amount (a field read before the close date).
    header = "Record ID,Deal Name,Deal Stage,Amount,Close Date"
    lines = [header, "5001,Deal one,closedwon,,never", "5002,Deal two,closedlost,12k,2024-03-15"]
    url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path / "bad", {"all-deals.csv": lines}), url)
    assert str(error.value).startswith("all-deals.csv, row 2, column Close Date: 'never' is not")


def test_required_files_and_ambiguous_files_are_named(tmp_path: Path, store: tuple[str, Path]):
    export = write_export(tmp_path / "export")
    (export / "all-deals.csv").unlink()
    with pytest.raises(MalformedInputError, match=r"^deals\.csv: is missing from"):
        run_import(export, store[0])
    write_export(
        export, {"deals.csv": DEALS, "hubspot-crm-exports-all-deals-2024-03-20.csv": DEALS}
    )
    with pytest.raises(MalformedInputError, match="several files look like the deals export"):
        run_import(export, store[0])


def test_headers_match_whatever_their_case_and_hubspot_owner_ids_work(
    tmp_path: Path, store: tuple[str, Path]
):
    url, path = store
    deals = [
        (
            "DEAL ID,dealname,dealstage,hubspot_owner_id,amount,closedate,createdate,Is Closed Won,"
            "Is Deal Closed?"
        ),
        "1,Renewal,12345678,101,10,1710513000000,2024-01-02T09:00,true,true",
        "2,Upsell,Won (Renewals),101,20,2024-03-15,2024-01-02,,",
        "3,Churned,closed lost - renewals,101,,2024-03-15,2024-01-02,,",
    ]
    export = write_export(tmp_path / "export", {"all-deals.csv": deals})
    run_import(export, url)
    got = {
        r[1]: (r[2], r[6], r[9], r[10], r[11], r[12]) for r in snapshot(path)["crm_opportunities"]
    }
    assert got == {
        # A custom pipeline's stage id, closed and won by the export's own flags; epoch millis.
        "1": ("101", 1000, date(2024, 3, 15), "12345678", True, True),
        "2": ("101", 2000, date(2024, 3, 15), "Won (Renewals)", True, True),
        "3": ("101", None, date(2024, 3, 15), "closed lost - renewals", True, False),
    }


def test_date_entered_columns_are_read_as_stage_history() -> None:
    assert stage_dates_columns(
        [
            "Record ID",
            'Date entered "Contract Sent (Sales Pipeline)"',
            "Date entered \u201cDemo booked (Partner Pipeline)\u201d",
            "hs_date_entered_closedwon",
            'Date exited "Contract Sent (Sales Pipeline)"',
        ]
    ) == {
        'Date entered "Contract Sent (Sales Pipeline)"': "Contract Sent",
        "Date entered \u201cDemo booked (Partner Pipeline)\u201d": "Demo booked",
        "hs_date_entered_closedwon": "Closed Won",
    }


def _drop_canonical_tables(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for table in CANONICAL_TABLES:
            conn.execute(f'DROP TABLE IF EXISTS "{table.name}"')


@pytest.mark.parametrize("url", engine_params())
def test_the_same_export_gives_the_same_tables_on_every_engine(tmp_path: Path, url: str):
    if url.startswith("duckdb"):
        url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    else:
        _drop_canonical_tables(url)
    export = write_export(tmp_path / "export")
    summary = run_import(export, url)
    assert [m.ids for m in summary.missing_references] == [["999"]]
    for table, expected in EXPECTED.items():
        assert rows(url, table) == sorted(expected, key=repr), table
    assert not run_import(export, url).changed


@pytest.mark.django_db(transaction=True)
def test_uplift_import_hubspot_json(tmp_path: Path, settings: Any) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    export = write_export(tmp_path / "export")
    result = CliRunner().invoke(main, ["import", "hubspot", str(export), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["source"] == "hubspot"
    assert summary["rows_read"] == 21
    assert summary["people"]["created"] == 3
    assert summary["missing_references"][0]["ids"] == ["999"]

    dry = CliRunner().invoke(main, ["import", "hubspot", str(export), "--json", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["dry_run"] is True


@pytest.mark.django_db(transaction=True)
def test_uplift_import_hubspot_fails_clearly_on_bad_input(tmp_path: Path, settings: Any) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    export = write_export(tmp_path / "export", {"owners.csv": ["Owner ID,Archived", "1,maybe"]})
    result = CliRunner().invoke(main, ["import", "hubspot", str(export), "--json"])
    assert result.exit_code == 1
    assert "owners.csv, row 2, column Archived" in result.output
    assert "nothing was written" in result.output
