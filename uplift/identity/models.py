"""Each organisation's identity providers (OpenID Connect or SAML 2.0), its sign-in policy, and
the assertions already used (so that none signs anyone in twice)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from uplift.orgs.models import Organisation, Person, Role


class IdentityProvider(models.Model):
    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identity_providers"
    )
    protocol = models.CharField(max_length=8, choices=Protocol.choices)
    name = models.CharField(max_length=100, help_text="Shown on the button: Sign in with <name>.")
    slug = models.SlugField(max_length=60)
    enabled = models.BooleanField(default=True)
    email_domains = models.CharField(
        max_length=500,
        blank=True,
        help_text="E-mail domains whose people this provider signs in, comma-separated.",
    )
    # OpenID Connect
    issuer = models.URLField(max_length=500, blank=True)
    client_id = models.CharField(max_length=300, blank=True)
    client_secret_encrypted = models.TextField(blank=True, editable=False)
    scopes = models.CharField(max_length=300, blank=True, default="openid email profile")
    # SAML 2.0: the identity provider's metadata as imported, and where it came from
    idp_metadata_xml = models.TextField(blank=True)
    idp_metadata_url = models.URLField(max_length=500, blank=True)
    idp_entity_id = models.CharField(max_length=500, blank=True)
    # Our own signing key and certificate for SAML requests (the key encrypted at rest)
    sp_private_key_encrypted = models.TextField(blank=True, editable=False)
    sp_certificate = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="identity_provider_slug_unique"
            )
        ]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_protocol_display()})"

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower() for d in self.email_domains.split(",") if d.strip()]


class SignInPolicy(models.Model):
    """How an organisation's people sign in. Without a row: passwords, no accounts created."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    password_sign_in = models.BooleanField(default=True)
    create_people = models.BooleanField(
        default=False,
        help_text="Create an account, with the default role, for a verified e-mail not yet known.",
    )
    default_role = models.CharField(max_length=16, choices=Role.choices, default=Role.REP)
    break_glass = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The enablement admin who may still sign in with a password.",
    )

    def __str__(self) -> str:
        return f"Sign-in policy of {self.organisation}"


class UsedAssertion(models.Model):
    """An assertion (SAML) or ID token (OpenID Connect) that signed someone in: the same one
    presented again is a replay and is refused."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="+")
    assertion_id = models.CharField(max_length=300)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "assertion_id"], name="used_assertion_unique"
            )
        ]

    def __str__(self) -> str:
        return self.assertion_id
