"""Competencies, assessments on their rubric, and manager-owned development plans."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

LEVELS = (1, 2, 3, 4, 5)
LEVEL_NAMES: dict[int, str] = {
    1: "Beginning",
    2: "Developing",
    3: "Proficient",
    4: "Advanced",
    5: "Role model",
}


class Competency(models.Model):
    """One skill of an organisation's framework with a behavioural rubric of five levels.

    `slug` is stable: practices tag competencies by it and role-play rubrics key on it.
    `levels` holds five strings, the behaviour seen at level 1 to level 5.
    """

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="competencies"
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    levels = models.JSONField(default=list, help_text="Five rubric descriptions, level 1 to 5.")
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["position", "name"]
        verbose_name_plural = "competencies"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="competency_slug_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rubric(self) -> list[tuple[int, str, str]]:
        """(level, level name, behaviour) for levels 1 to 5."""
        texts = list(self.levels) + [""] * (len(LEVELS) - len(self.levels))
        return [(level, LEVEL_NAMES[level], texts[level - 1]) for level in LEVELS]


class Assessment(models.Model):
    """A rating of a rep on every competency of the framework, by their manager or by themself."""

    class Kind(models.TextChoices):
        MANAGER = "manager", "Manager assessment"
        SELF = "self", "Self assessment"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="assessments"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessments_given",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    assessed_on = models.DateField()
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-assessed_on", "-created_at"]
        indexes: ClassVar = [models.Index(fields=["subject", "kind", "-assessed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.subject} on {self.assessed_on}"


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["competency__position"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="one_rating_per_competency"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="rating_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency}: {self.level}"


class DevelopmentPlan(models.Model):
    """A rep's development plan, owned by their manager. A rep has at most one active plan."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="development_plans"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_plans"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_development_plans",
    )
    goal = models.TextField(help_text="What the plan should achieve, in the rep's words.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField()
    target_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    competencies = models.ManyToManyField(Competency, blank=True, related_name="plans")
    practices = models.ManyToManyField(
        "practices.Practice", blank=True, related_name="development_plans"
    )
    behaviour_metric = models.CharField(max_length=80, blank=True)
    behaviour_baseline = models.FloatField(null=True, blank=True)
    behaviour_target = models.FloatField(null=True, blank=True)
    outcome_metric = models.CharField(max_length=80, blank=True)
    outcome_baseline = models.FloatField(null=True, blank=True)
    outcome_target = models.FloatField(null=True, blank=True)
    baseline_as_of = models.DateField(
        null=True, blank=True, help_text="As-of day of the analysis the baselines were read from."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-started_on", "-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["rep"], condition=Q(status="active"), name="one_active_plan_per_rep"
            )
        ]

    def __str__(self) -> str:
        return f"Plan for {self.rep} from {self.started_on}"


class Milestone(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=32,
        default="manual",
        help_text="'manual' when written on the plan; 'coaching' for a coaching action item.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class CheckIn(models.Model):
    """A manager and rep reviewing the plan together."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_on = models.DateField()
    notes = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Check-in on {self.held_on}"


class PlanComment(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.created_at:%Y-%m-%d}"


class MilestoneReminder(models.Model):
    """A reminder sent about an overdue milestone; one per milestone per day at most."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["milestone", "sent_on"], name="one_reminder_per_milestone_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder about {self.milestone} on {self.sent_on}"
