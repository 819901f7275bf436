"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) read into the same text table as a CSV file.

python-calamine (Rust's calamine) reads all four formats, in a process of its own
(sheet_rows.py: a malformed or absurdly wide sheet can make calamine abort its process, and
that one holds the sheet's cells). Its rows come back as a stream of Arrow batches that DuckDB
reads in one statement, so the importing process holds one batch at a time.

Every cell becomes text, as a CSV file would have it, and cells the spreadsheet stored as numbers
or dates are marked in a companion column (`RawSheet.kinds`): such a cell is read as the number
or date it is, never through the mapping's decimal mark or date formats. A number becomes its
shortest text ("3500", "2900.5"; 12345.0 is "12345"), a date or date-time its ISO text.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from uplift.crm.importers.csvread import ident
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.sheet_rows import DATE, NUMBER, PROBLEM, SHEET_DONE, kind_columns

if TYPE_CHECKING:
    import pyarrow as pa

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ROWS = "sheet_rows"  # the name a sheet's stream is read under
READERS = 2  # reader processes for a workbook of several sheets to read: one per core
__all__ = ["DATE", "NUMBER", "SPREADSHEET_SUFFIXES", "RawSheet", "Workbooks", "sheet_read"]


@dataclass(frozen=True)
class RawSheet:
    sheet: str  # the sheet read
    headers: list[str]
    kinds: dict[str, str]  # header -> the raw table's column saying how each cell was stored


def _stopped(path: Path, status: int) -> MalformedInputError:
    """The reader's process ended without a word: calamine aborted it (or it was killed)."""
    how = signal.Signals(-status).name if status < 0 else f"status {status}"
    return MalformedInputError(
        path.name,
        f"cannot be read: the spreadsheet reader stopped ({how}). A value far from the data (a "
        "stray cell in row 1,000,000 or column XFD) makes it ask for more memory than there is: "
        "delete the empty rows and columns after the data, or export the sheet as CSV",
    )


@dataclass
class _Reader:
    """A workbook's reader process and the sheets it has still to write, in order."""

    process: subprocess.Popen[bytes]
    sheets: list[tuple[str | None, str]]

    @property
    def rows(self) -> IO[bytes]:
        return cast("IO[bytes]", self.process.stdout)

    @property
    def words(self) -> IO[bytes]:
        return cast("IO[bytes]", self.process.stderr)


def _start(path: Path, sheets: list[tuple[str | None, str]]) -> _Reader:
    """A reader process writing `sheets` of the workbook at `path`, in that order."""
    named = [part for sheet, where in sheets for part in (sheet or "", where)]
    command = [sys.executable, "-m", "uplift.crm.importers.sheet_rows", str(path), *named]
    process = subprocess.Popen(  # noqa: S603 (our own module, the file's path as an argument)
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "RUST_BACKTRACE": "0"},
    )
    return _Reader(process, list(sheets))


class Workbooks:
    """The reader processes of an import's spreadsheets, which write the sheets the import reads
    from each workbook in the order it reads them (`wanted`: the workbook, the sheet or None for
    the first one, and where the mapping names it).

    A workbook of one sheet to read has one reader; one of several has two, which take its
    sheets in turn (the first, third, … and the second, fourth, …), each opening the workbook
    once: while the import reads one sheet the other reader parses the next, on the other core,
    and each reader parses its next sheet while the import types the one before. Use it as a
    context manager: leaving it stops the readers still running (an import that failed)."""

    def __init__(self, wanted: Sequence[tuple[Path, str | None, str]]):
        self._wanted: dict[Path, list[tuple[str | None, str]]] = {}
        for path, sheet, where in wanted:
            self._wanted.setdefault(path, []).append((sheet, where))
        self._readers: dict[Path, list[_Reader]] = {}
        self._asked: dict[Path, int] = {}

    def __enter__(self) -> Workbooks:
        return self

    def __exit__(self, *_: object) -> None:
        for readers in self._readers.values():
            for reader in readers:
                if reader.process.returncode is None:
                    reader.process.kill()
                reader.process.communicate()
        self._readers.clear()

    def _reader(self, path: Path) -> _Reader:
        """The reader of the workbook's next sheet (starting the workbook's readers first)."""
        if path not in self._readers:
            sheets = self._wanted[path]
            count = min(READERS, len(sheets))
            self._readers[path] = [_start(path, sheets[i::count]) for i in range(count)]
            self._asked[path] = 0
        readers = self._readers[path]
        reader = readers[self._asked[path] % len(readers)]
        self._asked[path] += 1
        return reader

    def _failed(self, reader: _Reader, path: Path, failure: Exception | None) -> Exception:
        """Why the sheet could not be read: the reader's own words, else how it stopped."""
        reader.rows.read()
        problem = reader.words.read().decode("utf-8", errors="replace").strip()
        status = reader.process.wait()
        if status == PROBLEM:
            lines = [line for line in problem.splitlines() if line != SHEET_DONE]
            return MalformedInputError(path.name, lines[-1] if lines else "unreadable")
        if status != 0:
            return _stopped(path, status)
        return MalformedInputError(path.name, f"cannot be read ({failure})")

    def sheet_typed(
        self, con: Any, path: Path, statement: Callable[[RawSheet, str], str]
    ) -> RawSheet:
        """Read the workbook's next sheet with one statement, run as its rows stream in:
        `statement` is given the sheet (its name, headers and kinds) and the name its rows are
        read from (`_row`, the headers, the kinds), and returns the SQL to run."""
        # Imported here: the command line and the web server reach this module through the
        # mapping files without reading any workbook.
        import duckdb
        import pyarrow as pa

        reader = self._reader(path)
        failure: Exception | None = None
        sheet: RawSheet | None = None
        try:
            stream = pa.ipc.open_stream(reader.rows)
            sheet = _raw_sheet(stream.schema)
            con.register(ROWS, stream)
            try:
                con.execute(statement(sheet, ROWS))
            finally:
                con.unregister(ROWS)
        except (pa.ArrowException, duckdb.Error) as exc:  # the reader's status says more
            failure = exc
        # The stream was whole only if the reader says so (a reader stopped in the middle of a
        # sheet may leave a stream that merely looks finished).
        while failure is None and (line := reader.words.readline()):
            if line.decode("utf-8", errors="replace").strip() == SHEET_DONE:
                break
        else:
            raise self._failed(reader, path, failure) from failure
        if sheet is None:
            raise self._failed(reader, path, failure)
        reader.sheets.pop(0)
        if not reader.sheets:  # its last sheet: the reader ends
            reader.process.communicate()
        return sheet

    def sheet_read(self, con: Any, path: Path, table: str) -> RawSheet:
        """Load the workbook's next sheet into `table` (see sheet_read)."""
        return self.sheet_typed(
            con,
            path,
            lambda _, rows: f"CREATE OR REPLACE TEMP TABLE {ident(table)} AS SELECT * FROM {rows}",
        )


def _raw_sheet(schema: pa.Schema) -> RawSheet:
    """The sheet a reader's stream holds, from its schema (see sheet_rows)."""
    headers = [f.name for f in schema][1 : 1 + (len(schema) - 1) // 2]
    name = (schema.metadata or {}).get(b"sheet", b"").decode("utf-8")
    return RawSheet(name, headers, dict(zip(headers, kind_columns(headers), strict=True)))


def sheet_read(con: Any, path: Path, table: str, *, sheet: str | None, where: str) -> RawSheet:
    """Load one sheet as text columns, with their row numbers `_row` and each column's cell
    kinds, into a temporary table. The first row that is not blank holds the headers; blank
    rows are skipped; row numbers are the sheet's own."""
    with Workbooks([(path, sheet, where)]) as workbooks:
        return workbooks.sheet_read(con, path, table)
