"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) read into the same text table as a CSV file.

python-calamine (Rust's calamine) reads all four formats. The sheet's rows are turned into Arrow
batches of BATCH_ROWS rows and streamed into DuckDB in one statement, so Python never holds more
than one batch (calamine itself keeps the sheet's cells in compact Rust values).

Every cell becomes text, as a CSV file would have it, and cells the spreadsheet stored as numbers
or dates are marked in a companion column (`RawSheet.kinds`): such a cell is read as the number
or date it is, never through the mapping's decimal mark or date formats. A number becomes its
shortest text ("3500", "2900.5"; 12345.0 is "12345"), a date or date-time its ISO text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from uplift.crm.importers.csvread import ident
from uplift.crm.importers.errors import MalformedInputError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
BATCH_ROWS = 10_000
NUMBER, DATE = "number", "date"  # how a cell was stored; text cells have no kind
# Integers below this are written in full: a spreadsheet keeps 15 significant digits of a number.
EXACT_DIGITS_BELOW = 10**15

Cell = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta


@dataclass(frozen=True)
class RawSheet:
    sheet: str  # the sheet read
    headers: list[str]
    kinds: dict[str, str]  # header -> the raw table's column saying how each cell was stored


def number_text(value: float) -> str:
    """A number as text: integers in full while they are exact, others as Python writes them."""
    if value.is_integer() and abs(value) < EXACT_DIGITS_BELOW:
        return str(int(value))
    return repr(value)


def _clock(seconds: float) -> str:
    whole = round(seconds)
    sign, whole = ("-", -whole) if whole < 0 else ("", whole)
    return f"{sign}{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def cell_text(value: Cell) -> tuple[str | None, str | None]:  # noqa: PLR0911
    """(text, kind) of one cell: kind is NUMBER or DATE for cells stored as such."""
    if isinstance(value, str):
        return (value or None), None
    if isinstance(value, bool):  # before int: a bool is an int
        return ("true" if value else "false"), None
    if isinstance(value, int):
        return str(value), NUMBER
    if isinstance(value, float):
        return (number_text(value), NUMBER) if math.isfinite(value) else (repr(value), None)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" "), DATE
    if isinstance(value, dt.date):
        return value.isoformat(), DATE
    if isinstance(value, dt.time):  # a time of day or a duration: H:MM:SS, as a text would say
        return _clock(value.hour * 3600 + value.minute * 60 + value.second), None
    if isinstance(value, dt.timedelta):
        return _clock(value.total_seconds()), None
    return str(value), None


def _unique(headers: list[str]) -> list[str]:
    """Headers as DuckDB names CSV columns: a blank one is column<N>, a repeated one gets _<N>."""
    seen: set[str] = set()
    result = []
    for index, header in enumerate(headers):
        name = header if header.strip() else f"column{index}"
        candidate, copy = name, 0
        while candidate in seen:
            copy += 1
            candidate = f"{name}_{copy}"
        seen.add(candidate)
        result.append(candidate)
    return result


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise MalformedInputError(
            path.name, "is protected by a password: save a copy without one"
        ) from exc
    except (CalamineError, OSError, ValueError) as exc:
        raise MalformedInputError(
            path.name, f"cannot be read as a {path.suffix.lower()[1:]} spreadsheet ({exc})"
        ) from exc


def _sheet_name(book: CalamineWorkbook, path: Path, sheet: str | None, where: str) -> str:
    if sheet is None:  # the first worksheet (a chart sheet has no rows)
        for meta in book.sheets_metadata:
            if meta.typ == SheetTypeEnum.WorkSheet:
                return meta.name
        return book.sheet_names[0]
    if sheet in book.sheet_names:
        return sheet
    loose = [n for n in book.sheet_names if n.strip().lower() == sheet.strip().lower()]
    if len(loose) == 1:
        return loose[0]
    names = ", ".join(repr(n) for n in book.sheet_names)
    raise MalformedInputError(
        path.name, f"has no sheet {sheet!r} (named in {where} sheet); its sheets: {names}"
    )


def sheet_read(con: Any, path: Path, table: str, *, sheet: str | None, where: str) -> RawSheet:
    """Load one sheet as text columns, with their row numbers `_row` and each column's cell
    kinds, into a temporary table. The first row that is not blank holds the headers; blank
    rows are skipped; row numbers are the sheet's own."""
    with _open(path) as book:
        name = _sheet_name(book, path, sheet, where)
        try:
            rows = enumerate(book.get_sheet_by_name(name).iter_rows(), start=1)
            header_row = next(((n, r) for n, r in rows if any(c != "" for c in r)), None)
        except CalamineError as exc:
            raise MalformedInputError(path.name, f"sheet {name!r} cannot be read ({exc})") from exc
        if header_row is None:
            raise MalformedInputError(path.name, f"sheet {name!r} is empty")
        headers = _unique([cell_text(c)[0] or "" for c in header_row[1]])
        kinds = {}
        for index, header in enumerate(headers):
            column = f"_kind_{index}"
            while column in headers:
                column = "_" + column
            kinds[header] = column
        schema = pa.schema(
            [("_row", pa.int64())]
            + [(h, pa.string()) for h in headers]
            + [(kinds[h], pa.string()) for h in headers]
        )
        failure: list[Exception] = []
        reader = pa.RecordBatchReader.from_batches(
            schema, _batches(rows, len(headers), schema, failure)
        )
        con.register("uplift_sheet_rows", reader)
        try:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {ident(table)} AS SELECT * FROM uplift_sheet_rows"
            )
        except duckdb.Error as exc:
            cause = failure[0] if failure else exc
            raise MalformedInputError(
                path.name, f"sheet {name!r} cannot be read ({cause})"
            ) from cause
        finally:
            con.unregister("uplift_sheet_rows")
    return RawSheet(sheet=name, headers=headers, kinds=kinds)


def _batches(
    rows: Iterator[tuple[int, list[Any]]], width: int, schema: pa.Schema, failure: list[Exception]
) -> Iterator[pa.RecordBatch]:
    """The sheet's rows after the header as Arrow batches: numbers, texts, kinds."""
    numbers: list[int] = []
    texts: list[list[str | None]] = [[] for _ in range(width)]
    kinds: list[list[str | None]] = [[] for _ in range(width)]
    try:
        for number, row in rows:
            if all(c == "" for c in row):
                continue
            numbers.append(number)
            for index, value in enumerate(row[:width]):
                # Text and numbers are nearly every cell: those are converted here, in line.
                if type(value) is str:
                    texts[index].append(value or None)
                    kinds[index].append(None)
                elif (
                    type(value) is float and value.is_integer() and abs(value) < EXACT_DIGITS_BELOW
                ):
                    texts[index].append(str(int(value)))
                    kinds[index].append(NUMBER)
                else:
                    text, kind = cell_text(value)
                    texts[index].append(text)
                    kinds[index].append(kind)
            for index in range(len(row), width):
                texts[index].append(None)
                kinds[index].append(None)
            if len(numbers) == BATCH_ROWS:
                yield pa.record_batch([numbers, *texts, *kinds], schema=schema)
                numbers, texts, kinds = [], [[] for _ in texts], [[] for _ in kinds]
    except Exception as exc:  # DuckDB reports a failed scan in its own words: keep the cause
        failure.append(exc)
        raise
    if numbers:
        yield pa.record_batch([numbers, *texts, *kinds], schema=schema)
