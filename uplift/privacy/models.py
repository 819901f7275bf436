"""How long an organisation keeps the free text people write about one another."""

from __future__ import annotations

from django.db import models


class PrivacySettings(models.Model):
    """Retention of coaching notes (blank: kept until erased). Pulse answers are never stored
    against a person (docs/pulse.md), so they need no retention of their own."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="privacy_settings"
    )
    coaching_notes_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Coaching notes, agendas and role-play feedback are cleared this many days "
        "after the session; blank keeps them.",
    )
    cleared_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Coaching notes kept {self.coaching_notes_days or 'until erased'} days"
