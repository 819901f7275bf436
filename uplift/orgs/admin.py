from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from uplift.orgs.models import ApiToken, Organisation, Person, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "slug", "revenue_leaderboards", "created_at")
    search_fields = ("name", "slug")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "kind", "parent", "manager", "organisation")
    list_filter = ("organisation", "kind")
    search_fields = ("name",)
    raw_id_fields = ("manager", "parent")


@admin.register(Person)
class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    ordering = ("full_name",)
    list_display = ("full_name", "email", "role", "team", "manager", "is_active", "is_staff")
    list_filter = ("organisation", "role", "is_active", "is_staff")
    search_fields = ("full_name", "email", "crm_user_id")
    raw_id_fields = ("team", "manager")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "title", "organisation", "role", "team", "manager")}),
        ("CRM", {"fields": ("crm_user_id", "hire_date")}),
        ("Back-office", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = (
        "name",
        "person",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = ("prefix", "key_hash")
    raw_id_fields = ("person",)
