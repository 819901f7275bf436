"""Running jobs: a registry of handlers by kind, progress reporting, and the task that runs them.

A handler is a function `handler(job, progress)`; it reads `job.params`, calls `progress(done,
total, message)` as it goes, and returns a JSON-serialisable result. Handlers must be idempotent:
the task can be delivered twice, and a job whose worker stopped is started again.

A running job holds a lease (uplift.core.leases): its worker writes a heartbeat every so often and
on each progress report. A job whose heartbeat is older than the lease was left by a worker that
was killed; it is queued again once, and fails after that.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from uplift.core.leases import abandoned, every, heartbeat_seconds, lease_expired_before, reclaimer
from uplift.core.models import Job

logger = logging.getLogger(__name__)


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


Handler = Callable[[Job, Progress], dict[str, Any]]


class JobRefused(Exception):  # noqa: N818  (a refusal of the job's input, not a crash)
    """Raised by a handler when the input is wrong: the message is shown as it is, without a
    traceback, and nothing is retried."""


_HANDLERS: dict[str, Handler] = {}

# A job whose worker stopped is started again this many times; after that it fails.
RESTARTS = 1
WORKER_STOPPED = (
    "The worker running it stopped before it finished, and did so again when it was started "
    "again. Start it once more; if it keeps stopping, the worker's log may say why (for example, "
    "it ran out of memory)."
)
RESTARTED = "Started again: the worker running it stopped."


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def job_start(
    *,
    kind: str,
    title: str,
    organisation_id: int | None,
    created_by_id: int | None,
    params: dict[str, Any] | None = None,
    dedup_key: str | None = None,
) -> Job:
    """Record the job and queue it to run once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        message = f"No handler for jobs of kind {kind!r}"
        raise ValueError(message)
    with transaction.atomic():
        if dedup_key:
            job, created = Job.objects.get_or_create(
                dedup_key=dedup_key,
                defaults={
                    "kind": kind,
                    "title": title,
                    "organisation_id": organisation_id,
                    "created_by_id": created_by_id,
                    "params": params or {},
                },
            )
            if not created:
                return job
        else:
            job = Job.objects.create(
                kind=kind,
                title=title,
                organisation_id=organisation_id,
                created_by_id=created_by_id,
                params=params or {},
            )
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _this_run(job_id: int, attempt: int) -> Any:
    """The job while this attempt still holds it: not once it was taken back or finished."""
    return Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, attempts=attempt)


def _progress_for(job_id: int, attempt: int) -> Progress:
    def report(done: int, total: int, message: str = "") -> None:
        _this_run(job_id, attempt).update(
            done=done, total=total, message=message[:500], heartbeat_at=timezone.now()
        )

    return report


@task()
def run_job(job_id: int) -> None:
    """Run a queued job once. A job already running or finished is left alone."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    attempt = job.attempts

    def beat() -> None:
        _this_run(job_id, attempt).update(heartbeat_at=timezone.now())

    with every(heartbeat_seconds(), beat, name=f"heartbeat of job {job_id}"):
        outcome = _outcome(job, _progress_for(job_id, attempt))
    _this_run(job_id, attempt).update(**outcome, finished_at=timezone.now())


def _outcome(job: Job, progress: Progress) -> dict[str, Any]:
    """What the job's row says once its handler returned or raised."""
    try:
        result = _HANDLERS[job.kind](job, progress)
    except JobRefused as exc:
        return {"status": Job.Status.FAILED, "error": str(exc)}
    except Exception as exc:  # a failed job is recorded and shown, never lost
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return {
            "status": Job.Status.FAILED,
            "error": f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=5)}",
        }
    return {"status": Job.Status.SUCCEEDED, "result": result}


@reclaimer("jobs")
def jobs_reclaim() -> int:
    """Take back every running job whose worker stopped: queue it again if it was started only
    once (handlers are idempotent), fail it with the reason otherwise. Returns how many."""
    before = lease_expired_before()
    stale = Job.objects.filter(status=Job.Status.RUNNING).filter(
        abandoned(before=before, fallbacks=("started_at", "created_at"))
    )
    return sum(
        _job_take_back(job_id, attempts, before=before)
        for job_id, attempts in stale.values_list("pk", "attempts")
    )


def job_lease_check(job: Job) -> None:
    """Take `job` back if its worker stopped, and bring the instance up to date."""
    before = lease_expired_before()
    alive = job.heartbeat_at or job.started_at or job.created_at
    if job.status != Job.Status.RUNNING or alive >= before:
        return
    if _job_take_back(job.pk, job.attempts, before=before):
        job.refresh_from_db(fields=["status", "message", "error", "heartbeat_at", "finished_at"])


def _job_take_back(job_id: int, attempts: int, *, before: Any) -> bool:
    """Queue the job again or fail it, unless a worker said it was alive in the meantime."""
    still_abandoned = Job.objects.filter(
        abandoned(before=before, fallbacks=("started_at", "created_at")),
        pk=job_id,
        status=Job.Status.RUNNING,
        attempts=attempts,
    )
    if attempts > RESTARTS:
        failed = still_abandoned.update(
            status=Job.Status.FAILED, error=WORKER_STOPPED, finished_at=timezone.now()
        )
        if failed:
            logger.warning("job %s failed: its worker stopped, again", job_id)
        return bool(failed)
    queued = still_abandoned.update(status=Job.Status.QUEUED, message=RESTARTED, heartbeat_at=None)
    if queued:
        logger.warning("job %s queued again: its worker stopped", job_id)
        transaction.on_commit(lambda: run_job.enqueue(job_id))
    return bool(queued)
