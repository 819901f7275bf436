"""What the CRM connections page shows of each connection: its status in words and what to do,
the last sync (when, rows per object, how long), the next scheduled run and the sync waiting or
running now, or that the sync stopped unexpectedly (its process killed: the connection still
says syncing, but no process holds the run any more). Reads only; the connection is fetched for
the admins of its own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Q
from django.utils import timezone

from uplift.core.models import Job
from uplift.core.refusals import NotAllowed, NotFound
from uplift.crm.models import CrmConnection, SyncPage, SyncRun
from uplift.crm.sync.schedule import sync_due_at
from uplift.crm.sync.services import SYNC_JOB
from uplift.orgs.models import Organisation, Person, Role

WHAT_TO_DO = {
    CrmConnection.Status.CONNECTED: "Nothing: it syncs on its schedule, or press Sync now.",
    CrmConnection.Status.SYNCING: "Wait: the page of the sync shows how far it is.",
    CrmConnection.Status.FAILED: "Read the reason below, correct it, then press Sync now.",
    CrmConnection.Status.REVOKED: "Connect again: nothing is synced until then.",
    CrmConnection.Status.DISCONNECTED: "Connect again to sync; the data imported so far stays.",
}
STOPPED_WHAT_TO_DO = (
    "Press Sync now, or wait for the next scheduled sync: it resumes from the last saved page, "
    "so nothing read before is asked for again."
)


@dataclass(frozen=True)
class LastSync:
    started_at: datetime
    finished_at: datetime | None
    status: str
    trigger: str
    message: str
    records: dict[str, int]
    deleted: dict[str, int]

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class ConnectionOverview:
    connection: CrmConnection
    what_to_do: str
    last_sync: LastSync | None
    next_run: datetime | None
    job: Job | None  # the sync waiting or running now
    # When a sync's process stopped without ending it (killed, the machine restarted): the time
    # of its last saved page, or of its start when it saved none. None otherwise.
    stopped_at: datetime | None = None

    @property
    def api_calls_words(self) -> str:
        """The CRM's count of API calls, as the last sync read it, and the connection's share:
        "1,240 of 15,000 API calls used today; Uplift uses at most 20%"."""
        c = self.connection
        share = f"Uplift uses at most {c.api_share_percent}%"
        if c.api_calls_used is None or not c.api_calls_limit or c.api_calls_read_at is None:
            return f"not read yet: the next sync reads it; {share}"
        when = (
            "today"
            if timezone.localdate(c.api_calls_read_at) == timezone.localdate()
            else f"on {timezone.localdate(c.api_calls_read_at):%-d %B %Y}, at the last sync"
        )
        return f"{c.api_calls_used:,} of {c.api_calls_limit:,} API calls used {when}; {share}"

    @property
    def status_words(self) -> str:
        if self.stopped_at is not None:
            return "Stopped unexpectedly"
        return str(self.connection.get_status_display())

    @property
    def can_sync(self) -> bool:
        return self.connection.status not in {
            CrmConnection.Status.REVOKED,
            CrmConnection.Status.DISCONNECTED,
        } and (self.connection.auth_kind != CrmConnection.AuthKind.ACCESS_TOKEN)


def access_crm_connection(viewer: Person, connection_id: int) -> CrmConnection:
    """The connection, for an admin of its organisation; another organisation's is not found."""
    if viewer.role != Role.ADMIN or viewer.organisation_id is None:
        raise NotAllowed("Only the organisation's admins manage its CRM connections.")
    connection = CrmConnection.objects.filter(
        pk=connection_id, organisation_id=viewer.organisation_id
    ).first()
    if connection is None:
        raise NotFound("No such CRM connection in your organisation.")
    return connection


def _last_sync(connection: CrmConnection) -> LastSync | None:
    run = SyncRun.objects.filter(connection=connection).first()
    if run is None:
        return None
    result = run.result or {}
    return LastSync(
        started_at=run.started_at,
        finished_at=run.finished_at,
        status=run.get_status_display(),
        trigger=run.get_trigger_display(),
        message=run.message,
        records={str(k): int(v) for k, v in (result.get("records") or {}).items()},
        deleted={str(k): int(v) for k, v in (result.get("deleted") or {}).items()},
    )


def sync_stopped_at(connection: CrmConnection) -> datetime | None:
    """When the connection's sync stopped unexpectedly: it says syncing, yet its unfinished run is
    held by no live process (the hold, renewed with each saved page, ran out or was let go).
    The time of the run's last saved page, or its start. None while a process works on it."""
    if connection.status != CrmConnection.Status.SYNCING:
        return None
    run = (
        SyncRun.objects.filter(
            Q(held_until__isnull=True) | Q(held_until__lte=timezone.now()),
            connection=connection,
            status__in=[SyncRun.Status.READING, SyncRun.Status.IMPORTING],
        )
        .order_by("-started_at")
        .first()
    )
    if run is None:
        return None
    last_page = SyncPage.objects.filter(run=run).aggregate(at=Max("landed_at"))["at"]
    return last_page or run.started_at


def crm_connections_overview(*, organisation: Organisation) -> list[ConnectionOverview]:
    """The organisation's CRM connections, Salesforce first, as the connections page shows
    them."""
    overviews = []
    connections = CrmConnection.objects.filter(organisation=organisation).order_by("kind")
    jobs = {
        job.params.get("connection"): job
        for job in Job.objects.filter(
            kind=SYNC_JOB,
            organisation_id=organisation.pk,
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        )
    }
    for connection in sorted(connections, key=lambda c: c.kind != CrmConnection.Kind.SALESFORCE):
        last = _last_sync(connection)
        job = jobs.get(connection.pk)
        stopped_at = sync_stopped_at(connection) if job is None else None
        overviews.append(
            ConnectionOverview(
                connection=connection,
                what_to_do=STOPPED_WHAT_TO_DO
                if stopped_at
                else WHAT_TO_DO.get(CrmConnection.Status(connection.status), ""),
                last_sync=last,
                next_run=sync_due_at(connection, last.started_at if last else None),
                job=job,
                stopped_at=stopped_at,
            )
        )
    return overviews
