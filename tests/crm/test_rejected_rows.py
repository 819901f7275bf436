"""Importing the valid rows and giving the others back (skip_invalid): which rows are left out,
what the rejects file says about each, and what the rest of the import does with them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.crm import hubspot_fixtures, salesforce_fixtures
from tests.crm.test_mapped_import import FILES, snapshot
from tests.crm.test_mapped_import import write_export as write_csv_export
from tests.crm.test_mapped_spreadsheets import DEALS, deals
from tests.crm.test_mapped_spreadsheets import write_export as write_sheet_export
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.rejects import EXTRA_COLUMNS
from uplift.crm.importers.runner import Stager, import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.crm.importers.summary import ImportSummary

LOST_DIGITS = (
    "is stored as a number, so the id's digits may already be lost (a spreadsheet keeps 15): "
    "format the column as text in the spreadsheet before exporting"
)
REPEATED = "which is imported instead (the last copy of a record wins)"


def run(
    location: Path,
    store: Path,
    *,
    stager: Stager = stage_mapped_export,
    rejects: Path | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    return import_export(
        stager=stager,
        location=location,
        analytics_url=f"duckdb://{store}",
        skip_invalid=rejects is not None,
        rejects_to=rejects,
        dry_run=dry_run,
    )


def read_rejects(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def reasons(path: Path) -> list[tuple[str, str, str, str]]:
    return [
        (r["rejected_file"], r["rejected_row"], r["rejected_column"], r["rejected_reason"])
        for r in read_rejects(path)
    ]


# The spreadsheet of deals of test_mapped_spreadsheets (ids as number cells, a date-time cell, a
# serial date, amounts written the German way and as number cells), with two bad rows after it.
BAD_AMOUNT = [12348.0, "Bad amount", "U1", "12k", "01.01.2024", None, "open"]
LOST_ID = [1234567890123456.0, "Rounded id", "U2", 10.0, date(2024, 6, 1), None, "won"]
SHEET = [*DEALS, BAD_AMOUNT, LOST_ID]  # the header is row 1; the blank row 4 is skipped


def test_a_spreadsheet_imports_its_valid_rows_and_gives_back_the_two_bad_ones(
    tmp_path: Path,
) -> None:
    mapping = write_sheet_export(tmp_path / "export", "xlsx", {"Deals": SHEET})
    store, rejects = tmp_path / "analytics.duckdb", tmp_path / "rejects.csv"
    summary = run(mapping, store, rejects=rejects)
    assert deals(store) == {
        "12345": ("U1", 290000, date(2024, 6, 15), date(2024, 7, 1), True, True),
        "12346": ("U1", 350000, date(2024, 6, 16), None, False, False),
        "12347": ("U2", 123, date(2024, 6, 15), None, False, True),
    }
    assert read_rejects(rejects) == [
        {
            "Deal ID": "12348",
            "Title": "Bad amount",
            "Owner": "U1",
            "Value": "12k",
            "Created": "01.01.2024",
            "Closed": "",
            "Status": "open",
            "rejected_file": "deals.xlsx",
            "rejected_row": "6",
            "rejected_column": "Value",
            "rejected_reason": "'12k' is not an amount",
        },
        {
            "Deal ID": "1234567890123456.0",
            "Title": "Rounded id",
            "Owner": "U2",
            "Value": "10",
            "Created": "2024-06-01",
            "Closed": "",
            "Status": "won",
            "rejected_file": "deals.xlsx",
            "rejected_row": "7",
            "rejected_column": "Deal ID",
            "rejected_reason": f"'1234567890123456.0' {LOST_DIGITS}",
        },
    ]
    assert summary.rejected == {"users.csv": 0, "deals.xlsx": 2}
    assert summary.rejects_file == str(rejects)
    (opportunities,) = [e for e in summary.entities if e.entity == "opportunities"]
    assert (opportunities.read, opportunities.inserted, opportunities.rejected) == (5, 3, 2)


@pytest.fixture(params=engine_params())
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = request.param if request.param != "duckdb://" else f"duckdb://{tmp_path / 'a.duckdb'}"
    backend = engine.connect(url)
    for table in CANONICAL_TABLES:
        backend.drop_table(table.name, force=True)
    backend.disconnect()
    return url


def test_rows_are_given_back_the_same_way_into_every_store(tmp_path: Path, any_store: str) -> None:
    """On PostgreSQL the export is staged in an in-memory DuckDB and copied in: the rejected
    rows are given back from there."""
    mapping = write_sheet_export(tmp_path / "export", "xlsx", {"Deals": SHEET})
    rejects = tmp_path / "rejects.csv"
    summary = import_export(
        stager=stage_mapped_export,
        location=mapping,
        analytics_url=any_store,
        skip_invalid=True,
        rejects_to=rejects,
    )
    assert [r[1] for r in reasons(rejects)] == ["6", "7"]
    (opportunities,) = [e for e in summary.entities if e.entity == "opportunities"]
    assert (opportunities.inserted, opportunities.rejected) == (3, 2)


def test_without_skip_invalid_the_same_spreadsheet_stops_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """The columns are checked in the mapping's order: the ids before the amounts."""
    store = tmp_path / "analytics.duckdb"
    run(write_sheet_export(tmp_path / "good", "xlsx"), store)
    before = deals(store)
    mapping = write_sheet_export(tmp_path / "bad", "xlsx", {"Deals": SHEET})
    with pytest.raises(MalformedInputError) as error:
        run(mapping, store)
    assert (
        str(error.value) == f"deals.xlsx, row 7, column Deal ID: '1234567890123456.0' {LOST_DIGITS}"
    )
    assert deals(store) == before


