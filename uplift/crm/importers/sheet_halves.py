"""A large .xlsx sheet cut in two workbooks, so that two processes parse it at once.

calamine parses one sheet on one thread, and the largest sheet of a workbook is most of its
reading time. An .xlsx sheet is one XML part of a zip: its rows, `<row r="N">…</row>`, one after
the other inside `<sheetData>`. Cut at the `</row>` nearest its middle (a byte search, no XML
parsing), it gives two sheets whose rows keep their own numbers (`r`):

- the first half: everything up to the cut, then the ends of the rows and of the sheet;
- the second half: the sheet's start, its header row (the first row holding a value, moved to
  the row just before the cut so that calamine does not lay out the rows between them), then
  everything after the cut.

Each half is written as a workbook of its own, stored without compression: the original's parts
(shared strings, styles, the workbook with its date system) but the other sheets, and the half in
place of the sheet. calamine reads each half in its own process (sheet_rows.py); the importing
process reads the two streams as one (spreadsheets.py), and compares their headers before it
does: halves that do not agree are read again as one sheet.

Only python's own zipfile and re are used: no XML is parsed but the workbook's small index.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree as ET

# A sheet whose XML is larger than this (about 70,000 rows of 12 columns) is parsed in two
# halves: below it, starting a second reader costs more than it saves.
HALVES_FROM_BYTES = 16 * 2**20
HALVED_SUFFIXES = (".xlsx", ".xlsm")
# The first half is a little larger: the second half's reader unpacks the whole sheet's XML, the
# first's only its half, and unpacking takes about a fifth of the time calamine takes to parse.
FIRST_HALF_SHARE = 0.55
CHUNK_BYTES = 2**20
HEAD_LIMIT_BYTES = 64 * 2**20  # a header row must start within this much of the sheet's XML

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WORKSHEET = "/worksheet"

_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\s*>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_REF = re.compile(rb'(<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr=")([A-Z]+)\d+(")')


@dataclass(frozen=True)
class SheetPart:
    name: str  # the sheet's name, as the workbook gives it
    member: str  # its XML part in the zip
    size: int  # its XML's size, unpacked
    worksheet: bool  # a worksheet (a chart sheet has no rows)


def sheet_parts(path: Path) -> list[SheetPart]:
    """The workbook's sheets in order, with their XML parts (read from its index)."""
    with zipfile.ZipFile(path) as book:
        workbook = ET.fromstring(book.read("xl/workbook.xml"))  # noqa: S314
        relations = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
        targets = {
            r.get("Id"): (r.get("Target", ""), r.get("Type", ""))
            for r in relations.iter(f"{_PACKAGE}Relationship")
        }
        sizes = {info.filename: info.file_size for info in book.infolist()}
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target, kind = targets.get(sheet.get(f"{_RELATIONS}id"), ("", ""))
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        member = posixpath.normpath(member)
        parts.append(
            SheetPart(
                sheet.get("name", ""), member, sizes.get(member, 0), kind.endswith(_WORKSHEET)
            )
        )
    return parts


def _named(parts: list[SheetPart], sheet: str | None) -> SheetPart | None:
    """The sheet as sheet_rows finds it: the first worksheet, the exact name, a unique loose one."""
    if not sheet:
        return next((p for p in parts if p.worksheet), None)
    exact = [p for p in parts if p.name == sheet]
    loose = [p for p in parts if p.name.strip().lower() == sheet.strip().lower()]
    found = exact or loose
    return found[0] if len(found) == 1 else None


def halves_wanted(path: Path, sheet: str | None) -> bool:
    """Whether the sheet is worth parsing in two halves: an .xlsx sheet of more than
    HALVES_FROM_BYTES of XML. Any doubt (a damaged file, a sheet not found) says no: the
    reader of the whole sheet then says what is wrong."""
    if path.suffix.lower() not in HALVED_SUFFIXES:
        return False
    try:
        found = _named(sheet_parts(path), sheet)
    except (OSError, zipfile.BadZipFile, KeyError, ET.ParseError, ValueError):
        return False
    return found is not None and found.size > HALVES_FROM_BYTES


@dataclass(frozen=True)
class Half:
    book: Path  # the half's workbook
    first_row: int  # the sheet's row number of the second half's first row (0 in the first)


def _moved_header(row: bytes, number: int) -> bytes:
    """The header row renumbered as row `number`: its own `r` and each cell's reference."""
    row = _ROW_NUMBER.sub(lambda _: f' r="{number}"'.encode(), row, count=1)
    return _CELL_REF.sub(lambda m: m[1] + m[2] + str(number).encode() + m[3], row)


