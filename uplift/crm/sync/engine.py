"""The sync engine: read a CRM's changes page by page, land each page durably, then import them.

Landing (the guarantee): each page the connector gives is stored (`SyncPage`: its records and
deletions as given) in ONE transaction of the application database with the object's state in
the run (`SyncRunObject`: the cursor of the next page, the latest modification time landed, the
object done or not). A sync killed at any instant has either landed a page with its cursor or
neither, so the next sync of the connection resumes the unfinished run from its last landed
page: no landed page is asked for again, no record is skipped. Landing in the application
database (rather than in files beside a state row) keeps the page and its cursor in one commit
on SQLite and PostgreSQL alike, and backups take both.

Importing (once every object is read): the landed records are written as an export in the file
importer's format (export.py) and imported through the same path as `uplift import` — one new
version of the organisation's analytics store, all or nothing — with the records found deleted
removed by their canonical keys and references checked against the whole store in the same
write (store_changes.py). The application database's transaction that switches the store to the
new version also advances each object's mark (`SyncMark`), marks the run succeeded and deletes
its landed pages, so a run is imported exactly once. A sync with nothing changed writes nothing.

A run is held by the process working on it (`held_until`, renewed with each page, as long as a
job's lease), so two syncs of one connection never read at once and a killed one is taken over.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from uplift.core.leases import lease_seconds
from uplift.core.refusals import Conflict
from uplift.crm.history import ImportRun, import_record_create
from uplift.crm.importers.staging import MissingReference
from uplift.crm.importers.summary import ImportSummary
from uplift.crm.models import (
    CrmConnection,
    ImportRecord,
    SyncMark,
    SyncPage,
    SyncRun,
    SyncRunObject,
)
from uplift.crm.services import crm_import
from uplift.crm.sync.connections import connection_revoked, connection_status_set
from uplift.crm.sync.connector import (
    ConnectionRevoked,
    Connector,
    CursorExpired,
    Page,
    SourceObject,
    SyncFailed,
)
from uplift.crm.sync.export import LandedExport, export_write
from uplift.crm.sync.marks import ids_at_latest, mark_settled
from uplift.crm.sync.store_changes import StoreChanges

SyncProgress = Callable[[str, int, int], None]  # (what, done, total), as an import's


def _quiet(_what: str, _done: int, _total: int) -> None:
    """No progress shown."""


class AllowanceReached(Exception):  # noqa: N818  (a clean stop, not a crash)
    """The connection's share of the CRM's daily API allowance is used."""


@dataclass(frozen=True)
class ObjectRead:
    name: str
    pages: int
    records: int
    deleted: int


@dataclass
class SyncResult:
    """How a sync ended, for the command line, the job and the history."""

    kind: str
    run_id: int
    full: bool
    resumed: bool
    status: str  # "succeeded" | "stopped" (the API allowance; resumed by the next sync)
    message: str = ""
    objects: list[ObjectRead] = field(default_factory=list)
    records_written: dict[str, int] = field(default_factory=dict)  # object -> records imported
    deleted: dict[str, int] = field(default_factory=dict)  # canonical entity -> rows deleted
    missing_references: list[MissingReference] = field(default_factory=list)
    summary: ImportSummary | None = None
    seconds: float = 0.0
    # The CRM's count of today's API calls after the sync, when it gives one:
    # {"used", "limit", "share_percent"} (the most the connection lets Uplift use).
    api_calls: dict[str, int] | None = None

    @property
    def changed(self) -> bool:
        """Did the store change: records written differently, or deleted."""
        written = self.summary is not None and self.summary.changed
        return written or any(self.deleted.values())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["summary"] = self.summary.as_dict() if self.summary else None
        data["changed"] = self.changed
        return data


def sync_run(
    *,
    connection: CrmConnection,
    connector: Connector,
    full: bool = False,
    trigger: str = SyncRun.Trigger.COMMAND_LINE,
    started_by_id: int | None = None,
    command_line_user: str = "",
    progress: SyncProgress = _quiet,
) -> SyncResult:
    """Bring the organisation's store up to date with the CRM (see the module's docstring).

    Resumes the connection's unfinished run when there is one (a full sync asked for while an
    incremental one is unfinished replaces it); otherwise reads each object's changes since its
    mark, or everything with `full`. Raises `SyncFailed` (the connection says failed, or revoked
    for `ConnectionRevoked`; the run is kept to resume) and `Conflict` while another process
    holds the run. Stops cleanly, returning status "stopped", when the connection's share of the
    daily API allowance is used."""
    clock = time.perf_counter()
    run, resumed = _run_for(
        connection,
        connector,
        full=full,
        trigger=trigger,
        started_by_id=started_by_id,
        command_line_user=command_line_user,
    )
    holder = _hold(run)
    connection_status_set(connection, CrmConnection.Status.SYNCING)
    result = SyncResult(
        kind=connector.kind, run_id=run.pk, full=run.full, resumed=resumed, status="succeeded"
    )
    try:
        try:
            _read(
                run, connector, holder=holder, share=connection.api_share_percent, progress=progress
            )
        except AllowanceReached as stop:
            result.status, result.message = "stopped", str(stop)
            connection_status_set(connection, CrmConnection.Status.CONNECTED, str(stop))
            SyncRun.objects.filter(pk=run.pk).update(message=str(stop))
            return _finished(result, run, clock)
        except Exception as exc:  # recorded in the history: the import below records its own
            _failed(run, connection, exc)
            raise
        _import(run, connection, connector, result=result, progress=progress)
    except ConnectionRevoked as exc:
        connection_revoked(connection, reason=str(exc))
        raise
    except Exception as exc:
        connection_status_set(connection, CrmConnection.Status.FAILED, _failure_words(exc))
        raise
    finally:
        SyncRun.objects.filter(pk=run.pk, holder=holder).update(held_until=None, holder="")
        result.api_calls = _api_calls_keep(connection, connector)
    return _finished(result, run, clock)


def _api_calls_keep(connection: CrmConnection, connector: Connector) -> dict[str, int] | None:
    """Keep the CRM's count of today's API calls on the connection, for its page."""
    try:
        allowance = connector.allowance()
    except SyncFailed:  # the count cannot be read now: the one kept before stays
        return None
    if allowance is None or allowance.limit <= 0:
        return None
    CrmConnection.objects.filter(pk=connection.pk).update(
        api_calls_used=allowance.used,
        api_calls_limit=allowance.limit,
        api_calls_read_at=timezone.now(),
    )
    return {
        "used": allowance.used,
        "limit": allowance.limit,
        "share_percent": connection.api_share_percent,
    }


def _finished(result: SyncResult, run: SyncRun, clock: float) -> SyncResult:
    result.objects = [
        ObjectRead(o.object_name, o.pages, o.records, o.deleted)
        for o in SyncRunObject.objects.filter(run=run).order_by("position")
    ]
    result.seconds = round(time.perf_counter() - clock, 3)
    return result


def _run_for(
    connection: CrmConnection,
    connector: Connector,
    *,
    full: bool,
    trigger: str,
    started_by_id: int | None,
    command_line_user: str,
) -> tuple[SyncRun, bool]:
    """The unfinished run to resume, or a new one with each object's starting point."""
    unfinished = SyncRun.objects.filter(
        connection=connection, status__in=[SyncRun.Status.READING, SyncRun.Status.IMPORTING]
    ).first()
    if unfinished is not None and full and not unfinished.full:
        _held_check(unfinished)
        SyncRun.objects.filter(pk=unfinished.pk).update(
            status=SyncRun.Status.DISCARDED, finished_at=timezone.now()
        )
        SyncPage.objects.filter(run=unfinished).delete()
        unfinished = None
    if unfinished is not None:
        return unfinished, True
    marks = {mark.object_name: mark for mark in SyncMark.objects.filter(connection=connection)}
    try:
        return _run_create(
            connection,
            connector,
            full=full,
            trigger=trigger,
            started_by_id=started_by_id,
            command_line_user=command_line_user,
            marks=marks,
        ), False
    except IntegrityError:  # another process started one a moment ago
        raise Conflict(
            "A sync of this connection is running already: wait for it to end.",
            code="sync_running",
        ) from None


