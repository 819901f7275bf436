"""CSV files as people have them: UTF-8, a Windows code page or UTF-16, with , ; tab or | between
fields, read into a text table by DuckDB.

UTF-8 (the usual case) is parsed by DuckDB straight from the file. Any other encoding is turned
into UTF-8 first, a megabyte at a time, in a temporary file that is deleted once DuckDB has read
it, so memory stays flat. A byte that the encoding cannot read stops the import with the file, the
row and the option to set; the file is only scanned for it after DuckDB (or the decoder) has said
that there is one.
"""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from uplift.crm.importers.csvread import ident, sql_string
from uplift.crm.importers.errors import MalformedInputError

DETECTED_DELIMITERS = ",;\t|"
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
UTF8 = ("utf-8", "utf-8-sig")


@dataclass(frozen=True)
class CsvFile:
    """How a CSV file is read: its encoding (a Python codec name), the character between fields."""

    path: Path
    encoding: str
    delimiter: str
    delimiter_detected: bool
    where: str  # the mapping section that names it, for messages: "[opportunities]"


def encoding_of(path: Path, declared: str | None, *, where: str) -> str:
    """The encoding to read `path` in: the one its byte-order mark names, else the one declared,
    else UTF-8. A byte-order mark is unambiguous, so it wins over what the mapping says."""
    with path.open("rb") as file:
        head = file.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if declared is not None and codecs.lookup(declared).name == "utf-8":  # "UTF8", "utf_8", …
        return "utf-8"
    if declared is not None and codecs.lookup(declared).name == "utf-16":
        raise MalformedInputError(
            path.name,
            f'has no byte-order mark, which UTF-16 needs (encoding = "{declared}" in {where}): '
            "save it as UTF-8, or as UTF-16 with a byte-order mark (Excel's Unicode Text)",
        )
    return declared or "utf-8"


def _decoded(path: Path, encoding: str, *, limit: int | None = None) -> Iterator[str]:
    """The file's text, piece by piece, up to `limit` bytes (a bad byte raises)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    remaining = limit
    with path.open("rb") as file:
        while remaining is None or remaining > 0:
            size = CHUNK_BYTES if remaining is None else min(CHUNK_BYTES, remaining)
            chunk = file.read(size)
            if not chunk:
                break
            if remaining is not None:
                remaining -= len(chunk)
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=limit is None)


def sample_text(path: Path, encoding: str) -> str:
    """The first complete lines of the file (at most SAMPLE_BYTES), unreadable bytes replaced."""
    with path.open("rb") as file:
        head = file.read(SAMPLE_BYTES)
        whole = not file.read(1)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=whole)
    text = text.removeprefix("\ufeff")
    if not whole and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    return text


def delimiter_detect(sample: str) -> str:
    """The character between fields: csv.Sniffer's choice among , ; tab |; else the one the
    header holds most often; else a comma (a file of one column has none)."""
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DETECTED_DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found in DETECTED_DELIMITERS and found:
        return found
    header = sample.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DETECTED_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])  # the first listed wins a tie: the comma
    return best if counts[best] else ","


def csv_file(path: Path, *, delimiter: str | None, encoding: str | None, where: str) -> CsvFile:
    """How to read `path`: the encoding and delimiter given, or found in the file."""
    codec = encoding_of(path, encoding, where=where)
    if delimiter is not None:
        return CsvFile(path, codec, delimiter, delimiter_detected=False, where=where)
    found = delimiter_detect(sample_text(path, codec))
    return CsvFile(path, codec, found, delimiter_detected=True, where=where)


def _row_of(path: Path, encoding: str, delimiter: str, offset: int) -> int:
    """The row (the header is row 1) holding the byte at `offset`, counting quoted line breaks."""
    last = ""

    def lines() -> Iterator[str]:
        nonlocal last
        pending = ""
        for piece in _decoded(path, encoding, limit=offset):
            last = (last + piece)[-1:]
            *complete, pending = (pending + piece).split("\n")
            yield from (line + "\n" for line in complete)
        if pending:
            yield pending

    records = 0
    try:
        for _ in csv.reader(lines(), delimiter=delimiter):
            records += 1
    except csv.Error:  # the text before the bad byte ends inside quotes: that row holds it
        return records + 1
    # Text before the bad byte that ends a line: the byte starts the next row.
    return records + 1 if last in ("", "\n") else records


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, bytes] | None:
    """(offset, the bytes around it) of the first byte `encoding` cannot read, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            held = len(decoder.getstate()[0])  # the start of a character, kept from before
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = offset - held + exc.start
                file.seek(max(bad - 24, 0))
                return bad, file.read(min(bad, 24) + 24)
            offset += len(chunk)
        held = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:  # the file ends in the middle of a character
            file.seek(max(offset - held - 24, 0))
            return offset - held, file.read()
    return None