def test_every_copy_of_a_repeated_id_but_the_last_is_given_back(tmp_path: Path) -> None:
    opportunities = [
        *FILES["opportunities.csv"],
        "O1,ann.lee@example.com,A1,Big deal again,1500,2024-01-10,2024-03-01,Closed,Won",
        "O1,ann.lee@example.com,A1,Big deal at last,1600,2024-01-10,2024-03-01,Closed,Won",
    ]
    mapping = write_csv_export(tmp_path / "export", {"opportunities.csv": opportunities})
    store, rejects = tmp_path / "analytics.duckdb", tmp_path / "rejects.csv"
    summary = run(mapping, store, rejects=rejects)
    assert reasons(rejects) == [
        ("opportunities.csv", "2", "Id", f"'O1' is repeated in row 6, {REPEATED}"),
        ("opportunities.csv", "5", "Id", f"'O1' is repeated in row 6, {REPEATED}"),
    ]
    assert [r["Name"] for r in read_rejects(rejects)] == ["Big, deal", "Big deal again"]
    names = {r[1]: r[4] for r in snapshot(store)["crm_opportunities"]}
    assert names["O1"] == "Big deal at last"  # the same copy as without skip_invalid
    assert summary.rejected["opportunities.csv"] == 2


def test_a_record_repeated_in_another_file_names_that_file(tmp_path: Path) -> None:
    meetings = ["Meeting id,Rep,Deal,Start,Length", "C1,bo@example.com,O2,2024-01-20,45"]
    mapping = write_csv_export(tmp_path / "export", {"meetings.csv": meetings})
    rejects = tmp_path / "rejects.csv"
    summary = run(mapping, tmp_path / "analytics.duckdb", rejects=rejects)
    assert reasons(rejects) == [
        ("calls.csv", "2", "Call id", f"'C1' is repeated in meetings.csv, row 2, {REPEATED}")
    ]
    assert (summary.rejected["calls.csv"], summary.rejected["meetings.csv"]) == (1, 0)


def test_a_rep_listed_twice_is_given_back_once_under_its_key_as_written(tmp_path: Path) -> None:
    people = [*FILES["people.csv"], "ANN.LEE@example.com,Ann Lee-Park,Senior AE,01/02/2022"]
    mapping = write_csv_export(tmp_path / "export", {"people.csv": people})
    rejects = tmp_path / "rejects.csv"
    summary = run(mapping, tmp_path / "analytics.duckdb", rejects=rejects)
    assert reasons(rejects) == [
        (
            "people.csv",
            "2",
            "E-mail",
            f"'Ann.Lee@Example.com' is repeated in row 4, {REPEATED}",
        )
    ]
    (reps,) = [e for e in summary.entities if e.entity == "reps"]
    assert (reps.read, reps.inserted, reps.rejected) == (2, 2, 1)  # as without skip_invalid


