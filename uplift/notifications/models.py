"""A notification is one thing a person should know or do, with where to do it; a preference is
how a person wants one kind of them e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from uplift.notifications.kinds import SPECS, Delivery, Kind

TEXT_MAX = 300
LINK_MAX = 400
KEY_MAX = 200


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "none", "Not e-mailed"
        PENDING = "pending", "To e-mail straight away"
        SENT = "sent", "E-mailed"
        DIGEST = "digest", "Waiting for the daily e-mail"
        DIGESTED = "digested", "Sent in a daily e-mail"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    text = models.CharField(max_length=TEXT_MAX)  # the line in the list and the e-mail's subject
    body = models.TextField(blank=True)  # more for the e-mail, when one line is not enough
    link = models.CharField(max_length=LINK_MAX)  # a path of the site: where it is dealt with
    key = models.CharField(max_length=KEY_MAX, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=12, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(fields=("recipient", "read_at"), name="notif_recipient_unread"),
            models.Index(fields=("recipient", "-created_at"), name="notif_recipient_recent"),
            models.Index(fields=("email", "created_at"), name="notif_email_waiting"),
        )
        constraints = (
            # A notice raised by a job that may run twice carries a key: recorded once.
            models.UniqueConstraint(
                fields=("recipient", "key"), condition=~Q(key=""), name="notif_once_per_key"
            ),
        )

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.text}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def icon(self) -> str:
        spec = SPECS.get(Kind(self.kind)) if self.kind in Kind.values else None
        return spec.icon if spec else "bell"


class NotificationPreference(models.Model):
    """How one person wants one kind e-mailed; without a row, the kind's default holds."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("person", "kind"), name="notif_preference_once"),
        )

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}: {self.delivery}"