def _not_in_encoding(file: CsvFile, bad: int, around: bytes) -> MalformedInputError:
    """The error for a byte the file's encoding cannot read: its row, and the option to set."""
    at = min(bad, 24)
    start = max(around.rfind(b"\n", 0, at), around.rfind(b"\r", 0, at)) + 1
    ends = [i for i in (around.find(b"\n", at), around.find(b"\r", at)) if i >= 0]
    line = around[start : min(ends, default=len(around))]
    shown = line.decode(file.encoding, errors="replace").strip()
    if file.encoding in UTF8:
        as_cp1252 = line.decode("cp1252", errors="replace").strip()
        problem = f"byte 0x{around[at : at + 1].hex()} is not UTF-8 text (near {shown!r}"
        problem += f", which reads {as_cp1252!r} as cp1252)" if as_cp1252 != shown else ")"
        advice = (
            f'set encoding = "cp1252" in {file.where} (Excel on Windows saves such files), '
            "or save the file as UTF-8"
        )
    else:
        problem = f"byte 0x{around[at : at + 1].hex()} is not {file.encoding} text (near {shown!r})"
        advice = f'set the file\'s real encoding in {file.where}: encoding = "utf-8", "latin-1", …'
    return MalformedInputError(
        file.path.name,
        f"{problem}: {advice}",
        row=_row_of(file.path, file.encoding, file.delimiter, bad),
    )


def _read_csv(source: Path, delimiter: str) -> str:
    """SQL reading a UTF-8 CSV file as text columns, strictly (a ragged row is an error)."""
    sample = "" if delimiter == "," else ", sample_size = -1"
    return (
        f"read_csv({sql_string(str(source))}, all_varchar = true, header = true, "
        f"delim = {sql_string(delimiter)}, quote = '\"', escape = '\"', strict_mode = true, "
        f"null_padding = false{sample})"
    )


def _parse_error(name: str, exc: duckdb.Error) -> MalformedInputError:
    """DuckDB names the line; keep its words, name the file."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return MalformedInputError(name, f"cannot be read as CSV: {first}")


def _duckdb_read(con: Any, source: Path, table: str, delimiter: str, name: str) -> list[str]:
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {ident(table)} AS "
            f"SELECT row_number() OVER () + 1 AS _row, * FROM {_read_csv(source, delimiter)}"
        )
    except duckdb.Error as exc:
        raise _parse_error(name, exc) from exc
    columns = [row[0] for row in con.execute(f"DESCRIBE {ident(table)}").fetchall()]
    return [c for c in columns if c != "_row"]


def csv_unreadable(file: CsvFile, exc: duckdb.Error) -> MalformedInputError:
    """The error for a UTF-8 file DuckDB failed to read: the byte that is not UTF-8 (its row and
    the encoding to set), else DuckDB's own words about the line."""
    found = _first_bad_byte(file.path, file.encoding)
    return _parse_error(file.path.name, exc) if found is None else _not_in_encoding(file, *found)


def csv_streamed(con: Any, file: CsvFile) -> tuple[list[str], str] | None:
    """(headers, SQL reading its rows as text) of a UTF-8 file, which DuckDB reads from the file
    itself in the statement that uses its rows, in their order (no row numbers: row N of the
    file is the (N-1)th row read); None for a file in another encoding, which csv_read loads.
    A statement over the rows that fails says why with `csv_unreadable`."""
    if file.encoding not in UTF8:
        return None
    rows = _read_csv(file.path, file.delimiter)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {rows}").fetchall()
    except duckdb.Error as exc:
        raise csv_unreadable(file, exc) from exc
    return [row[0] for row in described], rows


def csv_read(con: Any, file: CsvFile, table: str) -> list[str]:
    """Load the file as text columns, with their row numbers `_row`, into a temporary table.

    Returns the file's headers. Raises MalformedInputError naming the file (and the row, for a
    byte the encoding cannot read) when it cannot be read.
    """
    if file.encoding in UTF8:
        try:
            return _duckdb_read(con, file.path, table, file.delimiter, file.path.name)
        except MalformedInputError:
            found = _first_bad_byte(file.path, file.encoding)
            if found is None:
                raise
            raise _not_in_encoding(file, *found) from None
    with tempfile.TemporaryDirectory(prefix="uplift-csv-") as folder:
        utf8 = Path(folder) / "utf8.csv"
        try:
            with utf8.open("w", encoding="utf-8", newline="") as sink:
                for piece in _decoded(file.path, file.encoding):
                    sink.write(piece)
        except UnicodeDecodeError:
            found = _first_bad_byte(file.path, file.encoding)
            if found is None:
                raise
            raise _not_in_encoding(file, *found) from None
        return _duckdb_read(con, utf8, table, file.delimiter, file.path.name)
