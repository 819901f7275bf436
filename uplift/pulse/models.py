"""The engagement pulse: an organisation's questions and cadence, its rounds, and the answers.

Answers are anonymous by construction. Nothing stores what one person answered:

- `PulseParticipation` says only that a person answered a round (so nobody answers twice, and
  participation can be counted); it holds no answer and no time;
- `PulseTeamAnswers` and `PulseTally` are counts per round and team: how many people of the team
  answered, and how many of them gave each value to each question. The first answer of a team
  creates every count of the round for it at zero, in the order of the questions and values, and
  each answer then adds one to counts that hold the others' answers: no row, id, order or time
  stands for one person, and one person's answers to different questions are never kept together.

Neither count is registered in the Django admin; pages and the API show them only through
`uplift.pulse.grouping`, in groups of at least five people, once a round has closed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_ACTIVE_QUESTIONS = 5


def period_label(opens_on: date, closes_on: date) -> str:
    """'January 2026', or 'January to March 2026' for a round of several months."""
    if (opens_on.year, opens_on.month) == (closes_on.year, closes_on.month):
        return f"{opens_on:%B %Y}"
    if opens_on.year == closes_on.year:
        return f"{opens_on:%B} to {closes_on:%B %Y}"
    return f"{opens_on:%B %Y} to {closes_on:%B %Y}"


class PulseSurvey(models.Model):
    """An organisation's pulse: how often a round opens. Created, with default questions, the
    first time anyone opens the pulse."""

    class Cadence(models.IntegerChoices):
        MONTHLY = 1, "Every month"
        TWO_MONTHS = 2, "Every two months"
        QUARTERLY = 3, "Every quarter"

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="pulse_survey"
    )
    cadence_months = models.PositiveSmallIntegerField(
        choices=Cadence.choices, default=Cadence.MONTHLY
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Pulse of {self.organisation}"


class PulseQuestion(models.Model):
    """A question the enablement admin asks; at most five are active at a time."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement, 1 (strongly disagree) to 5 (strongly agree)"
        RECOMMEND = "recommend", "Recommend, 0 (not at all likely) to 10 (extremely likely): eNPS"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="pulse_questions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.AGREEMENT)
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    retired_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_active(self) -> bool:
        return self.retired_on is None


class PulseRound(models.Model):
    """One round of the pulse, open from `opens_on` to `closes_on` (both included)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="pulse_rounds"
    )
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        ordering: ClassVar = ["-opens_on"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "opens_on"], name="pulse_round_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse {self.label}"

    @property
    def label(self) -> str:
        return period_label(self.opens_on, self.closes_on)

    @property
    def next_opens_on(self) -> date:
        return self.closes_on + timedelta(days=1)


class PulseRoundQuestion(models.Model):
    """A question as it was asked in a round: the questions are fixed when the round opens (and
    follow the admin's edits while nobody has answered it), so everyone answers the same ones."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(PulseQuestion, on_delete=models.PROTECT, related_name="asked")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=PulseQuestion.Kind.choices)
    text = models.CharField(max_length=300)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "question"], name="pulse_question_once"),
        ]

    def __str__(self) -> str:
        return self.text


class PulseParticipation(models.Model):
    """That a person answered a round: never what, never when."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_participations"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "person"], name="pulse_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} answered {self.round}"


class PulseTeamAnswers(models.Model):
    """How many people of a team (None: people in no team) answered a round."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="team_answers")
    team = models.ForeignKey("orgs.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.round}: {self.answers} answers"


class PulseTally(models.Model):
    """How many people of a team gave `value` to a question of a round."""

    question = models.ForeignKey(
        PulseRoundQuestion, on_delete=models.CASCADE, related_name="tallies"
    )
    team = models.ForeignKey("orgs.Team", null=True, on_delete=models.SET_NULL, related_name="+")
    value = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.question}: {self.value} x {self.count}"
