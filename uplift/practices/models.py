"""Practices the stars share, and who adopted them when (the dates feed the impact estimates).

A practice card moves draft → in review → approved (→ retired). Once approved, each edit is kept
as a numbered `PracticeVersion`; what happened to a card (submitted, sent back, approved, edited)
is kept as `PracticeEvent`s.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from uplift.practices.card_fields import (
    MAX_TITLE,
    SECTION_FIELDS,
    TAG_FIELDS,
    CardSection,
    TagGroup,
)
from uplift.practices.tags import competency_label, stage_label


class CardColumns(models.Model):
    """The columns of a card's content, one per field of `CardContent`
    (`uplift/practices/card_fields.py`): on the card, and on each of its versions."""

    title = models.CharField(max_length=MAX_TITLE)
    problem = models.TextField(blank=True, help_text="The problem this practice solves.")
    when_to_use = models.TextField(blank=True)
    steps = models.TextField(blank=True, help_text="One step per line.")
    talk_tracks = models.TextField(blank=True, help_text="Talk tracks and examples.")
    stage_tags = models.JSONField(default=list, blank=True, help_text="Sales-stage slugs.")
    competency_tags = models.JSONField(default=list, blank=True, help_text="Competency slugs.")

    class Meta:
        abstract = True

    @property
    def sections(self) -> list[CardSection]:
        """The long texts, in the declared order, as the card shows them."""
        return [CardSection(field, getattr(self, field.name) or "") for field in SECTION_FIELDS]

    @property
    def tag_groups(self) -> list[TagGroup]:
        groups = []
        for field in TAG_FIELDS:
            slugs = getattr(self, field.name) or []
            groups.append(TagGroup(field, [(slug, field.tag_label(slug)) for slug in slugs]))
        return groups


class Practice(CardColumns):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        RETIRED = "retired", "Retired"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="practices"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contributed_practices"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_practices",
        help_text="The leader who reviews the card and sponsors it once approved.",
    )
    version = models.PositiveIntegerField(
        default=0, help_text="The current approved version's number; 0 before approval."
    )
    review_note = models.TextField(blank=True, help_text="Why the card was last sent back.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["title"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                "organisation", Lower("title"), name="practice_title_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def stage_labels(self) -> list[tuple[str, str]]:
        return [(slug, stage_label(slug)) for slug in self.stage_tags]

    @property
    def competency_labels(self) -> list[tuple[str, str]]:
        return [(slug, competency_label(slug)) for slug in self.competency_tags]


class PracticeEvidence(models.Model):
    """A behaviour metric behind the card: the stars' and the core's values when it was written
    (as `uplift report drivers` states them)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evidence")
    position = models.PositiveSmallIntegerField(default=0)
    behavior = models.CharField(
        max_length=80, help_text="Behaviour key, e.g. meetings_per_opportunity."
    )
    label = models.CharField(max_length=200)
    star = models.FloatField()
    core = models.FloatField()
    effect_size = models.FloatField(null=True, blank=True, help_text="Hedges' g, star vs core.")
    adjusted_difference = models.FloatField(
        null=True,
        blank=True,
        help_text="Star minus core on the same deal mix (the difference the q-value tests); "
        "its sign says which way the behaviour should move.",
    )
    q_value = models.FloatField(null=True, blank=True, help_text="False-discovery-adjusted.")
    n_star = models.PositiveIntegerField(null=True, blank=True)
    n_core = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["practice", "behavior"], name="one_evidence_row_per_behaviour"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: star {self.star:g} vs core {self.core:g}"


class PracticeVersion(CardColumns):
    """The card's text as approved (version 1) and after each later edit."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    evidence = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=300, blank=True, help_text="What changed, in a line.")
    changed_fields = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["practice", "number"], name="practice_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class PracticeEvent(models.Model):
    """What happened to a card and who did it: the review trail."""

    class Kind(models.TextChoices):
        CREATED = "created", "Drafted"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        RETIRED = "retired", "Retired"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_kind_display()}"


class PracticeComment(models.Model):
    """A comment or question on a card; a reply points at the comment it answers (one level)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField()
    is_question = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.practice}"


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
    demonstrated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The manager who confirmed the practice was demonstrated.",
    )
    habitual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    habitual_basis = models.CharField(
        max_length=16,
        blank=True,
        help_text="'metric' when the behaviour moved, 'manager' otherwise.",
    )
    note = models.TextField(blank=True, help_text="The latest note on this adoption.")
    habitual_evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="The behaviour before and after, when set by the metric.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["practice", "person"], name="one_adoption_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.practice} ({self.get_stage_display()})"

    @property
    def stage_index(self) -> int:
        return list(self.Stage.values).index(self.stage)
