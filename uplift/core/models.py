"""Background jobs that people watch: imports, analyses, bulk e-mail."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

_LEASE_FIELDS = {"status", "attempts", "heartbeat_at", "started_at", "created_at"}


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    # Starting the same piece of work twice (a double click, a retried request) finds the same job.
    dedup_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease (uplift.core.leases): how many times a worker has started the job, and when the
    # one running it last said it was alive. A job whose worker stopped is started again once.
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Job:
        """A running job whose worker stopped is taken back as it is read, so that every reader
        (the progress page, the API, the lists) sees it queued again or failed, not running."""
        job = super().from_db(db, field_names, values, **kwargs)
        if set(field_names) >= _LEASE_FIELDS and job.status == cls.Status.RUNNING:
            from uplift.core.jobs import job_lease_check  # jobs imports this module

            job_lease_check(job)
        return job

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))


class DataVersion(models.Model):
    """One row whose number grows with every committed write to the application database, from
    any process (`uplift.core.data_version`): what a page shows can have changed only when it
    has. Pages cached by it are kept under the number they were drawn at."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.value}"
