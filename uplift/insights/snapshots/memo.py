"""Typed snapshot documents kept in each server process's memory, so that a page does not read
and convert the same stored JSON on every request.

A snapshot is written once, with its run (`snapshots_store`), and never changed by the product;
its id is never reused. So a typed document can be kept under the snapshot's id for as long as
the process lives, and each request asks the database only which snapshots the run has: their
ids and a fingerprint of their JSON (an MD5 the database computes), not the JSON. The fingerprint
is part of the key so that a document rewritten in place (a repair by hand, a test) is read
again; so is a generation kept in the cache framework, which a `cache.clear()` (and so every
test) renews.

Reading a document here gives no one anything they could not read before: the caller chose the
run through the access layer, and a document is returned only for that run's own snapshots.
The memory is bounded: the documents read least recently go first.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.cache import cache

from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots.store import SnapshotKind, snapshots_json_by_id, snapshots_stored

# Enough for every kind of a few organisations' latest runs; a demo run's documents take a few
# MB in all, a 10,000-rep organisation's monthly scorecards some hundreds.
DOCUMENTS_KEPT = 48
GENERATION_KEY = "uplift:snapshot-documents:generation"

_documents: OrderedDict[tuple[str, int, str], object] = OrderedDict()
_lock = threading.Lock()


def _generation() -> str:
    found = cache.get(GENERATION_KEY)
    if found is None:
        found = uuid.uuid4().hex
        cache.set(GENERATION_KEY, found, timeout=None)
    return str(found)


def documents_read(
    *,
    run: AnalysisRun,
    kinds: Iterable[SnapshotKind],
    readers: Mapping[SnapshotKind, Callable[[Mapping[str, Any]], object]],
) -> dict[SnapshotKind, object | None]:
    """The run's documents of the wanted kinds, typed by `readers` (None for an empty stored
    document); a kind the run lacks is absent. One small query, and one more for the JSON of
    the snapshots not yet kept."""
    generation = _generation()
    stored = snapshots_stored(run=run, kinds=kinds)
    found: dict[SnapshotKind, object | None] = {}
    missing: dict[int, tuple[SnapshotKind, tuple[str, int, str]]] = {}
    with _lock:
        for kind, (snapshot_id, fingerprint) in stored.items():
            key = (generation, snapshot_id, fingerprint)
            if key in _documents:
                _documents.move_to_end(key)
                found[kind] = _documents[key]
            else:
                missing[snapshot_id] = (kind, key)
    if missing:
        for snapshot_id, data in snapshots_json_by_id(ids=list(missing)).items():
            kind, key = missing[snapshot_id]
            document = readers[kind](data) if data else None
            found[kind] = document
            with _lock:
                _documents[key] = document
                while len(_documents) > DOCUMENTS_KEPT:
                    _documents.popitem(last=False)
    return found


def documents_forget() -> None:
    """Drop every document kept by this process."""
    with _lock:
        _documents.clear()
