"""The audit trail: who did what, and who opened whose private records.

Append-only: an event is never changed or deleted through the ORM (its queryset and the model
refuse). The one delete is the retention prune (`uplift.audit.services.audit_prune`), which
removes events older than the organisation's retention and nothing else.

An event names people by reference only (actor, subject), never by a copy of their name or
e-mail, so that erasing a person's identity (`docs/privacy.md`) leaves no copy of it here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

DEFAULT_RETENTION_DAYS = 730
MIN_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650


class AuditIsAppendOnlyError(Exception):
    """A programming error: the trail is written once and pruned only by retention."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditIsAppendOnlyError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditIsAppendOnlyError(
            "The audit trail is append-only; only the retention prune removes events."
        )


class Action(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in refused"
    ROLE_CHANGED = "role_changed", "Role changed"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"
    IMPORTED = "imported", "Import"
    SETTINGS_CHANGED = "settings_changed", "Settings changed"
    DOWNLOADED = "downloaded", "Download"
    API_TOKEN_USED = "api_token_used", "API token used"
    PRIVATE_VIEWED = "private_viewed", "Private record opened"
    PRIVATE_CHANGED = "private_changed", "Private record changed"
    PERSON_EXPORTED = "person_exported", "Personal data exported"
    PERSON_ERASED = "person_erased", "Personal data erased"
    PRUNED = "pruned", "Trail pruned"


class PrivateRecord(models.TextChoices):
    """The kinds of a person's private records whose every opening and change is recorded."""

    COACHING_SESSION = "coaching_session", "coaching notes"
    ACTION_ITEM = "action_item", "coaching action item"
    DEVELOPMENT_PLAN = "development_plan", "development plan"
    MILESTONE = "milestone", "plan milestone"
    CHECK_IN = "check_in", "plan check-in"
    ASSESSMENT = "assessment", "assessment"
    SCORECARD = "scorecard", "private scorecard"


class Door(models.TextChoices):
    """Where the event came from."""

    PAGE = "page", "Web page"
    API = "api", "API"
    COMMAND = "command", "Command line"
    SYSTEM = "system", "Uplift itself"


class AuditEvent(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record = models.CharField(max_length=32, blank=True, choices=PrivateRecord.choices)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Words about the event that name no person ("rep → manager", "scorecards.csv").
    detail = models.CharField(max_length=300, blank=True)
    door = models.CharField(max_length=16, choices=Door.choices, default=Door.SYSTEM)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["subject", "-at"]),
            models.Index(fields=["actor", "action", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AuditIsAppendOnlyError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditIsAppendOnlyError("Audit events are removed only by the retention prune.")


class RetentionSettings(models.Model):
    """How long an organisation keeps its audit trail (and when it last pruned it)."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="audit_retention"
    )
    audit_days = models.PositiveIntegerField(default=DEFAULT_RETENTION_DAYS)
    pruned_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Audit retention: {self.audit_days} days"
