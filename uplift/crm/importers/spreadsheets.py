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
from uplift.crm.importers.sheet_halves import halves_wanted
from uplift.crm.importers.sheet_rows import (
    DATE,
    NUMBER,
    PROBLEM,
    SHEET_DONE,
    Job,
    kind_columns,
)

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
    sheets: list[Job]

    @property
    def rows(self) -> IO[bytes]:
        return cast("IO[bytes]", self.process.stdout)

    @property
    def words(self) -> IO[bytes]:
        return cast("IO[bytes]", self.process.stderr)


def _start(path: Path, sheets: list[Job]) -> _Reader:
    """A reader process writing `sheets` of the workbook at `path`, in that order."""
    named = [part for sheet, where, half in sheets for part in (sheet or "", where, str(half))]
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

    Each sheet is one job, or two for a large .xlsx sheet (its halves, sheet_halves.py). A
    workbook of one job has one reader; one of several has two, which take its jobs in turn
    (the first, third, … and the second, fourth, …), each opening the workbook once: while the
    import reads one sheet the other reader parses the next, on the other core, and each reader
    parses its next sheet while the import types the one before. The two halves of a sheet are
    two jobs in a row, so the two readers parse them at once and the import reads them as one.
    Use it as a context manager: leaving it stops the readers still running (an import that
    failed)."""

    def __init__(self, wanted: Sequence[tuple[Path, str | None, str]]):
        self._wanted: dict[Path, list[Job]] = {}
        for path, sheet, where in wanted:
            jobs = [(sheet, where, 0)]
            if halves_wanted(path, sheet):
                jobs = [(sheet, where, 1), (sheet, where, 2)]
            self._wanted.setdefault(path, []).extend(jobs)
        self._readers: dict[Path, list[_Reader]] = {}
        self._asked: dict[Path, int] = {}
        self._again: list[_Reader] = []  # readers of whole sheets whose halves did not agree

    def __enter__(self) -> Workbooks:
        return self

    def __exit__(self, *_: object) -> None:
        for readers in [*self._readers.values(), self._again]:
            for reader in readers:
                if reader.process.returncode is None:
                    reader.process.kill()
                reader.process.communicate()
        self._readers.clear()
        self._again.clear()

    def _next_job(self, path: Path) -> Job:
        """The workbook's next job (starting the workbook's readers first)."""
        if path not in self._readers:
            jobs = self._wanted[path]
            count = min(READERS, len(jobs))
            self._readers[path] = [_start(path, jobs[i::count]) for i in range(count)]
            self._asked[path] = 0
        return self._wanted[path][self._asked[path]]

    def _take(self, path: Path) -> _Reader:
        """The reader of the workbook's next job, which it is now given."""
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
        sheet, where, half = self._next_job(path)
        readers = [self._take(path) for _ in range(2 if half else 1)]
        found = self._read(con, path, readers, statement)
        if found is None:  # halves that do not agree: the whole sheet, by a reader of its own
            self._again.append(_start(path, [(sheet, where, 0)]))
            found = self._read(con, path, [self._again[-1]], statement)
        if found is None:
            raise MalformedInputError(path.name, "cannot be read: its sheet has no columns")
        return found

    def _read(
        self,
        con: Any,
        path: Path,
        readers: list[_Reader],
        statement: Callable[[RawSheet, str], str],
    ) -> RawSheet | None:
        """Run the statement over the rows of the readers' next job (a sheet, or its two
        halves read as one); None, their streams read to the end, for halves that cannot be
        read as one (their headers differ, or the sheet could not be cut)."""
        # Imported here: the command line and the web server reach this module through the
        # mapping files without reading any workbook.
        import duckdb
        import pyarrow as pa

        failure: Exception | None = None
        sheet: RawSheet | None = None
        try:
            streams = [pa.ipc.open_stream(r.rows) for r in readers]
            sheet = _streams_run(con, streams, statement)
        except (pa.ArrowException, duckdb.Error) as exc:  # the reader's status says more
            failure = exc
        for reader in readers:
            # The stream was whole only if the reader says so (a reader stopped in the middle
            # of a sheet may leave a stream that merely looks finished).
            while failure is None and (line := reader.words.readline()):
                if line.decode("utf-8", errors="replace").strip() == SHEET_DONE:
                    break
            else:
                raise self._failed(reader, path, failure) from failure
        for reader in readers:
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


def _streams_run(
    con: Any, streams: list[pa.RecordBatchStreamReader], statement: Callable[[RawSheet, str], str]
) -> RawSheet | None:
    """Run the statement over the streams' rows, one after the other (the halves of a sheet
    have the same columns); None, the streams read to their end, when their columns differ or
    they have none (a sheet that could not be cut)."""
    schemas = [stream.schema for stream in streams]
    if not len(schemas[0]) or not all(s.equals(schemas[0], check_metadata=True) for s in schemas):
        for stream in streams:
            for _ in stream:  # read to its end, a batch at a time
                pass
        return None
    sheet = _raw_sheet(schemas[0])
    names = [f"{ROWS}_{i}" for i in range(len(streams))]
    for name, stream in zip(names, streams, strict=True):
        con.register(name, stream)
    rows = " UNION ALL ".join(f"SELECT * FROM {name}" for name in names)
    try:
        con.execute(statement(sheet, f"({rows})"))
    finally:
        for name in names:
            con.unregister(name)
    return sheet


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