def _run_create(
    connection: CrmConnection,
    connector: Connector,
    *,
    full: bool,
    trigger: str,
    started_by_id: int | None,
    command_line_user: str,
    marks: dict[str, SyncMark],
) -> SyncRun:
    with transaction.atomic():
        run = SyncRun.objects.create(
            connection=connection,
            full=full,
            trigger=trigger,
            started_by_id=started_by_id,
            command_line_user=command_line_user[:150],
        )
        SyncRunObject.objects.bulk_create(
            SyncRunObject(
                run=run,
                position=position,
                object_name=obj.name,
                since=None if full or mark is None else mark.high_water,
                since_ids=[] if full or mark is None else mark.ids_at_mark,
            )
            for position, obj in enumerate(connector.objects())
            for mark in [marks.get(obj.name)]
        )
    return run


def _held_check(run: SyncRun) -> None:
    if run.held_until is not None and run.held_until > timezone.now():
        raise Conflict(
            f"A sync of this connection is running already (since {run.started_at:%H:%M} UTC): "
            "wait for it to end.",
            code="sync_running",
        )


def _hold(run: SyncRun) -> str:
    """Take the run for this process, unless a live one holds it."""
    holder = uuid.uuid4().hex
    now = timezone.now()
    taken = SyncRun.objects.filter(
        Q(held_until__isnull=True) | Q(held_until__lte=now), pk=run.pk
    ).update(holder=holder, held_until=now + timedelta(seconds=lease_seconds()))
    if not taken:
        run.refresh_from_db(fields=["held_until", "started_at"])
        _held_check(run)
    return holder


