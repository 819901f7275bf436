from django.contrib import admin

from uplift.insights.models import AnalysisRun, Snapshot


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin[AnalysisRun]):
    list_display = ("organisation", "as_of", "status", "started_at", "seconds")
    list_filter = ("status", "organisation")


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
    list_display = ("run", "kind")
    list_filter = ("kind",)
