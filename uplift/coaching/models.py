"""Coaching sessions (1:1, call review, role play), their action items, the role-play scenario
library with its rubrics, and role plays scored by the coach and by peers.

Competencies are stored by slug (the agreed keys: `prospecting`, `discovery`, ...): a rubric's
scores stay readable when the framework is edited, and the slug is what practices and plans
share. `uplift.coaching.competencies` turns a slug into the organisation's own name.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

RUBRIC_LEVELS = 5  # every rubric item is scored 1 (not yet) .. 5 (role model)


class CoachingSession(models.Model):
    class Kind(models.TextChoices):
        ONE_ON_ONE = "one_on_one", "1:1"
        CALL_REVIEW = "call_review", "Call review"
        ROLE_PLAY = "role_play", "Role play"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="coaching_sessions"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_received"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_given",
        help_text="The rep's manager, or someone the manager named.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ONE_ON_ONE)
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    agenda = models.TextField(blank=True)
    call_reference = models.CharField(
        max_length=300, blank=True, help_text="For a call review: the call or deal looked at."
    )
    # Private to the rep, their manager chain and the session's coach; never in the invitation.
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Calendar revision: raised when the time or status changes."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-scheduled_at"]
        indexes: ClassVar = [models.Index(fields=["organisation", "scheduled_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.rep} with {self.coach}"

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        return self.scheduled_at + timedelta(minutes=self.duration_minutes)


class ActionItem(models.Model):
    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    milestone = models.OneToOneField(
        "development.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coaching_action_item",
        help_text="The development-plan milestone this item became, once it did.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class RolePlayScenario(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="roleplay_scenarios"
    )
    title = models.CharField(max_length=200)
    practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roleplay_scenarios",
    )
    competency = models.CharField(
        max_length=64, help_text="The competency slug this scenario trains."
    )
    buyer_persona = models.TextField()
    situation = models.TextField()
    objections = models.TextField(blank=True, help_text="One objection a line.")
    success_criteria = models.TextField(help_text="One criterion a line.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["title"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="scenario_title_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def objection_list(self) -> list[str]:
        return [line.strip() for line in self.objections.splitlines() if line.strip()]

    @property
    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.success_criteria.splitlines() if line.strip()]


class RubricItem(models.Model):
    """One thing the raters score, for one competency, with what each level 1..5 looks like."""

    scenario = models.ForeignKey(
        RolePlayScenario, on_delete=models.CASCADE, related_name="rubric_items"
    )
    competency = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    levels = models.JSONField(help_text="Five descriptions, for levels 1 to 5.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class RolePlaySession(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="roleplay_sessions"
    )
    scenario = models.ForeignKey(
        RolePlayScenario, on_delete=models.PROTECT, related_name="sessions"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roleplays"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="roleplays_coached"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="roleplays_partnered",
        help_text="Who played the buyer: the coach or a peer.",
    )
    coaching_session = models.ForeignKey(
        CoachingSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roleplays",
    )
    attempt = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retry"
    )
    held_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.scenario} · {self.rep} (attempt {self.attempt})"


class RolePlayRating(models.Model):
    """One rater's scoring of one role play: a score for every rubric item, and feedback."""

    class Kind(models.TextChoices):
        COACH = "coach", "Coach"
        PEER = "peer", "Peer"

    session = models.ForeignKey(RolePlaySession, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roleplay_ratings"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    feedback = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["kind", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["session", "rater"], name="one_rating_per_rater")
        ]

    def __str__(self) -> str:
        return f"{self.rater} on {self.session}"


class RubricScore(models.Model):
    rating = models.ForeignKey(RolePlayRating, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(RUBRIC_LEVELS)]
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["rating", "item"], name="one_score_per_item"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=RUBRIC_LEVELS),
                name="rubric_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"
