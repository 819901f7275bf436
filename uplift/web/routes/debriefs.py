"""Pages for debriefs with the stars and their star profiles."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views import debriefs, debriefs_profiles

urlpatterns: list[URLPattern] = [
    path("debriefs/", debriefs.debriefs_list, name="debriefs"),
    path("debriefs/new/", debriefs.debrief_new, name="debrief_new"),
    path("debriefs/questions/", debriefs_profiles.debrief_questions, name="debrief_questions"),
    path(
        "debriefs/questions/<int:template_id>/",
        debriefs_profiles.debrief_question,
        name="debrief_question",
    ),
    path("debriefs/<int:debrief_id>/", debriefs.debrief_detail, name="debrief_detail"),
    path("debriefs/<int:debrief_id>/save/", debriefs.debrief_save, name="debrief_save"),
    path("debriefs/<int:debrief_id>/status/", debriefs.debrief_status, name="debrief_status"),
    path(
        "debriefs/<int:debrief_id>/practices/",
        debriefs.debrief_practice_new,
        name="debrief_practice_new",
    ),
    path("stars/", debriefs_profiles.star_profiles, name="star_profiles"),
    download_path("stars/", debriefs_profiles.star_profiles_download, "star_profiles_download"),
    path("stars/<int:person_id>/", debriefs_profiles.star_profile, name="star_profile"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem("Debriefs", "debriefs", "chat-square-quote", frozenset(Role.values), 50, "practices"),
    NavItem(
        "Star profiles",
        "star_profiles",
        "person-badge",
        frozenset({Role.MANAGER, Role.LEADER}),
        30,
        "performance",
    ),
    NavItem(
        "Star profiles", "star_profiles", "person-badge", frozenset({Role.ADMIN}), 55, "practices"
    ),
)
