"""What the CRM connections page shows of each connection: its status in words and what to do,
the last sync (when, rows per object, how long), the next scheduled run and the sync waiting or
running now. Reads only; the connection is fetched for the admins of its own organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from uplift.core.models import Job
from uplift.core.refusals import NotAllowed, NotFound
from uplift.crm.models import CrmConnection, SyncRun
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
        overviews.append(
            ConnectionOverview(
                connection=connection,
                what_to_do=WHAT_TO_DO.get(CrmConnection.Status(connection.status), ""),
                last_sync=last,
                next_run=sync_due_at(connection, last.started_at if last else None),
                job=jobs.get(connection.pk),
            )
        )
    return overviews
