"""Sheets of a spreadsheet as streams of Arrow batches, read in a process of its own.

`python -m uplift.crm.importers.sheet_rows FILE [SHEET WHERE HALF …]` writes each sheet's (or
half sheet's: sheet_halves.py) rows to its standard output as an Arrow IPC stream, the sheets
one after the other:
`_row` (the sheet's row number), one text column per header, then one column per header saying
how each cell was stored (NUMBER, DATE, or null for text). The sheet's name is in the schema's
metadata. After each whole stream a SHEET_DONE line goes to standard error. A problem with the
file is one line on standard error and exit status 2. spreadsheets.py runs it and reads the
streams into DuckDB, while this process goes on to read the next sheet.

Why a process: calamine, the reader, holds the sheet's cells in one block whose size is the
sheet's extent, so a single stray value in cell XFD1048576 asks for half a terabyte and Rust
aborts the process. Here that ends this process only, and the import reports it; the importing
process never holds the sheet either. Only python-calamine, pyarrow, numpy and sheet_halves.py
are imported.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import gc
import itertools
import math
import os
import resource
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from uplift.crm.importers.sheet_halves import half_write

BATCH_ROWS = 10_000
NUMBER, DATE = "number", "date"  # how a cell was stored; text cells have no kind
# Integers below this are written in full: a spreadsheet keeps 15 significant digits of a number.
EXACT_DIGITS_BELOW = 10**15
PROBLEM = 2  # the exit status for a file that cannot be read (the message is on stderr)
SHEET_DONE = "-- sheet written --"  # on stderr after each sheet's whole stream

Cell = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta


class SheetError(Exception):
    """The file or sheet cannot be read; the message says why (the file's name is the caller's)."""


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


def kind_columns(headers: list[str]) -> list[str]:
    """The names of the columns saying how each header's cells were stored (none is a header)."""
    names = []
    for index in range(len(headers)):
        name = f"_kind_{index}"
        while name in headers:
            name = "_" + name
        names.append(name)
    return names


def _sheet_name(book: CalamineWorkbook, sheet: str | None, where: str) -> str:
    if not sheet:  # the first worksheet (a chart sheet has no rows)
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
    raise SheetError(f"has no sheet {sheet!r} (named in {where} sheet); its sheets: {names}")


def _one_by_one(values: Sequence[Cell]) -> tuple[pa.Array, pa.Array]:
    texts, kinds = zip(*map(cell_text, values), strict=True) if values else ((), ())
    return pa.array(texts, pa.string()), pa.array(kinds, pa.string())


def _marked(valid: pa.Array, kind: str) -> pa.Array:
    """`kind` where a cell holds a value, null elsewhere."""
    return pc.if_else(valid, pa.scalar(kind), pa.scalar(None, pa.string()))


def _numbers(values: Sequence[Cell]) -> tuple[pa.Array, pa.Array] | None:
    """A column of numbers and blank cells at once, or None when it holds anything else (or a
    number that is not finite). Integers below EXACT_DIGITS_BELOW, nearly all numbers, are
    written in full by Arrow; the others as Python writes them, as number_text does."""
    floats = [v if type(v) is float else None for v in values]
    if floats.count(None) != values.count(""):
        return None
    column = pa.array(floats, pa.float64())
    valid = column.is_valid()
    x = column.to_numpy(zero_copy_only=False)
    given = valid.to_numpy(zero_copy_only=False)
    if not np.isfinite(x[given]).all():
        return None
    whole = x[given] == np.trunc(x[given])
    if whole.all() and (np.abs(x[given]) < EXACT_DIGITS_BELOW).all():
        integers = pa.array(np.where(given, x, 0).astype(np.int64), mask=~given)
        texts = integers.cast(pa.string())
    else:
        texts = pa.array([None if v is None else number_text(v) for v in floats], pa.string())
    return texts, _marked(valid, NUMBER)


_MIDNIGHT = dt.time()


