"""Pages for the impact of practices and coaching, credit, and the Team Sales IQ."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views.impact import pages

urlpatterns: list[URLPattern] = [
    path("leader/impact/", pages.impact_dashboard, name="impact_dashboard"),
    download_path("leader/impact/", pages.impact_download, "impact_download"),
    path("team/iq/", pages.team_iq_page, name="team_iq"),
    path("impact/iq/", pages.team_iq_fragment, name="team_iq_fragment"),
    path(
        "practices/<int:practice_id>/impact/",
        pages.practice_impact_page,
        name="practice_impact",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Impact", "impact_dashboard", "graph-up-arrow", frozenset({Role.LEADER}), 20, "performance"
    ),
    NavItem("Team IQ", "team_iq", "speedometer2", frozenset({Role.MANAGER}), 20, "performance"),
)
