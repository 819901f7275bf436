"""The back office sees what the pulse asks and how often, never its answers: the participation
records and the counts (`PulseParticipation`, `PulseTeamAnswers`, `PulseTally`) are not
registered here, so no one reaches them through the admin site (tests/pulse/test_privacy.py)."""

from django.contrib import admin

from uplift.pulse.models import PulseQuestion, PulseSurvey


@admin.register(PulseSurvey)
class PulseSurveyAdmin(admin.ModelAdmin[PulseSurvey]):
    list_display = ("organisation", "cadence_months", "created_at")


@admin.register(PulseQuestion)
class PulseQuestionAdmin(admin.ModelAdmin[PulseQuestion]):
    list_display = ("text", "kind", "position", "retired_on", "organisation")
    list_filter = ("organisation", "kind")