def _dates(values: Sequence[Cell]) -> tuple[pa.Array, pa.Array] | None:
    """A column of dates, date-times and blank cells at once, or None when it holds anything
    else. A date-time is written as isoformat(sep=" ") writes it, a date as its isoformat."""
    moments = [
        v
        if type(v) is dt.datetime
        else dt.datetime.combine(v, _MIDNIGHT)
        if type(v) is dt.date
        else None
        for v in values
    ]
    if moments.count(None) != values.count(""):
        return None
    if any(m.tzinfo is not None for m in moments if m is not None):
        return None
    column = pa.array(moments, pa.timestamp("us"))
    valid = column.is_valid()
    if column.null_count < len(column) and pc.any(pc.not_equal(pc.subsecond(column), 0)).as_py():
        return None  # fractions of a second: isoformat writes them its own way
    full = column.cast(pa.timestamp("s")).cast(pa.string())  # 2024-03-15 14:30:00
    is_date = pa.array([type(v) is dt.date for v in values], pa.bool_())
    texts = pc.if_else(is_date, pc.utf8_slice_codeunits(full, 0, 10), full)
    return texts, _marked(valid, DATE)


def _texts(values: Sequence[str]) -> pa.Array:
    """A column of text cells, blank ones null: Arrow reads the strings and finds the blanks."""
    column = pa.array(values, pa.string())
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


_TRUTH = {True: "true", False: "false", "": None}


def _truths(values: Sequence[Cell]) -> tuple[pa.Array, pa.Array] | None:
    """A column of true/false cells and blank cells at once (as cell_text writes them), or None
    when it holds any other text."""
    try:
        texts = pa.array([_TRUTH[v] for v in values], pa.string())
    except KeyError:
        return None
    return texts, pa.nulls(len(values), pa.string())


def column_arrays(values: Sequence[Cell]) -> tuple[pa.Array, pa.Array]:
    """(texts, kinds) of one column's cells, as cell_text gives them for each: a column of text,
    of numbers, of dates or of true/false (with blank cells) at once, any other cell by cell."""
    types = set(map(type, values))
    if types <= {str}:
        return _texts(cast("Sequence[str]", values)), pa.nulls(len(values), pa.string())
    found = None
    if types <= {str, bool}:
        found = _truths(values)
    elif types <= {str, float}:
        found = _numbers(values)
    elif types <= {str, dt.date, dt.datetime}:
        found = _dates(values)
    return found or _one_by_one(values)


def _filled(batch: pa.RecordBatch, texts: list[pa.Array]) -> pa.RecordBatch:
    """The batch without its blank rows: a row is blank when none of its cells has a text."""
    filled = functools.reduce(pc.or_, (t.is_valid() for t in texts))
    return batch if pc.all(filled).as_py() else batch.filter(filled)


