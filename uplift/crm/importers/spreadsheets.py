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
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import duckdb
import pyarrow as pa

from uplift.crm.importers.csvread import ident
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.sheet_rows import DATE, NUMBER, PROBLEM, kind_columns

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
__all__ = ["DATE", "NUMBER", "SPREADSHEET_SUFFIXES", "RawSheet", "sheet_read"]


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


def sheet_read(con: Any, path: Path, table: str, *, sheet: str | None, where: str) -> RawSheet:
    """Load one sheet as text columns, with their row numbers `_row` and each column's cell
    kinds, into a temporary table. The first row that is not blank holds the headers; blank
    rows are skipped; row numbers are the sheet's own."""
    command = [sys.executable, "-m", "uplift.crm.importers.sheet_rows", str(path), sheet or ""]
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    with subprocess.Popen(  # noqa: S603 (our own module, the file's path as an argument)
        [*command, where], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as reader:
        rows, words = cast("IO[bytes]", reader.stdout), cast("IO[bytes]", reader.stderr)
        failure: Exception | None = None
        schema: pa.Schema | None = None
        try:
            stream = pa.ipc.open_stream(rows)
            schema = stream.schema
            con.register("sheet_rows", stream)
            try:
                con.execute(
                    f"CREATE OR REPLACE TEMP TABLE {ident(table)} AS SELECT * FROM sheet_rows"
                )
            finally:
                con.unregister("sheet_rows")
        except (pa.ArrowException, duckdb.Error) as exc:  # the reader's status says more
            failure = exc
        rows.read()
        problem = words.read().decode("utf-8", errors="replace").strip()
        status = reader.wait()
    if status == PROBLEM:
        raise MalformedInputError(path.name, problem.splitlines()[-1] if problem else "unreadable")
    if status != 0:
        raise _stopped(path, status)
    if failure is not None or schema is None:
        raise MalformedInputError(path.name, f"cannot be read ({failure})") from failure
    headers = [f.name for f in schema][1 : 1 + (len(schema) - 1) // 2]
    sheet_name = (schema.metadata or {}).get(b"sheet", b"").decode("utf-8")
    return RawSheet(sheet_name, headers, dict(zip(headers, kind_columns(headers), strict=True)))
