"""Running jobs: a registry of handlers by kind, progress reporting, and the task that runs them.

A handler is a function `handler(job, progress)`; it reads `job.params`, calls `progress(done,
total, message)` as it goes, and returns a JSON-serialisable result. Handlers must be idempotent:
the task can be delivered twice.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from uplift.core.models import Job

logger = logging.getLogger(__name__)


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


Handler = Callable[[Job, Progress], dict[str, Any]]


class JobRefused(Exception):  # noqa: N818  (a refusal of the job's input, not a crash)
    """Raised by a handler when the input is wrong: the message is shown as it is, without a
    traceback, and nothing is retried."""


_HANDLERS: dict[str, Handler] = {}


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


def _progress_for(job_id: int) -> Progress:
    def report(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total, message=message[:500])

    return report


@task()
def run_job(job_id: int) -> None:
    """Run a queued job once. A job already running or finished is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    try:
        result = _HANDLERS[job.kind](job, _progress_for(job_id))
    except JobRefused as exc:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return
    except Exception as exc:  # a failed job is recorded and shown, never lost
        logger.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=5)}",
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED, result=result, finished_at=timezone.now()
    )
