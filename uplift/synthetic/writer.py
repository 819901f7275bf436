"""CSV the way a Salesforce export writes it, fast enough for tens of millions of rows.

Every CSV starts with a UTF-8 byte-order mark, ends lines with CRLF, and quotes a field only
when it contains a comma, a double quote or a line break (doubling the quotes inside).

Rows are assembled without a Python loop per row: each field is one or more "pieces", each a
fixed-width bytes array (NumPy pads shorter values with NUL bytes). The pieces and separators
are laid side by side in one byte matrix and the NUL padding is squeezed out. Text never
contains NUL, so what remains is exactly the CSV. A field made of several pieces (a date and a
time; an opening quote, a name and a closing quote) is their concatenation, and a piece that is
empty on some rows simply vanishes there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

BOM = b"\xef\xbb\xbf"
CRLF = b"\r\n"
NEEDS_QUOTES = (",", '"', "\r", "\n")
ROWS_PER_BLOCK = 50_000  # bounds the byte matrix to a few tens of megabytes

Piece = npt.NDArray[np.bytes_] | bytes
CsvBytes = npt.NDArray[np.uint8]  # rendered CSV lines, written to files without a copy
Field = Piece | tuple[Piece, ...]


def needs_quotes(text: str) -> bool:
    return any(mark in text for mark in NEEDS_QUOTES)


def escape_inner(text: str) -> str:
    """The text as it appears between the quotes of a quoted field."""
    return text.replace('"', '""')


def csv_field(text: str) -> str:
    """One field, quoted only when it has to be."""
    return f'"{escape_inner(text)}"' if needs_quotes(text) else text


def text_array(values: Iterable[str]) -> npt.NDArray[np.bytes_]:
    """Ready-to-write CSV fields (escaped, UTF-8) for a list of text values."""
    encoded = [csv_field(value).encode() for value in values]
    return np.array(encoded or [b""], dtype=np.bytes_)[: len(encoded)]


def quote_mark(needed: npt.NDArray[np.bool_]) -> npt.NDArray[np.bytes_]:
    """A `"` where a composite field needs quoting, nothing elsewhere (one piece per row)."""
    return np.where(needed, b'"', b"").astype("S1")


def blank_where(mask: npt.NDArray[np.bool_], pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """The same field, empty on the masked rows."""
    blanked: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, bytes):
            if piece:
                raise ValueError("a constant piece cannot be blanked row by row")
            blanked.append(piece)
            continue
        copy = piece.copy()
        copy[mask] = b""
        blanked.append(copy)
    return tuple(blanked)


_SMALL = 100_000
_SMALL_TEXT = np.array([str(value).encode() for value in range(_SMALL)], dtype="S5")
_SMALL_PADDED = np.array([f"{value:05d}".encode() for value in range(_SMALL)], dtype="S5")


def integer_text(values: npt.NDArray[np.integer]) -> tuple[Piece, Piece]:
    """Non-negative integers as text, in two pieces (lookups are much faster than formatting).

    Values up to ten billion: the high part (if any) and the low five digits, zero-padded
    when a high part precedes them.
    """
    high, low = np.divmod(values.astype(np.int64), _SMALL)
    if len(values) and (values.min() < 0 or high.max() >= _SMALL):
        raise ValueError("integers for the CSV must be between 0 and ten billion")
    if not len(values) or high.max() == 0:
        return _SMALL_TEXT[low], b""
    return (
        np.where(high > 0, _SMALL_TEXT[high], b"").astype("S5"),
        np.where(high > 0, _SMALL_PADDED[low], _SMALL_TEXT[low]).astype("S5"),
    )


def _pieces(fields: Sequence[Field]) -> list[Piece]:
    pieces: list[Piece] = []
    for position, field in enumerate(fields):
        if position:
            pieces.append(b",")
        if isinstance(field, tuple):
            pieces.extend(field)
        else:
            pieces.append(field)
    pieces.append(CRLF)
    return pieces


def _width(piece: Piece) -> int:
    return len(piece) if isinstance(piece, bytes) else piece.dtype.itemsize


class _RowLayout:
    """Where each piece sits in a row of the byte matrix, as a structured NumPy type.

    Copying a column of fixed-width strings into a field of a structured array is one fast
    strided copy per piece; constant pieces (separators, fixed values) are stamped once from a
    template row.
    """

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self.pieces = [piece for piece in pieces if _width(piece)]
        widths = [_width(piece) for piece in self.pieces]
        offsets = np.cumsum([0, *widths[:-1]]).tolist()
        self.width = sum(widths)
        self.dtype = np.dtype(
            {
                "names": [f"p{index}" for index in range(len(self.pieces))],
                "formats": [f"S{width}" for width in widths],
                "offsets": offsets,
                "itemsize": self.width,
            }
        )
        self.template = np.zeros(self.width, dtype=np.uint8)
        for piece, offset in zip(self.pieces, offsets, strict=True):
            if isinstance(piece, bytes):
                self.template[offset : offset + len(piece)] = np.frombuffer(piece, np.uint8)

    def render(self, start: int, stop: int) -> npt.NDArray[np.uint8]:
        rows = np.empty(stop - start, dtype=self.dtype)
        matrix = rows.view(np.uint8).reshape(stop - start, self.width)
        matrix[:] = self.template
        for index, piece in enumerate(self.pieces):
            if not isinstance(piece, bytes):
                rows[f"p{index}"] = piece[start:stop]
        flat = matrix.reshape(-1)
        kept: CsvBytes = flat[flat != 0]
        return kept


def render_rows(fields: Sequence[Field], rows: int) -> CsvBytes:
    """The CSV lines (CRLF-terminated) of `rows` rows made of the given fields, as bytes."""
    if rows == 0:
        return np.zeros(0, dtype=np.uint8)
    pieces = _pieces(fields)
    for piece in pieces:
        if not isinstance(piece, bytes) and len(piece) != rows:
            raise ValueError(f"a column has {len(piece)} values for {rows} rows")
    layout = _RowLayout(pieces)
    blocks = [
        layout.render(start, min(start + ROWS_PER_BLOCK, rows))
        for start in range(0, rows, ROWS_PER_BLOCK)
    ]
    return blocks[0] if len(blocks) == 1 else np.concatenate(blocks)


def header_line(columns: Sequence[str]) -> bytes:
    return ",".join(csv_field(column) for column in columns).encode() + CRLF


class CsvFiles:
    """The export's CSV files, open for appending rows batch after batch."""

    def __init__(self, directory: Path, headers: dict[str, Sequence[str]]) -> None:
        self.directory = directory
        self.headers = headers
        self.rows: dict[str, int] = dict.fromkeys(headers, 0)
        self._files: dict[str, BinaryIO] = {}

    def __enter__(self) -> CsvFiles:
        for name, columns in self.headers.items():
            handle = (self.directory / name).open("wb")
            handle.write(BOM + header_line(columns))
            self._files[name] = handle
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for handle in self._files.values():
            handle.close()

    def append(self, name: str, lines: bytes | CsvBytes, rows: int) -> None:
        self._files[name].write(lines if isinstance(lines, bytes) else lines.data)
        self.rows[name] += rows
