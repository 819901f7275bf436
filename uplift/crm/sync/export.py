"""Landed pages → an export in the file importer's format, and the deletions to apply.

Each object becomes its export file (`SourceObject.export_file`) with the object's fields as
columns, written even when empty (the importer needs its required files). A record landed more
than once in a run (an object read again after its cursor expired) is written once, as last
landed; a record deleted after it was landed (in the same page or a later one) is not written
and is deleted from the store instead.

One pass over the landed pages, last page first, reads each page once: a record id met there for
the first time is its last event (a page's deletions come after its records), every later meeting
is an earlier event and is left out. The kept lines go to a spool file beside the export and are
then copied into it in landing order. A page landed as CSV (`SyncPage.table`) is copied as text
when every one of its records is kept. Pages are read one at a time, so a large sync never holds
every record in memory at once (only the set of ids seen).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.csv as pacsv

from uplift.crm.models import SyncPage, SyncRun
from uplift.crm.sync.connector import SourceObject


@dataclass
class LandedExport:
    folder: Path
    records: dict[str, int] = field(default_factory=dict)  # object -> records written
    deletions: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # canonical keys
    deleted: dict[str, int] = field(default_factory=dict)  # object -> deletions found

    @property
    def empty(self) -> bool:
        return not any(self.records.values()) and not any(self.deleted.values())


def _pages_last_first(run: SyncRun, obj: SourceObject) -> Iterator[SyncPage]:
    landed = SyncPage.objects.filter(run=run, object_name=obj.name).order_by("-sequence")
    fields = ("sequence", "records", "deleted_ids", "deleted_records", "table")
    return landed.only(*fields).iterator(chunk_size=1)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _key_of(obj: SourceObject, record: dict[str, Any]) -> tuple[str, ...]:
    return tuple(_cell(record.get(name)) for name in obj.key_fields)


class _ObjectExport:
    """One object's last-first pass: which records to write, which canonical rows to delete."""

    def __init__(self, obj: SourceObject, spool: IO[bytes]) -> None:
        self.obj = obj
        self.spool = spool
        self.seen: set[str] = set()
        self.keys: dict[tuple[str, ...], None] = {}  # canonical keys to delete, in order met
        self.chunks: list[tuple[int, int]] = []  # (offset, length) in the spool, last page first
        self.written = 0

    def page(self, page: SyncPage) -> None:
        self._deletions(page)
        lines = self._records(page.records) + self._table(page.table)
        if lines:
            offset = self.spool.tell()
            self.spool.write(lines)
            self.chunks.append((offset, len(lines)))

    def _first(self, record_id: str) -> bool:
        """Is this the id's last event in the run (met first, going backwards)?"""
        if record_id in self.seen:
            return False
        self.seen.add(record_id)
        return True

    def _deletions(self, page: SyncPage) -> None:
        obj = self.obj
        for record_id in page.deleted_ids:
            if self._first(_cell(record_id)) and not obj.key_fields:
                self.keys[(_cell(record_id),)] = None
        for record in page.deleted_records:
            if self._first(_cell(record.get(obj.id_field))) and obj.key_fields:
                self.keys[_key_of(obj, record)] = None

    def _records(self, records: list[dict[str, Any]]) -> bytes:
        obj = self.obj
        kept = [r for r in reversed(records) if self._first(_cell(r.get(obj.id_field)))]
        if not kept:
            return b""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows([_cell(r.get(name)) for name in obj.fields] for r in reversed(kept))
        self.written += len(kept)
        return out.getvalue().encode()

    def _table(self, text: str) -> bytes:
        if not text:
            return b""
        data = text.encode()
        table = pacsv.read_csv(
            pa.py_buffer(data),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(self.obj.fields, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        ids = table.column(self.obj.id_field).to_pylist()
        keep = [self._first(record_id) for record_id in reversed(ids)]
        keep.reverse()
        kept = sum(keep)
        self.written += kept
        if kept == len(ids):  # every record: the landed lines as they are, without the header
            return data.partition(b"\n")[2]
        out = pa.BufferOutputStream()
        options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
        pacsv.write_csv(table.filter(pa.array(keep)), out, options)
        return bytes(out.getvalue().to_pybytes())

    def copy_in_landing_order(self, target: IO[bytes]) -> None:
        for offset, length in reversed(self.chunks):
            self.spool.seek(offset)
            target.write(self.spool.read(length))


def export_write(run: SyncRun, objects: Sequence[SourceObject], folder: Path) -> LandedExport:
    """Write every object's landed records into `folder`; return what was written and which
    canonical rows to delete."""
    folder.mkdir(parents=True, exist_ok=True)
    landed = LandedExport(folder=folder)
    for obj in objects:
        with tempfile.TemporaryFile(dir=folder) as spool:
            export = _ObjectExport(obj, spool)
            for page in _pages_last_first(run, obj):
                export.page(page)
            with (folder / obj.export_file).open("wb") as handle:
                header = io.StringIO()
                csv.writer(header, lineterminator="\n").writerow(obj.fields)
                handle.write(header.getvalue().encode())
                export.copy_in_landing_order(handle)
        landed.records[obj.name] = export.written
        keys = list(reversed(export.keys))
        landed.deleted[obj.name] = len(keys)
        if keys:
            landed.deletions.setdefault(obj.canonical_table, []).extend(keys)
    return landed
