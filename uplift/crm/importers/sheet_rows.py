"""One sheet of a spreadsheet as a stream of Arrow batches, read in a process of its own.

`python -m uplift.crm.importers.sheet_rows FILE [SHEET [WHERE]]` writes the sheet's rows to its
standard output as an Arrow IPC stream: `_row` (the sheet's row number), one text column per
header, then one column per header saying how each cell was stored (NUMBER, DATE, or null for
text). The sheet's name is in the schema's metadata. A problem with the file is one line on
standard error and exit status 2. spreadsheets.py runs it and reads the stream into DuckDB.

Why a process: calamine, the reader, holds the sheet's cells in one block whose size is the
sheet's extent, so a single stray value in cell XFD1048576 asks for half a terabyte and Rust
aborts the process. Here that ends this process only, and the import reports it; the importing
process never holds the sheet either. Only python-calamine and pyarrow are imported.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import resource
import sys
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

BATCH_ROWS = 10_000
NUMBER, DATE = "number", "date"  # how a cell was stored; text cells have no kind
# Integers below this are written in full: a spreadsheet keeps 15 significant digits of a number.
EXACT_DIGITS_BELOW = 10**15
PROBLEM = 2  # the exit status for a file that cannot be read (the message is on stderr)

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


def _batches(
    rows: Iterator[tuple[int, list[Any]]], width: int, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """The sheet's rows after the header as Arrow batches: numbers, texts, kinds."""
    numbers: list[int] = []
    texts: list[list[str | None]] = [[] for _ in range(width)]
    kinds: list[list[str | None]] = [[] for _ in range(width)]
    for number, row in rows:
        if all(c == "" for c in row):
            continue
        numbers.append(number)
        for index, value in enumerate(row[:width]):
            # Text and numbers are nearly every cell: those are converted here, in line.
            if type(value) is str:
                texts[index].append(value or None)
                kinds[index].append(None)
            elif type(value) is float and value.is_integer() and abs(value) < EXACT_DIGITS_BELOW:
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
    if numbers:
        yield pa.record_batch([numbers, *texts, *kinds], schema=schema)


def sheet_stream(path: str, sheet: str | None, sink: Any, *, where: str = "the mapping") -> None:
    """Write the sheet's rows to `sink` as an Arrow IPC stream (see the module's docstring).

    The first row that is not blank holds the headers; blank rows are skipped; rows keep the
    sheet's own numbers. Raises SheetError when the file or the sheet cannot be read.
    """
    try:
        with CalamineWorkbook.from_path(path) as book:
            name = _sheet_name(book, sheet, where)
            rows = enumerate(book.get_sheet_by_name(name).iter_rows(), start=1)
            header = next((r for _, r in rows if any(c != "" for c in r)), None)
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
                for batch in _batches(rows, len(headers), schema):
                    stream.write_batch(batch)
    except PasswordError as exc:
        raise SheetError("is protected by a password: save a copy without one") from exc
    except (CalamineError, OSError, ValueError) as exc:
        kind = path.rsplit(".", 1)[-1].lower()
        raise SheetError(f"cannot be read as a {kind} spreadsheet ({exc})") from exc


def _limit_memory() -> None:
    """At most half the machine's memory: a sheet too large for it fails here, at once, rather
    than push the server's other processes out of memory first."""
    limit = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str]) -> int:
    _limit_memory()
    try:
        sheet = argv[1] if len(argv) > 1 else None
        where = argv[2] if len(argv) > 2 else "the mapping"
        sheet_stream(argv[0], sheet, sys.stdout.buffer, where=where)
    except SheetError as exc:
        sys.stderr.write(f"{exc}\n")
        return PROBLEM
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
