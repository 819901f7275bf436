"""The first rows of an uploaded export's files, read the way the importer reads them.

A CSV file goes through the importer's own reader (csvfiles: the encoding from its byte-order
mark, else UTF-8, else the Windows code page it must then be in; the delimiter detected), a
spreadsheet through the spreadsheet reader's own process (spreadsheets: one sheet, its cells'
kinds), so the headers the wizard shows are the very names a mapping must give. Each column is
profiled from its first PROFILE_ROWS values (uplift.crm.column_profiles).
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import duckdb
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from uplift.crm.column_profiles import FileSample, column_profile
from uplift.crm.importers.csvfiles import SAMPLE_BYTES, csv_file, csv_read, encoding_of
from uplift.crm.importers.csvread import ident
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.spreadsheets import SPREADSHEET_SUFFIXES, sheet_read

PROFILE_ROWS = 500
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
READABLE_SUFFIXES = CSV_SUFFIXES + SPREADSHEET_SUFFIXES
MAX_COLUMNS = 300  # more than any CRM exports for one object; the form stays usable
MAX_HEADER_CHARACTERS = 500


class ExportFileError(MalformedInputError):
    """An uploaded file the wizard cannot read; the message names it and says why."""


def _encoding(path: Path) -> str:
    """The encoding to read the file in: what its byte-order mark says, UTF-8 when its first
    bytes are UTF-8, else cp1252 (Excel on Windows saves CSV files so)."""
    found = encoding_of(path, None, where=f"[{path.name}]")
    if found != "utf-8":
        return found
    with path.open("rb") as file:
        head = file.read(SAMPLE_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sheets_of(path: Path) -> tuple[str, ...]:
    """The workbook's worksheets, by name (chart sheets have no rows)."""
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            return tuple(
                meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet
            )
    except (CalamineError, PasswordError, OSError, ValueError) as exc:
        raise ExportFileError(
            path.name,
            f"cannot be read as a spreadsheet ({path.suffix.lower()}): is it damaged, or "
            "another kind of file renamed?",
        ) from exc


def _checked_headers(name: str, headers: list[str]) -> list[str]:
    if len(headers) > MAX_COLUMNS:
        raise ExportFileError(
            name, f"has {len(headers)} columns; the wizard maps at most {MAX_COLUMNS}"
        )
    for number, header in enumerate(headers, start=1):
        if "\0" in header:
            raise ExportFileError(
                name, f"the header of column {number} holds a NUL character: is it a CSV file?"
            )
        if len(header) > MAX_HEADER_CHARACTERS:
            raise ExportFileError(
                name,
                f"the header of column {number} is {len(header)} characters long; is the first "
                "row really the headers?",
            )
    return headers


def _rows(con: Any, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    selected = ", ".join(ident(c) for c in columns)
    return list(
        con.execute(
            # Our own identifiers, quoted: no value of the file enters the SQL text.
            f"SELECT {selected} FROM {ident(table)} ORDER BY _row LIMIT {PROFILE_ROWS}"  # noqa: S608
        ).fetchall()
    )


def _clean(value: Any) -> str | None:
    return None if value is None else str(value).replace("\0", "\ufffd")


def _csv_headers(con: Any, path: Path) -> list[str]:
    """Read the CSV file into the table `sample`, as the importer reads it; its headers."""
    if path.stat().st_size == 0:
        raise ExportFileError(path.name, "is empty")
    found = csv_file(path, delimiter=None, encoding=_encoding(path), where=path.name)
    try:
        return _checked_headers(path.name, csv_read(con, found, "sample"))
    except ExportFileError:
        raise
    except MalformedInputError as exc:
        if not any(word in str(exc) for word in ("encoding", "sniffing", "Sniffing")):
            raise  # a row that does not fit (a quote left open, a field too many): as it says
        where = f", row {exc.row}" if exc.row is not None else ""
        raise ExportFileError(
            path.name,
            f"cannot be read as a CSV file{where}: it is not rows of text with the values "
            "separated by commas, semicolons or tabs (is it another kind of file renamed, or "
            "damaged?)",
        ) from exc


def file_sample(path: Path, *, sheet: str | None = None) -> FileSample:
    """Read the file's headers and first rows, and profile each column. Raises
    MalformedInputError (naming the file) for a file that cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        known = ", ".join(READABLE_SUFFIXES)
        raise ExportFileError(path.name, f"is not a CSV file or a spreadsheet ({known})")
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit = '500MB'")
        con.execute("SET enable_progress_bar = false")
        if suffix in SPREADSHEET_SUFFIXES:
            sheets = sheets_of(path)
            chosen = sheet if sheet in sheets else None
            raw = sheet_read(con, path, "sample", sheet=chosen, where=f"[{path.name}]")
            headers = _checked_headers(path.name, raw.headers)
            kinds = [raw.kinds[h] for h in headers]
            rows = _rows(con, "sample", [*headers, *kinds])
            how: dict[str, Any] = {"sheet": raw.sheet, "sheets": sheets}
        else:
            headers = _csv_headers(con, path)
            rows = _rows(con, "sample", headers)
            found = csv_file(path, delimiter=None, encoding=_encoding(path), where=path.name)
            how = {"delimiter": found.delimiter, "encoding": found.encoding}
    except duckdb.Error as exc:
        raise ExportFileError(path.name, "cannot be read") from exc
    finally:
        con.close()
    width = len(headers)
    profiles = tuple(
        column_profile(
            header,
            [_clean(row[index]) for row in rows],
            [row[width + index] for row in rows] if "sheet" in how else (),
        )
        for index, header in enumerate(headers)
    )
    return FileSample(
        name=path.name, headers=tuple(headers), profiles=profiles, rows=len(rows), **how
    )
