"""A large .xlsx sheet is parsed in two halves by two processes at once (sheet_halves.py): the
import reads the same rows, with the same row numbers and cell kinds, as from the whole sheet;
a sheet that cannot be cut, or whose halves disagree, is read whole."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.crm.spreadsheet_fixtures import Rows, write_workbook
from tests.crm.test_mapped_spreadsheets import HEADER, deals, run_import, write_export
from uplift.crm.importers import sheet_halves
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.spreadsheets import Workbooks

SHEET = "Deals"
COLUMNS = ["Deal ID", "Amount", "Closed", "Won", "Note"]


def _rows(count: int) -> Rows:
    """Two blank rows, the header in row 3, then rows of text, numbers, date-times, dates,
    true/false and blanks; the first column is blank in every row of the second half."""
    rows: Rows = [[None] * len(COLUMNS), [None] * len(COLUMNS), COLUMNS]
    for i in range(count):
        closed = datetime(2024, 1, 1, 9, 30) if i % 3 else date(2024, 2, i % 28 + 1)  # noqa: DTZ001
        rows.append(
            [
                f"D{i}" if i < count // 3 else None,
                float(i) * 1.5 if i % 5 else "n/a",
                closed,
                bool(i % 2),
                None if i % 7 else f"note {i}",
            ]
        )
        if i % 50 == 10:
            rows.append([None] * len(COLUMNS))  # a blank row, skipped
    return rows


@dataclass
class _Read:
    halves: list[int]  # each job's half (0: a whole sheet)
    again: int  # sheets read again whole
    rows: list[tuple[Any, ...]]  # the first sheet's


def _read(book: Path, sheets: list[str]) -> _Read:
    wanted = [(book, name, f"[{name}]") for name in sheets]
    with duckdb.connect() as con, Workbooks(wanted) as workbooks:
        for number, _ in enumerate(sheets):
            workbooks.sheet_read(con, book, f"sheet_{number}")
        rows = con.execute("SELECT * FROM sheet_0 ORDER BY _row").fetchall()
        return _Read([job[2] for job in workbooks._wanted[book]], len(workbooks._again), rows)


@pytest.fixture
def halved(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every .xlsx sheet counts as large."""
    monkeypatch.setattr(sheet_halves, "HALVES_FROM_BYTES", 0)


def test_a_sheet_read_in_halves_gives_the_rows_of_the_whole_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = write_workbook(tmp_path / "deals.xlsx", {"Other": [["a"], [1.0]], SHEET: _rows(600)})
    read_whole = _read(book, [SHEET, "Other"])
    assert read_whole.halves == [0, 0]
    whole = read_whole.rows
    monkeypatch.setattr(sheet_halves, "HALVES_FROM_BYTES", 0)
    halves = _read(book, [SHEET, "Other"])
    assert halves.halves == [1, 2, 1, 2]  # both sheets halved
    assert halves.again == 1  # Deals' halves agreed; Other, of one row, could not be cut
    assert halves.rows == whole
    assert len(whole) == 600
    assert whole[0][0] == 4  # rows keep their numbers: the header is row 3
    assert whole[-1][0] == 600 + 3 + 12  # and the blank rows are counted, not returned
    by_id = {r[1]: r for r in whole}
    assert by_id["D1"][1:6] == ("D1", "1.5", "2024-01-01 09:30:00", "true", None)
    assert by_id["D1"][6:] == (None, "number", "date", None, None)


def test_each_half_is_its_own_workbook_of_the_rows_on_its_side_of_the_cut(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "deals.xlsx", {SHEET: _rows(400)})
    first = sheet_halves.half_write(book, SHEET, 1, tmp_path)
    second = sheet_halves.half_write(book, SHEET, 2, tmp_path)
    assert first is not None
    assert second is not None
    assert first.first_row == 0
    with zipfile.ZipFile(first.book) as one, zipfile.ZipFile(second.book) as two:
        xml_one = one.read("xl/worksheets/sheet1.xml")
        xml_two = two.read("xl/worksheets/sheet1.xml")
    numbers_one = [int(n) for n in re.findall(rb'<row r="(\d+)"', xml_one)]
    numbers_two = [int(n) for n in re.findall(rb'<row r="(\d+)"', xml_two)]
    # The header moved to just before the second half's rows; no row is in both halves.
    assert numbers_two[0] == second.first_row - 1
    assert numbers_one[-1] < second.first_row == numbers_two[1]
    assert b"<is><t>Deal ID</t></is>" in xml_two.split(b"</row>", 1)[0]
    assert numbers_one[-1] - 3 > 400 * 0.45  # the first half is a little larger


def test_a_sheet_without_row_numbers_is_read_whole(tmp_path: Path, halved: None) -> None:
    book = write_workbook(tmp_path / "deals.xlsx", {SHEET: _rows(200)})
    _rewrite(book, lambda xml: re.sub(rb'\sr="[^"]*"', b"", xml))
    read = _read(book, [SHEET])
    assert read.again == 1  # the halves said they could not be made
    assert len(read.rows) == 200
    assert read.rows[0][:2] == (4, "D0")


def test_halves_whose_headers_differ_are_read_again_as_one_sheet(
    tmp_path: Path, halved: None
) -> None:
    # Row 1 holds an error value, which reads as a blank cell: the header is row 3, but the
    # second half takes row 1 for it and finds another.
    book = write_workbook(tmp_path / "deals.xlsx", {SHEET: _rows(200)})
    error_row = b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c></row>'
    _rewrite(book, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + error_row, 1))
    read = _read(book, [SHEET])
    assert read.again == 1
    assert len(read.rows) == 200
    assert read.rows[0][:2] == (4, "D0")


def _rewrite(book: Path, change: Any) -> None:
    """Rewrite the workbook's first sheet's XML."""
    with zipfile.ZipFile(book) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def _deal_rows(count: int, *, repeated: int, bad: int) -> Rows:
    rows: Rows = [HEADER]
    for i in range(count):
        deal = float(100 + (repeated if i == count - 1 else i))
        value: Any = "12k" if i == bad else float(i + 1)
        rows.append([deal, f"Deal {i}", "U1", value, date(2024, 6, 1), None, "open"])
    return rows


def test_a_halved_sheet_imports_keeping_row_numbers_and_the_last_copy(
    tmp_path: Path, halved: None
) -> None:
    # The last row repeats the second deal: the copy in the second half wins; a bad value in
    # the second half is named with its row in the sheet.
    rows = _deal_rows(300, repeated=1, bad=250)
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path / "bad", sheets={SHEET: rows}), tmp_path / "a.duckdb")
    assert str(error.value) == "deals.xlsx, row 252, column Value: '12k' is not an amount"
    rows[251][3] = 251.0
    store = tmp_path / "b.duckdb"
    summary = run_import(write_export(tmp_path / "good", sheets={SHEET: rows}), store)
    stored = deals(store)
    assert len(stored) == 299
    assert stored["101"][1] == 30000  # the last copy's amount (300.0), not the first's (2.0)
    assert summary.rejected["deals.xlsx"] == 1
