"""The directory's key to an organisation: one SCIM bearer token per organisation, stored as a
SHA-256 hash (the token is shown once, when the admin creates or rotates it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ScimToken(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="scim_token"
    )
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"SCIM token {self.prefix}…"
