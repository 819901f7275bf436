"""Pages for the future-leaders view."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views import leaders

urlpatterns: list[URLPattern] = [
    path("leader/future-leaders/", leaders.leaders, name="leaders"),
    path("leader/future-leaders/<int:person_id>/", leaders.leaders_person, name="leaders_person"),
    download_path("leader/future-leaders/", leaders.leaders_download, "leaders_download"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Future leaders", "leaders", "rocket-takeoff", frozenset({Role.LEADER}), 70, "performance"
    ),
)
