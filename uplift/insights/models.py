"""Stored analyses. Pages and reports read these snapshots; they never scan raw CRM rows."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class AnalysisRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="analysis_runs"
    )
    as_of = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    config = models.JSONField(default=dict, blank=True)
    notes = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    # The lease (uplift.core.leases): the process running the analysis says it is alive every so
    # often; a run whose heartbeat is older than the lease was interrupted (uplift.insights.runs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-started_at"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status", "-started_at"])]

    def __str__(self) -> str:
        return f"Analysis as of {self.as_of} ({self.get_status_display()})"


class Snapshot(models.Model):
    """One part of an analysis (segments, gap, scorecards, trend), as the JSON it reports.

    ``kind`` is one of ``uplift.insights.snapshots.store.SnapshotKind``: written and read there
    only, each kind through its typed reader."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(max_length=40)
    data = models.JSONField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "kind"], name="one_snapshot_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.run}"


class PerformanceDefinition(models.Model):
    """What "performance" means for one organisation: the metric that makes a star, the
    composite's weights (as data), the new hires' ramp and what the baseline holds fixed.

    ``metric`` "auto" takes quota attainment when quotas cover most of the ranked reps'
    selling time and bookings otherwise (docs/stars.md)."""

    class Metric(models.TextChoices):
        AUTO = "auto", "Automatic: attainment where there are quotas, bookings otherwise"
        ATTAINMENT = "attainment", "Quota attainment"
        BOOKINGS = "bookings", "Bookings"
        WIN_RATE = "win_rate", "Win rate"
        AVG_DEAL = "avg_deal", "Average won deal"
        COMPOSITE = "composite", "Weighted composite"

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="performance_definition"
    )
    metric = models.CharField(max_length=16, choices=Metric.choices, default=Metric.AUTO)
    composite_weights = models.JSONField(default=dict, blank=True)
    ramp_months = models.PositiveSmallIntegerField(default=6)
    mix_by = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_metric_display()}"