def _read(
    run: SyncRun, connector: Connector, *, holder: str, share: int, progress: SyncProgress
) -> None:
    objects = list(connector.objects())
    states = {s.object_name: s for s in SyncRunObject.objects.filter(run=run)}
    missing = [obj for obj in objects if obj.name not in states]
    for obj in missing:  # an object the connector reads now (a quota object mapped since)
        states[obj.name] = SyncRunObject.objects.create(
            run=run, position=len(states), object_name=obj.name, since=None
        )
    for index, obj in enumerate(objects):
        state = states[obj.name]
        if state.done:
            continue
        _allowance_check(connector, share)
        progress(f"Reading {obj.name}", index, len(objects))
        try:
            _read_object(run, connector, obj, state, holder=holder, share=share)
        except CursorExpired:
            # Read the object again from the run's starting point, without the cursor: pages
            # need not come in modification order (Bulk API results do not), so nothing later
            # than that is known to be complete. What landed twice is written once.
            state.cursor = ""
            state.save(update_fields=["cursor"])
            _read_object(run, connector, obj, state, holder=holder, share=share)
    progress("Read", len(objects), len(objects))


def _read_object(
    run: SyncRun,
    connector: Connector,
    obj: SourceObject,
    state: SyncRunObject,
    *,
    holder: str,
    share: int,
) -> None:
    seen = frozenset(state.since_ids or ()) if state.since is not None else frozenset()
    for page in connector.pages(obj, since=state.since, cursor=state.cursor or None, seen=seen):
        _land(run, state, page, holder=holder)
        if state.done:
            return
        _allowance_check(connector, share)
    if not state.done:  # the connector had nothing (more) to give
        state.done = True
        state.save(update_fields=["done"])


def _land(run: SyncRun, state: SyncRunObject, page: Page, *, holder: str) -> None:
    """Store the page and the object's new position in one transaction."""
    with transaction.atomic():
        sequence = state.pages + 1
        SyncPage.objects.create(
            run=run,
            object_name=state.object_name,
            sequence=sequence,
            records=page.records,
            deleted_ids=page.deleted_ids,
            deleted_records=page.deleted_records,
            table=page.table,
        )
        state.cursor = page.next_cursor or ""
        state.done = page.next_cursor is None
        state.high_water, state.high_water_ids = ids_at_latest(
            state.high_water, state.high_water_ids, page.high_water, page.high_water_ids
        )
        state.pages = sequence
        state.records += page.record_count
        state.deleted += len(page.deleted_ids) + len(page.deleted_records)
        state.save()
        held = SyncRun.objects.filter(pk=run.pk, holder=holder).update(
            held_until=timezone.now() + timedelta(seconds=lease_seconds())
        )
        if not held:  # another process took the run over: this one must not land more
            raise Conflict("Another process took this sync over.", code="sync_taken_over")


def _allowance_check(connector: Connector, share: int) -> None:
    allowance = connector.allowance()
    if allowance is None or allowance.limit <= 0:
        return
    if allowance.used * 100 >= allowance.limit * share:
        raise AllowanceReached(
            f"Stopped at {share}% of today's API allowance ({allowance.used:,} of "
            f"{allowance.limit:,} calls used), as the connection is set to. What was read is "
            "kept; the next sync goes on from there."
        )


def _export_folder(run: SyncRun) -> Path:
    return Path(settings.UPLIFT_HOME) / "sync" / f"run-{run.pk}"


