"""Practices the stars share, and who adopted them when (the dates feed the impact estimates)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Practice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        RETIRED = "retired", "Retired"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="practices"
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["title"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                "organisation", Lower("title"), name="practice_title_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Adoption(models.Model):
    """One person's adoption of one practice, with the date of each stage they reached."""

    class Stage(models.TextChoices):
        PLANNED = "planned", "Planned"
        PRACTISING = "practising", "Practising"
        DEMONSTRATED = "demonstrated", "Demonstrated"
        HABITUAL = "habitual", "Habitual"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adoptions"
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.PLANNED)
    planned_on = models.DateField(null=True, blank=True)
    practising_on = models.DateField(
        null=True, blank=True, help_text="When the person started practising: the adoption date."
    )
    demonstrated_on = models.DateField(null=True, blank=True)
    habitual_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=16,
        default="app",
        help_text="'app' when recorded in Uplift, 'import' when back-filled.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["practice", "person"], name="one_adoption_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.practice} ({self.get_stage_display()})"
