"""Landed pages → an export in the file importer's format, and the deletions to apply.

Each object becomes its export file (`SourceObject.export_file`) with the object's fields as
columns, written even when empty (the importer needs its required files). A record landed more
than once in a run (an object read again after its cursor expired) is written once, as last
landed; a record deleted after it was landed (in the same page or a later one) is not written
and is deleted from the store instead. Pages are read one at a time, so a large sync never holds
every record in memory at once.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uplift.crm.models import SyncPage, SyncRun
from uplift.crm.sync.connector import SourceObject

DELETION = 1 << 62  # sorts after every record of the same page: a page's deletions come last


@dataclass
class LandedExport:
    folder: Path
    records: dict[str, int] = field(default_factory=dict)  # object -> records written
    deletions: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # canonical keys
    deleted: dict[str, int] = field(default_factory=dict)  # object -> deletions found

    @property
    def empty(self) -> bool:
        return not any(self.records.values()) and not any(self.deleted.values())


def _pages(run: SyncRun, obj: SourceObject, *fields: str) -> Iterator[SyncPage]:
    landed = SyncPage.objects.filter(run=run, object_name=obj.name).order_by("sequence")
    return landed.only("sequence", *fields).iterator(chunk_size=1)


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


def _last_events(run: SyncRun, obj: SourceObject) -> dict[str, tuple[int, int]]:
    """Each record id's last event in the run: (page, position); deletions at DELETION."""
    last: dict[str, tuple[int, int]] = {}
    for page in _pages(run, obj, "records", "deleted_ids", "deleted_records"):
        for position, record in enumerate(page.records):
            last[_cell(record.get(obj.id_field))] = (page.sequence, position)
        deleted = [*page.deleted_ids, *(r.get(obj.id_field) for r in page.deleted_records)]
        for record_id in deleted:
            last[_cell(record_id)] = (page.sequence, DELETION)
    return last


def _deleted_keys(
    run: SyncRun, obj: SourceObject, last: dict[str, tuple[int, int]]
) -> list[tuple[str, ...]]:
    """The canonical keys (after `source`) of the records whose last event is a deletion."""
    keys: dict[tuple[str, ...], None] = {}
    for page in _pages(run, obj, "deleted_ids", "deleted_records"):
        here = (page.sequence, DELETION)
        if obj.key_fields:
            for record in page.deleted_records:
                if last.get(_cell(record.get(obj.id_field))) == here:
                    keys[_key_of(obj, record)] = None
        else:
            for record_id in page.deleted_ids:
                if last.get(_cell(record_id)) == here:
                    keys[(_cell(record_id),)] = None
    return list(keys)


def export_write(run: SyncRun, objects: Sequence[SourceObject], folder: Path) -> LandedExport:
    """Write every object's landed records into `folder`; return what was written and which
    canonical rows to delete."""
    folder.mkdir(parents=True, exist_ok=True)
    landed = LandedExport(folder=folder)
    for obj in objects:
        last = _last_events(run, obj)
        written = 0
        with (folder / obj.export_file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(obj.fields)
            for page in _pages(run, obj, "records"):
                for position, record in enumerate(page.records):
                    if last.get(_cell(record.get(obj.id_field))) != (page.sequence, position):
                        continue
                    writer.writerow([_cell(record.get(name)) for name in obj.fields])
                    written += 1
        keys = _deleted_keys(run, obj, last)
        landed.records[obj.name] = written
        landed.deleted[obj.name] = len(keys)
        if keys:
            landed.deletions.setdefault(obj.canonical_table, []).extend(keys)
    return landed
