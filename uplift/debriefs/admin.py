from django.contrib import admin

from uplift.debriefs.models import Debrief, QuestionTemplate


@admin.register(QuestionTemplate)
class QuestionTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("organisation", "stage", "position", "text", "is_active")
    list_filter = ("organisation", "stage", "is_active")


@admin.register(Debrief)
class DebriefAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("star", "interviewer", "scheduled_at", "status", "organisation")
    list_filter = ("organisation", "status")
    raw_id_fields = ("star", "interviewer", "scheduled_by", "co_contributors", "practices")
