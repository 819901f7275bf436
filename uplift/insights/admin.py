from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from uplift.insights.models import AnalysisRun, Snapshot
from uplift.insights.runs import analysis_runs_expire


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin[AnalysisRun]):
    list_display = ("organisation", "as_of", "status", "started_at", "seconds", "error")
    list_filter = ("status", "organisation")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AnalysisRun, Any]:
        analysis_runs_expire()  # a run whose process was killed shows as interrupted, not running
        return super().get_queryset(request)


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
    list_display = ("run", "kind")
    list_filter = ("kind",)