def test_rows_that_refer_to_a_rejected_row_are_kept_and_reported_as_missing(
    tmp_path: Path,
) -> None:
    """A rejected user's deals are imported, and their owner is reported missing, as the
    owner of a deal whose user is not in the export is."""
    people = [*FILES["people.csv"][:2], "bo@example.com,Bo Berg,Sales Manager,June 2020"]
    teams = ["Person,Reports to,Team,Region"]
    opportunities = [*FILES["opportunities.csv"][:3], FILES["opportunities.csv"][1]]
    opportunities[3] = opportunities[3].replace("O1,ANN.LEE", "O4,bo").replace("Big", "Bo's")
    overrides = {"people.csv": people, "teams.csv": teams, "opportunities.csv": opportunities}
    mapping = write_csv_export(tmp_path / "export", overrides)
    store, rejects = tmp_path / "analytics.duckdb", tmp_path / "rejects.csv"
    summary = run(mapping, store, rejects=rejects)
    assert reasons(rejects) == [
        (
            "people.csv",
            "3",
            "Start date",
            "'June 2020' is not a date in the mapping's formats",
        )
    ]
    owners = {r[1]: r[2] for r in snapshot(store)["crm_opportunities"]}
    assert owners["O4"] == "email:bo@example.com"
    missing = {(m.entity, m.field): m.ids for m in summary.missing_references}
    assert missing[("opportunities", "owner_id")] == ["email:bo@example.com"]
    assert missing[("activities", "owner_id")] == ["email:bo@example.com"]


def test_a_row_is_given_back_once_with_its_first_problem(tmp_path: Path) -> None:
    bad = "O9,ann.lee@example.com,A1,Twice wrong,12abc,2024-13-45,,Closed,Won"
    opportunities = [*FILES["opportunities.csv"], bad]
    mapping = write_csv_export(tmp_path / "export", {"opportunities.csv": opportunities})
    rejects = tmp_path / "rejects.csv"
    run(mapping, tmp_path / "analytics.duckdb", rejects=rejects)
    assert reasons(rejects) == [
        ("opportunities.csv", "5", "Amount", "'12abc' is not an amount"),
    ]


