"""The import history: one row per CRM import, from the import page or the command line."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRecord(models.Model):
    """One CRM import as it ended: who ran it, what it read, what it wrote, how long it took.

    Written once the import has ended, in a transaction of its own, so a failed import is
    recorded too (its own writes were rolled back). An import whose process was killed leaves
    no record; its background job, if it had one, says what happened."""

    class Result(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        DRY_RUN = "dry_run", "Dry run"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # The import page's background job (None for a command-line run).
    job = models.OneToOneField(
        "core.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_record",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    command_line_user = models.CharField(max_length=150, blank=True)  # the OS user, on the CLI
    source = models.CharField(max_length=40)  # salesforce, hubspot, csv or preset
    preset = models.CharField(max_length=80, blank=True)  # the ready-made mapping's name
    export_source = models.CharField(max_length=40, blank=True)  # the mapping's `source`
    location = models.CharField(max_length=1000)
    files = models.JSONField(default=list, blank=True)  # the export files' names
    dry_run = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    result = models.CharField(max_length=16, choices=Result.choices)
    message = models.TextField(blank=True)  # why it failed
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_inserted = models.PositiveBigIntegerField(default=0)
    rows_updated = models.PositiveBigIntegerField(default=0)
    rows_rejected = models.PositiveBigIntegerField(default=0)
    rejected = models.JSONField(default=dict, blank=True)  # file -> rows rejected
    rejects_file = models.CharField(max_length=1000, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0.0)

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source} import of {self.started_at:%Y-%m-%d %H:%M} ({self.result})"

    @property
    def ran_by(self) -> str:
        """Who ran it: the person, or the command line and its OS user."""
        if self.started_by is not None:
            return str(self.started_by)
        if self.command_line_user:
            return f"command line ({self.command_line_user})"
        return "command line"
