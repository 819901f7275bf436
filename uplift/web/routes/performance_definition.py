"""The page where leaders and enablement admins choose what "performance" means."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import performance_definition

urlpatterns: list[URLPattern] = [
    path(
        "settings/performance/",
        performance_definition.performance_definition_page,
        name="performance_definition",
    ),
    path(
        "settings/performance/preview/",
        performance_definition.performance_definition_preview,
        name="performance_definition_preview",
    ),
]

LABEL = "What performance means"
nav_items: tuple[NavItem, ...] = (
    NavItem(
        LABEL, "performance_definition", "sliders", frozenset({Role.LEADER}), 80, "performance"
    ),
    NavItem(LABEL, "performance_definition", "sliders", frozenset({Role.ADMIN}), 80, "admin"),
)
