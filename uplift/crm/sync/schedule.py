"""Scheduled syncs: each connection syncs every `schedule_minutes` (hourly by default).

The task worker has no clock of its own, but it does run its periodic pass over leased work
(uplift.core.leases: at start-up and every minute at most) — the registered `syncs_queue_due`
queues there each connection whose next sync is due, as a "crm-sync" job with a de-duplication
key naming that slot, so however many workers look, one job is queued per slot. A revoked or
disconnected connection is left alone until an admin connects again, and a failed sync is tried
again at its next slot, never in a loop; a sync killed half-way is resumed by the next one.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max
from django.utils import timezone

from uplift.core.jobs import JobRefused, Progress, job_handler, job_start
from uplift.core.leases import reclaimer
from uplift.core.models import Job
from uplift.core.refusals import Refusal
from uplift.crm.models import CrmConnection, SyncRun
from uplift.crm.sync.services import SYNC_JOB

logger = logging.getLogger(__name__)

SCHEDULED = (
    CrmConnection.Status.CONNECTED,
    CrmConnection.Status.SYNCING,
    CrmConnection.Status.FAILED,
)


def sync_due_at(connection: CrmConnection, last_started: datetime | None) -> datetime | None:
    """When the connection's next scheduled sync is due; None when it is not scheduled."""
    if not connection.schedule_minutes or connection.status not in SCHEDULED:
        return None
    if connection.auth_kind == CrmConnection.AuthKind.ACCESS_TOKEN:
        return None  # no stored credentials: only scripted runs
    if last_started is None:
        return connection.connected_at
    return last_started + timedelta(minutes=connection.schedule_minutes)


def syncs_queue_due(*, now: datetime | None = None) -> list[Job]:
    """Queue a sync job for every connection whose scheduled sync is due; the jobs queued now
    (a slot's job queued before is not queued again)."""
    now = now or timezone.now()
    connections = CrmConnection.objects.filter(
        status__in=SCHEDULED, schedule_minutes__gt=0
    ).annotate(last_started=Max("runs__started_at"))
    queued = []
    for connection in connections:
        due = sync_due_at(connection, connection.last_started)
        if due is None or due > now:
            continue
        key = f"crm-sync:{connection.pk}:{due.isoformat()}"
        if Job.objects.filter(dedup_key=key).exists():
            continue
        queued.append(
            job_start(
                kind=SYNC_JOB,
                title=f"Scheduled {connection.get_kind_display()} sync",
                organisation_id=connection.organisation_id,
                created_by_id=None,
                params={"connection": connection.pk, "trigger": SyncRun.Trigger.SCHEDULED},
                dedup_key=key,
            )
        )
    return queued


@reclaimer("scheduled CRM syncs")
def scheduled_syncs_queue() -> int:
    """The worker's periodic pass: queue the syncs that are due. Returns 0: nothing was taken
    back from a stopped process (the count is logged as abandoned work otherwise)."""
    for job in syncs_queue_due():
        logger.info("queued %s (job %s)", job.title, job.pk)
    return 0


@job_handler(SYNC_JOB)
def run_crm_sync(job: Job, progress: Progress) -> dict[str, Any]:
    """One sync of a connection. Running it twice is harmless: a sync with nothing new changes
    nothing, and an unfinished one is resumed."""
    from uplift.crm.sync.connector import SyncFailed
    from uplift.crm.sync.services import crm_sync

    connection = CrmConnection.objects.select_related("organisation").get(
        pk=job.params["connection"]
    )
    trigger = str(job.params.get("trigger") or SyncRun.Trigger.SCHEDULED)
    try:
        result = crm_sync(
            organisation=connection.organisation,
            kind=connection.kind,
            full=bool(job.params.get("full")),
            trigger=trigger,
            started_by=job.created_by if trigger == SyncRun.Trigger.SYNC_NOW else None,
            progress=lambda step, done, total: progress(done, total, step),
        )
    except (SyncFailed, Refusal) as exc:
        raise JobRefused(f"The sync did not finish. {exc}") from exc
    return result.as_dict()
