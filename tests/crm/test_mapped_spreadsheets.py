"""A mapping's files may be spreadsheets (.xlsx, .xlsm, .xls, .ods): numbers and dates stored as
such are read as such, text cells as the mapping says, and ids stored as numbers are refused when
their digits may be lost."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from tests.crm.spreadsheet_fixtures import FORMATS, Rows, write_workbook
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.sheet_rows import cell_text
from uplift.crm.importers.summary import ImportSummary

MAPPING = """
source = "unknowncrm"
decimal = ","
date_formats = ["%d.%m.%Y %H:%M", "%d.%m.%Y"]

[reps]
file = "users.csv"
columns = {{ rep_id = "User", name = "Name" }}

[opportunities]
file = "deals.{suffix}"
{sheet}
[opportunities.columns]
opportunity_id = "Deal ID"
name = "Title"
owner_id = "Owner"
amount_cents = "Value"
created_date = "Created"
close_date = "Closed"
is_won = {{ column = "Status", map = {{ won = true, lost = false, open = false }} }}
is_closed = {{ column = "Status", map = {{ won = true, lost = true, open = false }} }}
"""
HEADER = ["Deal ID", "Title", "Owner", "Value", "Created", "Closed", "Status"]
DEALS: Rows = [
    HEADER,
    # An amount written as text in the German way, a date-time as text, a date-time cell.
    [
        12345.0,
        "Fleet renewal",
        "U1",
        "€ 2.900,00",
        "15.06.2024 13:50",
        datetime(2024, 7, 1, 9, 30),  # noqa: DTZ001 (a spreadsheet's cells have no time zone)
        "won",
    ],
    # A number cell and a date cell.
    [12346.0, "Spare parts", "U1", 3500.0, date(2024, 6, 16), None, "open"],
    [None, None, None, None, None, None, None],  # a blank row is skipped
    # 1.234 stored as a number is one point two three four, whatever the mapping's decimal mark;
    # 45458 in a date column is the spreadsheet's serial date of 2024-06-15.
    [12347.0, "Clinic pilot", "U2", 1.234, 45458.0, None, "lost"],
]


def write_export(
    folder: Path, suffix: str = "xlsx", sheets: dict[str, Rows] | None = None, sheet: str = ""
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "users.csv").write_text("User,Name\nU1,Ann Lee\nU2,Bo Berg\n", encoding="utf-8")
    write_workbook(folder / f"deals.{suffix}", sheets or {"Deals": DEALS})
    mapping = folder / "mapping.toml"
    mapping.write_text(MAPPING.format(suffix=suffix, sheet=sheet), encoding="utf-8")
    return mapping


def run_import(mapping: Path, store: Path) -> ImportSummary:
    return import_export(
        stager=stage_mapped_export, location=mapping, analytics_url=f"duckdb://{store}"
    )


def deals(store: Path) -> dict[str, tuple[Any, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT opportunity_id, owner_id, amount_cents, created_date, close_date, is_won, "
            "is_closed FROM crm_opportunities"
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_spreadsheet_format_imports_numbers_dates_and_texts(
    tmp_path: Path, suffix: str
) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_import(write_export(tmp_path / "export", suffix), store)
    assert deals(store) == {
        "12345": ("U1", 290000, date(2024, 6, 15), date(2024, 7, 1), True, True),
        "12346": ("U1", 350000, date(2024, 6, 16), None, False, False),
        "12347": ("U2", 123, date(2024, 6, 15), None, False, True),
    }
    assert [f.describe() for f in summary.files] == [
        "users.csv: ',' between fields (detected), utf-8",
        f"deals.{suffix}: sheet 'Deals'",
    ]
    assert not run_import(write_export(tmp_path / "export", suffix), store).changed


def test_the_first_sheet_is_read_unless_the_mapping_names_one(tmp_path: Path) -> None:
    other: Rows = [HEADER, [1.0, "Other", "U1", 1.0, "01.01.2024", None, "open"]]
    sheets = {"Summary": other, "Deals": DEALS}
    store = tmp_path / "first.duckdb"
    run_import(write_export(tmp_path / "first", sheets=sheets), store)
    assert set(deals(store)) == {"1"}
    store = tmp_path / "named.duckdb"
    summary = run_import(
        write_export(tmp_path / "named", sheets=sheets, sheet='sheet = "deals"'), store
    )
    assert set(deals(store)) == {"12345", "12346", "12347"}
    assert summary.files[-1].sheet == "Deals"  # named ignoring case, reported as the file has it


def test_a_sheet_that_is_not_there_is_named_with_the_sheets_that_are(tmp_path: Path) -> None:
    mapping = write_export(tmp_path, sheet='sheet = "Opportunities"')
    with pytest.raises(MalformedInputError) as error:
        run_import(mapping, tmp_path / "analytics.duckdb")
    assert str(error.value) == (
        "deals.xlsx: has no sheet 'Opportunities' (named in [opportunities] sheet); "
        "its sheets: 'Deals'"
    )


@pytest.mark.parametrize(
    ("deal_id", "shown"),
    [
        (5805028000000000000.0, "5.805028e+18"),
        (12.5, "12.5"),
        (1234567890123456.0, "1234567890123456.0"),
    ],
)
def test_an_id_stored_as_a_number_that_may_have_lost_digits_is_refused(
    tmp_path: Path, deal_id: float, shown: str
) -> None:
    rows = [*DEALS[:3], [deal_id, "Big", "U1", 1.0, "01.01.2024", None, "open"]]
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path, sheets={"Deals": rows}), tmp_path / "analytics.duckdb")
    assert str(error.value) == (
        f"deals.xlsx, row 4, column Deal ID: {shown!r} is stored as a number, so the id's digits "
        "may already be lost (a spreadsheet keeps 15): format the column as text in the "
        "spreadsheet before exporting"
    )


def test_rows_are_numbered_as_the_sheet_shows_them(tmp_path: Path) -> None:
    blank = [None] * len(HEADER)
    bad = [12348.0, "Bad", "U1", "12k", "01.01.2024", None, "open"]
    rows = [blank, blank, *DEALS, blank, bad]  # the header is in row 3
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path, sheets={"Deals": rows}), tmp_path / "analytics.duckdb")
    assert str(error.value) == "deals.xlsx, row 9, column Value: '12k' is not an amount"


def test_a_date_cell_where_an_amount_belongs_is_refused(tmp_path: Path) -> None:
    rows = [*DEALS[:3], [12348.0, "Bad", "U1", date(2024, 1, 1), "01.01.2024", None, "open"]]
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path, sheets={"Deals": rows}), tmp_path / "analytics.duckdb")
    assert str(error.value) == "deals.xlsx, row 4, column Value: '2024-01-01' is not an amount"


def test_a_file_that_is_not_a_spreadsheet_is_named(tmp_path: Path) -> None:
    mapping = write_export(tmp_path)
    (tmp_path / "deals.xlsx").write_text("Deal ID,Title\n1,x\n", encoding="utf-8")
    with pytest.raises(MalformedInputError, match=r"^deals\.xlsx: cannot be read as a xlsx sp"):
        run_import(mapping, tmp_path / "analytics.duckdb")


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            'file = "users.csv"\nsheet = "Users"',
            "[reps] sheet: a sheet is for spreadsheets (.xlsx, .xlsm, .xls, .ods), not users.csv",
        ),
        (
            'file = "deals.xlsx"\nencoding = "cp1252"',
            "[reps] encoding: deals.xlsx is a spreadsheet: it knows its own encoding",
        ),
        (
            'file = "deals.xlsx"\ndelimiter = ";"',
            "[reps] delimiter: deals.xlsx is a spreadsheet: it has no delimiter",
        ),
    ],
)
def test_sheet_options_and_text_options_fit_their_files(
    tmp_path: Path, section: str, expected: str
) -> None:
    write_export(tmp_path)
    text = f'[reps]\n{section}\ncolumns = {{ rep_id = "User" }}\n'
    (tmp_path / "mapping.toml").write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as error:
        mapping_read(tmp_path / "mapping.toml")
    assert str(error.value) == f"mapping.toml: {expected}"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", (None, None)),
        ("Acme", ("Acme", None)),
        (True, ("true", None)),
        (12345.0, ("12345", "number")),
        (12345, ("12345", "number")),
        (2900.5, ("2900.5", "number")),
        (1e15, ("1000000000000000.0", "number")),  # past 15 digits: not written as an integer
        (date(2024, 6, 15), ("2024-06-15", "date")),
        (datetime(2024, 6, 15, 13, 50), ("2024-06-15 13:50:00", "date")),  # noqa: DTZ001
        (time(0, 30), ("0:30:00", None)),  # a call of half an hour: the hms kind reads it
        (timedelta(hours=30, seconds=5), ("30:00:05", None)),
    ],
)
def test_each_kind_of_cell_becomes_text_and_says_how_it_was_stored(
    cell: Any, expected: tuple[str | None, str | None]
) -> None:
    assert cell_text(cell) == expected


def test_a_value_far_from_the_data_is_refused_not_a_crash(tmp_path: Path) -> None:
    """One stray value in the last cell of a sheet makes its extent 17 billion cells: the reader
    (in a process of its own) cannot hold them, and the import says what to do instead."""
    mapping = write_export(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "deals.xlsx")
    book["Deals"]["XFD1048576"] = "x"
    book.save(tmp_path / "deals.xlsx")
    with pytest.raises(MalformedInputError) as error:
        run_import(mapping, tmp_path / "analytics.duckdb")
    assert str(error.value).startswith(
        "deals.xlsx: cannot be read: the spreadsheet reader stopped (SIGABRT). A value far from "
        "the data"
    )


ACTIVITIES: Rows = [
    ["Deal", "Owner", "When", "Kind"],
    ["12345", "U1", datetime(2024, 6, 20, 10, 0), "call"],  # noqa: DTZ001
    ["12346", "U2", date(2024, 6, 21), "meeting"],
]
TWO_SHEETS = (
    MAPPING.format(suffix="xlsx", sheet='sheet = "Deals"')
    + """
