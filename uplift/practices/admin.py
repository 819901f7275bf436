from django.contrib import admin

from uplift.practices.models import (
    Adoption,
    Practice,
    PracticeComment,
    PracticeEvent,
    PracticeEvidence,
    PracticeVersion,
)


class EvidenceInline(admin.TabularInline[PracticeEvidence, Practice]):
    model = PracticeEvidence
    extra = 0


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin[Practice]):
    list_display = ("title", "status", "version", "sponsor", "organisation", "updated_at")
    list_filter = ("organisation", "status")
    search_fields = ("title",)
    raw_id_fields = ("sponsor", "created_by")
    filter_horizontal = ("contributors",)
    inlines = (EvidenceInline,)


@admin.register(PracticeVersion)
class PracticeVersionAdmin(admin.ModelAdmin[PracticeVersion]):
    list_display = ("practice", "number", "changed_by", "changed_at", "summary")
    raw_id_fields = ("practice", "changed_by")


@admin.register(PracticeEvent)
class PracticeEventAdmin(admin.ModelAdmin[PracticeEvent]):
    list_display = ("practice", "kind", "actor", "at")
    list_filter = ("kind",)
    raw_id_fields = ("practice", "actor")


@admin.register(PracticeComment)
class PracticeCommentAdmin(admin.ModelAdmin[PracticeComment]):
    list_display = ("practice", "author", "is_question", "created_at")
    raw_id_fields = ("practice", "author", "parent")


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin[Adoption]):
    list_display = ("practice", "person", "stage", "practising_on", "habitual_basis", "source")
    list_filter = ("stage", "source")
    raw_id_fields = ("person", "practice", "demonstrated_by", "habitual_by")
