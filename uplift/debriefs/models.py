"""Debriefs with the stars: the question templates the guides are drafted from, and the debriefs."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from uplift.debriefs import guide
from uplift.debriefs.stages import STAGES

STAGE_CHOICES = list(STAGES.items())


class QuestionTemplate(models.Model):
    """A question the interview guide asks about one sales stage. Stored as data: enablement
    admins edit the organisation's set; the defaults are written the first time it is needed."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="debrief_questions"
    )
    stage = models.CharField(max_length=32, choices=STAGE_CHOICES)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["stage", "position", "pk"]
        indexes: ClassVar = [models.Index(fields=["organisation", "stage", "position"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.text[:60]}"


class Debrief(models.Model):
    """A structured interview with a star about how they work, and what came out of it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="debriefs"
    )
    star = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debriefs_as_star"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="debriefs_interviewing"
    )
    co_contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="debriefs_contributing",
        help_text="Others who share the know-how in the session and are credited with the star.",
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    stages = models.JSONField(default=list, blank=True, help_text="Sales stages the guide covers.")
    profile = models.JSONField(
        default=dict,
        blank=True,
        help_text="The star's profile when the debrief was scheduled: the guide's evidence.",
    )
    guide = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    practices = models.ManyToManyField(
        "practices.Practice", blank=True, related_name="debriefs", help_text="Drafts it produced."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-scheduled_at"]
        indexes: ClassVar = [models.Index(fields=["organisation", "status", "-scheduled_at"])]

    def __str__(self) -> str:
        return f"Debrief with {self.star} on {self.scheduled_at:%Y-%m-%d}"

    @property
    def distinctive(self) -> list[dict[str, Any]]:
        """The star's distinctive behaviours; an outcome an older profile listed here is under
        :attr:`where_they_win` instead."""
        return guide.behaviours_only(self.profile.get("distinctive") or [])

    @property
    def unusual(self) -> list[dict[str, Any]]:
        """Far from the core where stars as a group do not clearly differ: weaker evidence."""
        return guide.behaviours_only(self.profile.get("unusual") or [])

    @property
    def where_they_win(self) -> list[dict[str, Any]]:
        """Outcomes where the star stands out (conversions, time in stage, cycle): results, not
        behaviours, whichever list of the stored profile they came in."""
        return guide.where_they_win(self.profile)
