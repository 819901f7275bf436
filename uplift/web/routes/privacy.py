"""Pages of personal data: export and erasure, and how long coaching notes are kept."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import privacy

urlpatterns: list[URLPattern] = [
    path("privacy/", privacy.privacy_home, name="privacy_home"),
    path("privacy/people/<int:person_id>/", privacy.privacy_person, name="privacy_person"),
    path(
        "privacy/people/<int:person_id>/export.zip",
        privacy.privacy_person_export,
        name="privacy_person_export",
    ),
    path(
        "privacy/people/<int:person_id>/erase/",
        privacy.privacy_person_erase,
        name="privacy_person_erase",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem("Personal data", "privacy_home", "shield-lock", frozenset({Role.ADMIN}), 96, "admin"),
)