def _batches(
    rows: Iterator[list[Any]], first: int, width: int, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """The sheet's rows from row `first` on as Arrow batches: numbers, texts, kinds; the cells
    of each column of a batch converted together (column_arrays), blank rows left out."""
    number = first
    while chunk := list(itertools.islice(rows, BATCH_ROWS)):
        numbers = pa.array(np.arange(number, number + len(chunk), dtype=np.int64))
        number += len(chunk)
        ragged = set(map(len, chunk)) != {width}  # calamine gives every row the sheet's width
        if ragged:  # blank rows are the rows of blank cells, those beyond the headers too
            kept = [i for i, r in enumerate(chunk) if r.count("") != len(r)]
            numbers = numbers.take(pa.array(kept, pa.int64()))
            chunk = [[*chunk[i][:width], *[""] * (width - len(chunk[i]))] for i in kept]
            if not chunk:
                continue
        converted = [column_arrays(column) for column in zip(*chunk, strict=True)]
        texts = [t for t, _ in converted]
        kinds = [k for _, k in converted]
        batch = pa.record_batch([numbers, *texts, *kinds], schema=schema)
        batch = batch if ragged else _filled(batch, texts)
        if batch.num_rows:
            yield batch


def _sheet_write(book: CalamineWorkbook, name: str, sink: Any) -> None:
    """Write the sheet `name`'s rows to `sink` as an Arrow IPC stream (see the module's
    docstring)."""
    sheet = book.get_sheet_by_name(name)
    rows = sheet.iter_rows()
    # calamine lays out the rows above the first one with a cell as blank rows: pass them by.
    above = sheet.start[0] if sheet.start else 0
    collections.deque(itertools.islice(rows, above), maxlen=0)
    header, number = None, above
    for number, row in enumerate(rows, start=above + 1):  # noqa: B007 (the header's number)
        if row.count("") != len(row):
            header = row
            break
    if header is None:
        raise SheetError(f"sheet {name!r} is empty")
    headers = _unique([cell_text(c)[0] or "" for c in header])
    schema = pa.schema(
        [("_row", pa.int64())]
        + [(h, pa.string()) for h in headers]
        + [(k, pa.string()) for k in kind_columns(headers)],
        metadata={"sheet": name},
    )
    with pa.ipc.new_stream(sink, schema) as stream:
        for batch in _batches(rows, number + 1, len(headers), schema):
            stream.write_batch(batch)


def _half_write(path: str, name: str, half: int, sink: Any) -> None:
    """Write half `half` of the sheet `name` (sheet_halves.py), or, when the sheet cannot be
    cut, a stream of no columns: the importing process then reads the whole sheet instead."""
    with tempfile.TemporaryDirectory(prefix="uplift-sheet-") as folder:
        written = half_write(Path(path), name, half, Path(folder))
        if written is None:
            pa.ipc.new_stream(sink, pa.schema([], metadata={"sheet": name})).close()
            return
        with CalamineWorkbook.from_path(str(written.book)) as book:
            _sheet_write(book, name, sink)


Job = tuple[str | None, str, int]  # the sheet (None: the first), where it is named, its half


def sheets_stream(path: str, sheets: Sequence[Job], sink: Any, *, done: Callable[[], None]) -> None:
    """Write each of `sheets` (the sheet, None for the first; where the mapping names it; 0 for
    the whole sheet, else the half, 1 or 2, of it) to `sink` as an Arrow IPC stream, one after
    the other, calling `done` after each.

    The workbook is opened once. In each sheet the first row that is not blank holds the
    headers; blank rows are skipped; rows keep the sheet's own numbers. Raises SheetError when
    the file or a sheet cannot be read.
    """
    try:
        with CalamineWorkbook.from_path(path) as book:
            for sheet, where, half in sheets:
                name = _sheet_name(book, sheet, where)
                if half:
                    _half_write(path, name, half, sink)
                else:
                    _sheet_write(book, name, sink)
                done()
    except PasswordError as exc:
        raise SheetError("is protected by a password: save a copy without one") from exc
    except (CalamineError, OSError, ValueError) as exc:
        kind = path.rsplit(".", 1)[-1].lower()
        raise SheetError(f"cannot be read as a {kind} spreadsheet ({exc})") from exc


def sheet_stream(path: str, sheet: str | None, sink: Any, *, where: str = "the mapping") -> None:
    """Write one sheet's rows to `sink` as an Arrow IPC stream (sheets_stream)."""
    sheets_stream(path, [(sheet, where, 0)], sink, done=lambda: None)


def _limit_memory() -> None:
    """At most half the machine's memory: a sheet too large for it fails here, at once, rather
    than push the server's other processes out of memory first."""
    limit = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _sheet_done() -> None:
    """The sheet's stream is whole: let the importing process read it all, then say so."""
    sys.stdout.buffer.flush()
    sys.stderr.write(SHEET_DONE + "\n")
    sys.stderr.flush()


def main(argv: list[str]) -> int:
    """FILE [SHEET WHERE HALF …]: the sheets in that order (a blank SHEET is the first one, a
    HALF of 0 the whole sheet), each followed by a SHEET_DONE line on standard error."""
    _limit_memory()
    # Millions of short-lived rows and none in a cycle: the cyclic collector would only slow
    # the reading down (by half), scanning them again and again.
    gc.disable()
    named = argv[1:] or ["", "the mapping", "0"]
    sheets = [
        (named[i] or None, named[i + 1], int(named[i + 2])) for i in range(0, len(named) - 2, 3)
    ]
    try:
        sheets_stream(argv[0], sheets, sys.stdout.buffer, done=_sheet_done)
    except SheetError as exc:
        sys.stderr.write(f"{exc}\n")
        return PROBLEM
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
