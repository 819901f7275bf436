"""Kudos, leader spotlights, the append-only points ledger and its rules, badges.

The ledger (`PointsEntry`) is never edited: a correction is a reversal row pointing at the entry it
cancels. Every entry carries a de-duplication key that is unique in its organisation, so deriving
the same event twice, even from two processes at once, awards it once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

KUDOS_MESSAGE_MAX = 500
SPOTLIGHT_MESSAGE_MAX = 1000


class Kudos(models.Model):
    """Thanks from one colleague to another, optionally for a practice or for help given."""

    class Reason(models.TextChoices):
        GENERAL = "general", "General thanks"
        PRACTICE = "practice", "A practice they shared"
        COACHING = "coaching", "A coaching session"
        ROLE_PLAY = "role_play", "A role play"
        HELP = "help", "Help given"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="kudos"
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_given"
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_received"
    )
    message = models.TextField(max_length=KUDOS_MESSAGE_MAX)
    reason = models.CharField(max_length=16, choices=Reason.choices, default=Reason.GENERAL)
    practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kudos",
    )
    # A coaching session or role play (uplift.coaching) the kudos thanks someone for; by id, so
    # the kudos survives the session's deletion and does not depend on the coaching schema.
    session_id = models.PositiveIntegerField(null=True, blank=True)
    help_description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name_plural = "kudos"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")), name="kudos_not_to_oneself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver}"


KUDOS_COMMENT_MAX = 500


class KudosReaction(models.Model):
    """One person's reaction to a kudos, from a small fixed set; at most one of each kind per
    person (reacting again takes it back)."""

    class Kind(models.TextChoices):
        THANKS = "thanks", "Thanks"
        APPLAUSE = "applause", "Well deserved"
        LEARNED = "learned", "Learned from it"
        HEART = "heart", "Love it"

    kudos = models.ForeignKey(Kudos, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_reactions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kudos", "person", "kind"], name="kudos_reaction_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} on kudos {self.kudos_id}"


class KudosComment(models.Model):
    """A comment under a kudos, seen by everyone who sees the kudos."""

    kudos = models.ForeignKey(Kudos, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_comments"
    )
    body = models.TextField(max_length=KUDOS_COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_id} on kudos {self.kudos_id}"


class Spotlight(models.Model):
    """A leader's public thanks to a contributor, with the evidence captured when posted."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="spotlights"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spotlights_written"
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spotlights"
    )
    practice = models.ForeignKey(
        "practices.Practice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spotlights",
    )
    message = models.TextField(max_length=SPOTLIGHT_MESSAGE_MAX)
    evidence = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Spotlight on {self.contributor}"


class RecognitionSettings(models.Model):
    """Per-organisation settings: where spotlights are also posted."""

    class TeamsFormat(models.TextChoices):
        MESSAGE_CARD = "message_card", "MessageCard (Office 365 connector)"
        ADAPTIVE_CARD = "adaptive_card", "Adaptive Card (Workflows)"

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="recognition_settings"
    )
    slack_webhook_url = models.URLField(max_length=500, blank=True)
    teams_webhook_url = models.URLField(max_length=500, blank=True)
    teams_format = models.CharField(
        max_length=16, choices=TeamsFormat.choices, default=TeamsFormat.MESSAGE_CARD
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Recognition settings of {self.organisation}"


class WebhookDelivery(models.Model):
    """One attempt series at posting a spotlight to Slack or Teams, and how it ended."""

    class Channel(models.TextChoices):
        SLACK = "slack", "Slack"
        TEAMS = "teams", "Microsoft Teams"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    spotlight = models.ForeignKey(Spotlight, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    url = models.URLField(max_length=500)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.spotlight} ({self.status})"


class PointsRule(models.Model):
    """How many points an event earns, and who receives them: stored as data, edited by admins."""

    class Event(models.TextChoices):
        PRACTICE_SHARED = "practice_shared", "Shared a practice"
        PRACTICE_APPROVED = "practice_approved", "Practice approved"
        PRACTICE_ADOPTED = "practice_adopted", "Practice adopted by someone else"
        COACHING_PARTNERED = "coaching_partnered", "Coached someone"
        ROLE_PLAY_PARTNERED = "role_play_partnered", "Partnered a role play"
        KUDOS_RECEIVED = "kudos_received", "Kudos received"
        KUDOS_GIVEN = "kudos_given", "Kudos given"

    class Recipient(models.TextChoices):
        ACTOR = "actor", "The person who acted"
        CONTRIBUTORS = "contributors", "The practice's contributors"
        RECEIVER = "receiver", "The person who received"

    class Period(models.TextChoices):
        DAY = "day", "Day"
        WEEK = "week", "Week"
        MONTH = "month", "Month"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="points_rules"
    )
    event = models.CharField(max_length=24, choices=Event.choices)
    points = models.IntegerField()
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    cap = models.PositiveIntegerField(
        null=True, blank=True, help_text="At most this many awards per person and period."
    )
    cap_period = models.CharField(max_length=8, choices=Period.choices, default=Period.MONTH)
    dedup_template = models.CharField(
        max_length=200,
        help_text="Placeholders: {event}, {source_id}, {person_id}, {period}. One award per key.",
    )
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["event"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "event"], name="one_points_rule_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.points}"


class LedgerIsAppendOnlyError(Exception):
    """Points entries are never changed or deleted: corrections are reversal rows."""


class PointsEntryQuerySet(models.QuerySet["PointsEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise LedgerIsAppendOnlyError("The points ledger is append-only; add a reversal instead.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LedgerIsAppendOnlyError("The points ledger is append-only; add a reversal instead.")


class PointsEntry(models.Model):
    """One line of the append-only points ledger."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="points_entries"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_entries"
    )
    points = models.IntegerField()
    event = models.CharField(max_length=24)
    rule = models.ForeignKey(
        PointsRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    dedup_key = models.CharField(max_length=255)
    source_id = models.PositiveIntegerField(null=True, blank=True)
    occurred_on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PointsEntryQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-occurred_on", "-id"]
        verbose_name_plural = "points entries"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "dedup_key"], name="points_entry_dedup_key_unique"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["organisation", "person", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.points:+d} ({self.event})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LedgerIsAppendOnlyError("Points entries are never changed; add a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LedgerIsAppendOnlyError("Points entries are never deleted; add a reversal.")


class Badge(models.Model):
    """A badge with levels, earned by a count reaching each level's threshold or given by a
    leader."""

    class Measure(models.TextChoices):
        APPROVED_PRACTICES = "approved_practices", "Approved practices contributed"
        ADOPTERS_REACHED = "adopters_reached", "People who adopted their practices"
        PEOPLE_HELPED = "people_helped", "Coaching and role-play partnering given"
        KUDOS_RECEIVED = "kudos_received", "Kudos received"
        MANUAL = "manual", "Given by a leader"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="badges"
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    icon = models.CharField(max_length=40, default="award")
    measure = models.CharField(max_length=24, choices=Measure.choices)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="badge_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class BadgeLevel(models.Model):
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(max_length=40)
    rank = models.PositiveSmallIntegerField(help_text="1 for the first level, then 2, 3…")
    threshold = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar = ["badge", "rank"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["badge", "rank"], name="badge_level_rank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.badge} · {self.name}"


class BadgeAward(models.Model):
    """A person holding one level of a badge; `awarded_by` is empty when a rule awarded it."""

    level = models.ForeignKey(BadgeLevel, on_delete=models.CASCADE, related_name="awards")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards"
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=300, blank=True)
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-awarded_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["level", "person"], name="one_award_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.level} → {self.person}"
