from django.contrib import admin

from uplift.practices.models import Adoption, Practice


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin[Practice]):
    list_display = ("title", "status", "organisation", "created_at")
    list_filter = ("organisation", "status")
    search_fields = ("title",)


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin[Adoption]):
    list_display = ("practice", "person", "stage", "practising_on", "source")
    list_filter = ("stage", "source")
    raw_id_fields = ("person", "practice")
