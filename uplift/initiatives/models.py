"""A sharing initiative and what hangs off it.

- `Initiative`: the charter a leader launches — purpose, sponsor, owner, scope, period, the
  target on the organisation's performance definition and the baseline frozen at launch, the
  cadence of sessions; closed with a written retrospective, never deleted.
- `Partner`: a star invited to join, who accepts or declines in the app.
- `Commitment`: one person's number of one kind of contribution in one period (a partner's
  debriefs this quarter, a leader's spotlights this month). Kept or missed is never stored: it
  is counted from the records (`uplift.initiatives.progress`).
- `MentoringPair` and `CheckIn`: a partner mentoring a core rep, agreed with the rep's manager.
- `SharingSession` and `Attendance`: win-story huddles, role-play clinics, ask-a-star hours.
- `InitiativeEvent`: the initiative's history; `Notice`: what was sent, once each.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from uplift.initiatives.kinds import CHOICES as KIND_CHOICES


class Initiative(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        CLOSED = "closed", "Closed"

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every two weeks"
        MONTHLY = "monthly", "Every month"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="initiatives"
    )
    name = models.CharField(max_length=120)
    purpose = models.TextField()
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="initiatives_sponsored",
        help_text="The executive who sponsors it: a leader.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="initiatives_owned",
        help_text="Who runs it day to day: an enablement admin.",
    )
    scope_team = models.ForeignKey(
        "orgs.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text="The team (with the teams under it) it covers; empty for the organisation.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    target_close_fraction = models.FloatField(
        help_text="The share of the star-core gap to close, e.g. 0.25."
    )
    target_quarters = models.PositiveSmallIntegerField(help_text="Within how many quarters.")
    target_metric = models.CharField(
        max_length=32, help_text="The performance definition the target is stated on."
    )
    baseline = models.JSONField(
        default=dict, help_text="The star-core gap of the analysis at launch, frozen."
    )
    cadence = models.CharField(max_length=16, choices=Cadence.choices, default=Cadence.FORTNIGHTLY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    retrospective = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-starts_on", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="initiative_name_unique_in_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(target_close_fraction__gt=0)
                & models.Q(target_close_fraction__lte=1),
                name="initiative_target_fraction_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING


class InitiativeEvent(models.Model):
    """What happened to an initiative and who did it: its history."""

    class Kind(models.TextChoices):
        LAUNCHED = "launched", "Launched"
        INVITED = "invited", "Partner invited"
        ACCEPTED = "accepted", "Partner accepted"
        DECLINED = "declined", "Partner declined"
        COMMITTED = "committed", "Commitments set"
        PAIRED = "paired", "Mentoring pair agreed"
        CLOSED = "closed", "Closed"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_kind_display()}"


class Partner(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_partnerships"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INVITED)
    evidence = models.JSONField(
        default=dict, blank=True, help_text="Why they were proposed: their band and P(star)."
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["initiative", "person__full_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["initiative", "person"], name="one_partnership_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.initiative} ({self.get_status_display()})"


class Commitment(models.Model):
    """`person` commits to `target` records of `kind` between `starts_on` and `ends_on`."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="commitments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_commitments"
    )
    kind = models.CharField(max_length=24, choices=KIND_CHOICES)
    target = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["starts_on", "person__full_name", "kind"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["initiative", "person", "kind", "starts_on"],
                name="one_commitment_per_kind_and_period",
            ),
            models.CheckConstraint(condition=models.Q(target__gte=1), name="commitment_target_set"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.target} {self.kind} {self.starts_on}..{self.ends_on}"


class MentoringPair(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the manager"
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Declined by the manager"

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="mentoring_pairs"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_given"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_received"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    goal = models.CharField(max_length=300, blank=True)
    proposed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["mentor__full_name", "mentee__full_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["initiative", "mentor", "mentee"], name="one_pair_per_mentor_and_mentee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"


class CheckIn(models.Model):
    """A short note that a mentoring pair met."""

    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField()
    note = models.CharField(max_length=500)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pair} on {self.held_on}"


class SharingSession(models.Model):
    class Kind(models.TextChoices):
        WIN_STORY = "win_story", "Win-story huddle"
        CLINIC = "clinic", "Role-play clinic"
        OFFICE_HOURS = "office_hours", "Ask-a-star office hours"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sharing_sessions_hosted"
    )
    topic = models.CharField(max_length=200)
    practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sharing_sessions",
        help_text="The practice the topic is about.",
    )
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(blank=True)
    draft_practice = models.OneToOneField(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_from_session",
        help_text="The practice draft its notes became, credited to the host.",
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-scheduled_at"]
        indexes: ClassVar = [models.Index(fields=["initiative", "scheduled_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic}"

    @property
    def ends_at(self) -> datetime:
        return self.scheduled_at + timedelta(minutes=self.duration_minutes)


class Attendance(models.Model):
    session = models.ForeignKey(SharingSession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sharing_attendance"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "person"], name="attended_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.session}"


class Notice(models.Model):
    """A reminder or a warning sent, once: `key` names what it was about
    ("due:<commitment>", "missed:<commitment>", "chat:<initiative>:<week>")."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=80, unique=True)
    recipients = models.JSONField(default=list)
    sent_on = models.DateField()

    def __str__(self) -> str:
        return self.key