@dataclass(frozen=True)
class _Head:
    """The sheet's XML up to the end of its header row, and where its parts are in it."""

    xml: bytes  # what was unpacked so far (whole chunks: it may run past the header row)
    prefix: bytes  # the namespace prefix of the sheet's elements ("" or "x:")
    rows_start: int  # just after <sheetData>
    header: bytes  # the header row: the first row holding a value
    header_end: int  # where it ends


def _head(source: IO[bytes]) -> _Head | None:
    """Unpack the sheet's start up to its header row; None when there is none near the start."""
    xml = b""
    while chunk := source.read(CHUNK_BYTES):
        xml += chunk
        opening = _SHEET_DATA.search(xml)
        if opening is not None:
            prefix = opening[1]
            row_end = b"</" + prefix + b"row>"
            value = re.compile(rb"<" + re.escape(prefix) + rb"(?:v|t)(?:\s[^>]*)?>[^<]")
            held = value.search(xml, opening.end())
            end = xml.find(row_end, held.end()) if held else -1
            if held is not None and end >= 0:
                start = xml.rfind(b"<" + prefix + b"row", opening.end(), held.start())
                header = xml[start : end + len(row_end)]
                return _Head(xml, prefix, opening.end(), header, end + len(row_end))
        if len(xml) > HEAD_LIMIT_BYTES:
            break
    return None


def _stream_half(source: IO[bytes], sink: IO[bytes], size: int, half: int) -> int | None:
    """Write half `half` of the sheet's XML (unpacked from `source`, `size` bytes in all) to
    `sink`. Returns the sheet's row number of the second half's first row (0 for the first
    half), or None when the sheet cannot be cut: no header row near its start, no row after
    the cut, or rows without their numbers. Both halves read the same bytes up to the row
    after the cut, so they agree on where it is and whether there is one."""
    head = _head(source)
    if head is None:
        return None
    prefix, row_end = head.prefix, b"</" + head.prefix + b"row>"
    buffer, offset = head.xml, 0  # `offset`: where `buffer` starts in the sheet's XML
    middle = max(int(size * FIRST_HALF_SHARE), head.header_end)
    if half == 2:
        sink.write(buffer[: head.rows_start])
    while (found := buffer.find(row_end, max(middle - offset, 0))) < 0 or (
        buffer.find(b">", found + len(row_end)) < 0
    ):
        # Keep the row's end found (its next tag is yet to come), else what may begin one.
        kept = found if found >= 0 else max(len(buffer) - len(row_end), 0)
        if half == 1:
            sink.write(buffer[:kept])
        buffer, offset = buffer[kept:], offset + kept
        chunk = source.read(CHUNK_BYTES)
        if not chunk:
            return None
        buffer += chunk
    cut = found + len(row_end)
    after = buffer.find(b"<", cut)
    tag = buffer[after : buffer.find(b">", after) + 1] if after >= 0 else b""
    number = _ROW_NUMBER.search(tag)
    if not tag.startswith(b"<" + prefix + b"row") or number is None:
        return None
    if half == 1:
        sink.write(buffer[:cut] + b"</" + prefix + b"sheetData></" + prefix + b"worksheet>")
        return 0
    first = int(number[1])
    sink.write(_moved_header(head.header, first - 1))
    sink.write(buffer[cut:])
    while chunk := source.read(CHUNK_BYTES):
        sink.write(chunk)
    return first


def half_write(path: Path, sheet: str, half: int, folder: Path) -> Half | None:
    """Write half `half` (1 or 2) of the workbook's sheet named `sheet` as a workbook in
    `folder`; None when the sheet cannot be cut (both halves say so alike). The first half's
    sheet ends after its last row, without what followed the rows (merged cells, margins)."""
    try:
        parts = sheet_parts(path)
    except (OSError, zipfile.BadZipFile, KeyError, ET.ParseError, ValueError):
        return None
    found = next((p for p in parts if p.name == sheet), None)
    if found is None:
        return None
    others = {p.member for p in parts} - {found.member}
    written = folder / f"half-{half}.xlsx"
    with zipfile.ZipFile(path) as book, zipfile.ZipFile(written, "w", zipfile.ZIP_STORED) as out:
        with (
            book.open(found.member) as source,
            out.open(found.member, "w", force_zip64=True) as sink,
        ):
            first = _stream_half(source, sink, found.size, half)
        if first is None:
            return None
        for info in book.infolist():
            if info.filename not in others and info.filename != found.member and not info.is_dir():
                out.writestr(info.filename, book.read(info))
    return Half(written, first)