def test_a_clean_export_writes_a_rejects_file_with_only_its_header(tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    summary = run(write_csv_export(tmp_path / "export"), tmp_path / "a.duckdb", rejects=rejects)
    assert rejects.read_text(encoding="utf-8").splitlines() == [",".join(EXTRA_COLUMNS)]
    assert summary.rows_rejected == 0


def test_a_dry_run_writes_the_rejects_file_and_nothing_else(tmp_path: Path) -> None:
    store, rejects = tmp_path / "analytics.duckdb", tmp_path / "rejects.csv"
    run(write_sheet_export(tmp_path / "good", "xlsx"), store)
    before = deals(store)
    mapping = write_sheet_export(tmp_path / "bad", "xlsx", {"Deals": SHEET})
    summary = run(mapping, store, rejects=rejects, dry_run=True)
    assert summary.dry_run
    assert [r[1] for r in reasons(rejects)] == ["6", "7"]
    assert deals(store) == before


def test_a_header_named_like_an_added_column_keeps_both(tmp_path: Path) -> None:
    opportunities = [
        FILES["opportunities.csv"][0] + ",rejected_reason",
        *(line + ",note" for line in FILES["opportunities.csv"][1:]),
        "O9,ann.lee@example.com,A1,Bad,12abc,2024-01-01,,Closed,Won,my note",
    ]
    mapping = write_csv_export(tmp_path / "export", {"opportunities.csv": opportunities})
    rejects = tmp_path / "rejects.csv"
    run(mapping, tmp_path / "analytics.duckdb", rejects=rejects)
    (row,) = read_rejects(rejects)
    assert (row["rejected_reason"], row["_rejected_reason"]) == (
        "my note",
        "'12abc' is not an amount",
    )


def test_salesforce_rows_with_a_bad_value_are_given_back(tmp_path: Path) -> None:
    fixtures = salesforce_fixtures
    unreadable = fixtures.OPPORTUNITIES[1].replace("2024-03-15", "15/03/2024")
    unreadable = unreadable.replace("OPP01", "OPP09")
    no_id = fixtures.USERS[1].replace("0055g00000AAAAAAA0", "")
    again = fixtures.OPPORTUNITIES[2].replace("Globex", "Globex again")
    export = fixtures.write_export(
        tmp_path / "export",
        {
            "Opportunity.csv": [*fixtures.OPPORTUNITIES, unreadable, again],
            "User.csv": [*fixtures.USERS, no_id],
        },
    )
    rejects = tmp_path / "rejects.csv"
    summary = run(
        export, tmp_path / "analytics.duckdb", stager=stage_salesforce_export, rejects=rejects
    )
    assert reasons(rejects) == [
        ("User.csv", "6", "Id", "a value is required"),
        (
            "Opportunity.csv",
            "3",
            "Id",
            f"'0065g00000OPP02AAA' is repeated in row 6, {REPEATED}",
        ),
        (
            "Opportunity.csv",
            "5",
            "CloseDate",
            "'15/03/2024' is not a date (expected e.g. 2024-03-15)",
        ),
    ]
    assert read_rejects(rejects)[0]["Email"] == "Lena.Boss@Example.com"
    assert (summary.rejected["User.csv"], summary.rejected["Opportunity.csv"]) == (1, 2)
    counts = {e.entity: (e.read, e.inserted, e.rejected) for e in summary.entities}
    assert counts["opportunities"] == (5, 3, 2)


def test_hubspot_rows_with_a_bad_value_are_given_back(tmp_path: Path) -> None:
    fixtures = hubspot_fixtures
    deal = "{},{},Closed Won,Sales Pipeline,100,{},2024-01-10,101,9001,newbusiness,,{}"
    export = fixtures.write_export(
        tmp_path / "export",
        {
            "all-deals.csv": [
                *fixtures.DEALS,
                deal.format(5009, "Bad close", "2024-13-45", ""),
                deal.format(5010, "Bad stage date", "2024-03-01", "someday"),
            ],
            "owners.csv": [*fixtures.OWNERS, ",No,Id,x@example.com,,false"],
        },
    )
    store, rejects = tmp_path / "analytics.duckdb", tmp_path / "rejects.csv"
    summary = run(export, store, stager=stage_hubspot_export, rejects=rejects)
    assert reasons(rejects) == [
        ("owners.csv", "5", "Owner ID", "a value is required"),
        (
            "all-deals.csv",
            "6",
            "Close Date",
            "'2024-13-45' is not a date (expected e.g. 2024-03-15)",
        ),
        (
            "all-deals.csv",
            "7",
            'Date entered "Closed Won (Sales Pipeline)"',
            "'someday' is not a date-time (expected e.g. 2024-03-15 14:30)",
        ),
    ]
    with duckdb.connect(str(store), read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT opportunity_id FROM crm_opportunities").fetchall()}
    assert ids == {"5001", "5002", "5003", "5004"}
    assert summary.rejected["all-deals.csv"] == 2


def test_the_summary_adds_its_keys_and_keeps_every_other(tmp_path: Path) -> None:
    mapping = write_sheet_export(tmp_path / "export", "xlsx", {"Deals": SHEET})
    rejects = tmp_path / "rejects.csv"
    data: dict[str, Any] = run(mapping, tmp_path / "a.duckdb", rejects=rejects).as_dict()
    assert set(data) == {
        "source",
        "location",
        "dry_run",
        "entities",
        "missing_references",
        "people",
        "seconds",
        "rows_read",
        "rows_per_second",
        "files",
        "files_read",
        "notes",
        # added by the rejected rows
        "rejected",
        "rejects_file",
        "skip_invalid",
        "rows_rejected",
        # the CRM system accounts set aside or kept
        "system_accounts",
        "system_accounts_set_aside",
        "system_accounts_kept",
    }
    assert (data["rejected"], data["rows_rejected"]) == ({"users.csv": 0, "deals.xlsx": 2}, 2)
    assert (data["rejects_file"], data["skip_invalid"]) == (str(rejects), True)
    assert set(data["entities"][0]) == {
        "entity",
        "file",
        "read",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
    }