def _import(
    run: SyncRun,
    connection: CrmConnection,
    connector: Connector,
    *,
    result: SyncResult,
    progress: SyncProgress,
) -> None:
    SyncRun.objects.filter(pk=run.pk).update(status=SyncRun.Status.IMPORTING)
    folder = _export_folder(run)
    shutil.rmtree(folder, ignore_errors=True)  # a half-written export of a killed attempt
    try:
        progress("Writing the landed records", 0, 1)
        landed = export_write(run, connector.objects(), folder)
        result.records_written = dict(landed.records)
        if landed.empty:
            _nothing_changed(run, connection)
            return
        changes = StoreChanges(source=connector.kind, deletions=landed.deletions)
        summary = crm_import(
            source=connector.kind,
            location=folder,
            organisation=connection.organisation,
            progress=progress,
            run=ImportRun(started_by_id=run.started_by_id, sync_run_id=run.pk),
            in_store_write=changes,
            on_switch=lambda: _commit(run, connection, landed),
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.summary = replace(
        summary,
        location=connection.base_url,  # not the export folder, gone already
        missing_references=changes.missing,
    )
    result.deleted = dict(changes.deleted)
    result.missing_references = changes.missing
    ImportRecord.objects.filter(sync_run=run).update(rows_deleted=sum(changes.deleted.values()))


def _commit(run: SyncRun, connection: CrmConnection, landed: LandedExport) -> None:
    """In the transaction that switches the store: advance the marks, close the run."""
    for state in SyncRunObject.objects.filter(run=run, high_water__isnull=False):
        assert state.high_water is not None  # noqa: S101  (filtered above)
        high_water, ids_at_mark = mark_settled(
            state.high_water, state.high_water_ids, read_from=run.started_at
        )
        mark, created = SyncMark.objects.get_or_create(
            connection=connection,
            object_name=state.object_name,
            defaults={"high_water": high_water, "ids_at_mark": ids_at_mark},
        )
        if created:
            continue
        latest: datetime | None = state.high_water
        ids: list[str] | None = state.high_water_ids
        if not run.full:
            latest, ids = ids_at_latest(mark.high_water, mark.ids_at_mark, latest, ids)
        assert latest is not None  # noqa: S101  (the state's is set)
        mark.high_water, mark.ids_at_mark = mark_settled(latest, ids, read_from=run.started_at)
        mark.save(update_fields=["high_water", "ids_at_mark"])
    SyncPage.objects.filter(run=run).delete()
    now = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(
        status=SyncRun.Status.SUCCEEDED,
        finished_at=now,
        message="",
        result={"records": landed.records, "deleted": landed.deleted},
    )
    CrmConnection.objects.filter(pk=connection.pk).update(
        status=CrmConnection.Status.CONNECTED,
        status_message="",
        last_sync_at=now,
        last_success_at=now,
    )


def _nothing_changed(run: SyncRun, connection: CrmConnection) -> None:
    """Nothing landed: the store stays as it is; the run is recorded as a sync that read
    nothing new."""
    with transaction.atomic():
        _commit(run, connection, LandedExport(folder=_export_folder(run)))
    _history_record(
        run,
        connection,
        summary=ImportSummary(source=connection.kind, location=connection.base_url, dry_run=False),
    )


def _history_record(
    run: SyncRun,
    connection: CrmConnection,
    *,
    summary: ImportSummary | None = None,
    failure: Exception | None = None,
) -> ImportRecord | None:
    """The run's line in the import history, as it ended: with its summary or its failure."""
    return import_record_create(
        organisation=connection.organisation,
        run=ImportRun(started_by_id=run.started_by_id, sync_run_id=run.pk),
        source=connection.kind,
        location=Path(connection.base_url),
        dry_run=False,
        skip_invalid=False,
        started_at=run.started_at,
        seconds=(timezone.now() - run.started_at).total_seconds(),
        summary=summary,
        failure=failure,
    )


def _failure_words(failure: BaseException) -> str:
    """What the connection's status says: a sync failure's own words, else its kind too."""
    if isinstance(failure, SyncFailed | Conflict):
        return str(failure)
    return f"{type(failure).__name__}: {failure}"


def _failed(run: SyncRun, connection: CrmConnection, failure: Exception) -> None:
    """Keep the run to resume; record the failure in the history."""
    words = _failure_words(failure)
    SyncRun.objects.filter(pk=run.pk).update(message=words[:2000])
    record = _history_record(run, connection, failure=failure)
    if record is not None:
        ImportRecord.objects.filter(pk=record.pk).update(message=words, files=[])


def sync_marks(connection: CrmConnection) -> dict[str, datetime]:
    """Each object's committed mark: the latest modification a finished sync brought in."""
    return dict(
        SyncMark.objects.filter(connection=connection).values_list("object_name", "high_water")
    )