[activities]
file = "deals.xlsx"
sheet = "ACTIVITIES"
[activities.columns]
opportunity_id = "Deal"
owner_id = "Owner"
occurred_at = "When"
type = "Kind"
"""
)


def test_one_workbook_read_by_several_sections(tmp_path: Path) -> None:
    """The readers of a workbook write its sheets in the mapping's order."""
    write_export(tmp_path, sheets={"Activities": ACTIVITIES, "Deals": DEALS})
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(TWO_SHEETS.replace("ACTIVITIES", "Activities"), encoding="utf-8")
    store = tmp_path / "analytics.duckdb"
    summary = run_import(mapping, store)
    assert [f.sheet for f in summary.files if f.sheet] == ["Deals", "Activities"]
    assert set(deals(store)) == {"12345", "12346", "12347"}
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT opportunity_id, type, occurred_at FROM crm_activities ORDER BY 1"
        ).fetchall()
    assert rows == [
        ("12345", "call", datetime(2024, 6, 20, 10, 0)),  # noqa: DTZ001
        ("12346", "meeting", datetime(2024, 6, 21, 0, 0)),  # noqa: DTZ001
    ]


def test_a_missing_sheet_after_one_read_is_named(tmp_path: Path) -> None:
    write_export(tmp_path, sheets={"Deals": DEALS})
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(TWO_SHEETS.replace("ACTIVITIES", "Calls"), encoding="utf-8")
    with pytest.raises(MalformedInputError) as error:
        run_import(mapping, tmp_path / "analytics.duckdb")
    assert str(error.value) == (
        "deals.xlsx: has no sheet 'Calls' (named in [activities] sheet); its sheets: 'Deals'"
    )


