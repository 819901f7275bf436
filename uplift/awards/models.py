"""Formal recognition events: an event with award categories, nominations with evidence picked
from Uplift's records, a shortlist chosen by leaders, and one winner per category with a citation.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class AwardEvent(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open for nominations"
        SHORTLISTING = "shortlisting", "Shortlisting"
        DECIDED = "decided", "Decided"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="award_events"
    )
    name = models.CharField(max_length=200)
    held_on = models.DateField(help_text="The day of the ceremony.")
    venue = models.CharField(max_length=200, blank=True)
    introduction = models.TextField(blank=True, help_text="Printed on the programme's cover.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-held_on", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="award_event_name_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED


class AwardCategory(models.Model):
    event = models.ForeignKey(AwardEvent, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name_plural = "award categories"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "name"], name="category_name_unique_in_event")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"


class Nomination(models.Model):
    """Someone put forward in a category, with their reason and the evidence they picked.

    `evidence` keeps each picked item as it read when the nomination was made (kind, key, label,
    detail), so the programme states what the nominator saw."""

    category = models.ForeignKey(
        AwardCategory, on_delete=models.CASCADE, related_name="nominations"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_nominations"
    )
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_nominations_made"
    )
    reason = models.TextField()
    evidence = models.JSONField(default=list)
    shortlisted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["category__position", "created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["category", "nominee", "nominator"], name="one_nomination_per_nominator"
            ),
            models.CheckConstraint(
                condition=~models.Q(nominee=models.F("nominator")), name="no_self_nomination"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} for {self.category.name}"


class AwardWinner(models.Model):
    category = models.OneToOneField(AwardCategory, on_delete=models.CASCADE, related_name="winner")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="awards_won"
    )
    citation = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.nominee}: {self.category.name}"
