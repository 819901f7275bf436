"""Organisations, their teams and the people in them."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    # SPEC "Roles and privacy": contribution is celebrated; revenue leaderboards are opt-in.
    revenue_leaderboards = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The version of this organisation's analytics store that pages read (see
    # uplift.analytics.versions); blank until the first import. An import switches it last.
    analytics_store = models.CharField(max_length=40, blank=True, default="", editable=False)
    # Times are stored in UTC and shown in the viewer's time zone: their own, else this one.
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        help_text="The organisation's time zone (an IANA name such as Europe/London).",
    )

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", "Region"
        TEAM = "team", "Team"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    manager = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
        help_text="The manager who runs this team (or the leader who runs this region).",
    )

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="team_name_unique_in_parent"
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(parent__isnull=True),
                name="top_team_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    REP = "rep", "Rep"
    MANAGER = "manager", "Manager"
    LEADER = "leader", "Leader"
    ADMIN = "admin", "Enablement admin"


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        if not email:
            message = "A person needs an e-mail address to sign in."
            raise ValueError(message)
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """Everyone in the organisation, whether or not they ever sign in.

    CRM imports create people with an unusable password; an invitation lets them set one.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="people"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REP)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    crm_user_id = models.CharField(
        max_length=64, blank=True, help_text="The person's user id in the CRM, as exported."
    )
    hire_date = models.DateField(null=True, blank=True)
    # The last working day, from the HR roster or the directory; from the day after, the person
    # cannot sign in. Their history, recognition and credit stay theirs.
    leave_date = models.DateField(null=True, blank=True)
    # The directory's own id for the person (SCIM `externalId`), as Okta or Entra ID sends it.
    external_id = models.CharField(max_length=255, blank=True)
    # When the person's identity was erased (docs/privacy.md): the name and e-mail shown are a
    # pseudonym from then on, and no import or directory brings the old ones back.
    erased_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the back-office (Django admin)."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(
        null=True, blank=True, help_text="When an invitation to set a password was last sent."
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="The person's own time zone (an IANA name); blank: the organisation's.",
    )

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering: ClassVar = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "crm_user_id"],
                condition=~Q(crm_user_id=""),
                name="crm_user_id_unique_in_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saving a new password (any way: the pages, an invitation, the admin, `uplift manage
        changepassword`) revokes the person's API tokens, so none outlives the old password."""
        new_password = getattr(self, "_password", None) is not None  # set by set_password()
        super().save(*args, **kwargs)
        if new_password:
            self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_left(self, today: date | None = None) -> bool:
        """Past the leave date: no sign-in of any kind from the day after it."""
        return self.leave_date is not None and self.leave_date < (today or timezone.localdate())

    @property
    def may_sign_in(self) -> bool:
        return self.is_active and self.erased_at is None and not self.has_left()

    @property
    def initials(self) -> str:
        parts = [p for p in self.full_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or self.email[:1].upper()


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once, when created.

    Every token expires (its owner chooses when, at creation) and all of a person's tokens are
    revoked when their password is changed or reset.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