def test_a_failed_import_stops_the_reader_of_the_sheets_it_did_not_reach(tmp_path: Path) -> None:
    from uplift.crm.importers.spreadsheets import Workbooks

    book = tmp_path / "deals.xlsx"
    write_workbook(book, {"Deals": DEALS, "Other": DEALS})
    wanted = [(book, "Deals", "[a]"), (book, "Other", "[b]")]
    with duckdb.connect() as con, Workbooks(wanted) as workbooks:
        assert workbooks.sheet_read(con, book, "first").sheet == "Deals"
        first, second = workbooks._readers[book]  # each reads one sheet of the two
    assert first.process.returncode == 0  # its only sheet read, it ended
    process = second.process  # its sheet was never read
    assert process.returncode is not None  # stopped and waited for, none left behind


def test_the_readers_of_a_workbook_give_its_sheets_in_the_order_asked(tmp_path: Path) -> None:
    from uplift.crm.importers.spreadsheets import Workbooks

    book = tmp_path / "deals.xlsx"
    write_workbook(book, dict.fromkeys(("A", "B", "C", "D", "E"), DEALS))
    order = ["D", "A", "E", "B", "C"]
    with duckdb.connect() as con, Workbooks([(book, n, f"[{n}]") for n in order]) as workbooks:
        read = [workbooks.sheet_read(con, book, f"t{i}").sheet for i in range(len(order))]
        assert read == order
        assert con.execute("SELECT count(*) FROM t4").fetchone() == (3,)
        assert all(r.process.returncode == 0 for r in workbooks._readers[book])
