"""Pages of the audit trail."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views import audit

urlpatterns: list[URLPattern] = [
    path("audit/", audit.audit_search, name="audit_search"),
    download_path("audit/", audit.audit_download, "audit_download"),
    path("audit/retention/", audit.audit_retention, name="audit_retention"),
    path("audit/mine/", audit.audit_mine, name="audit_mine"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Audit trail",
        "audit_search",
        "journal-text",
        frozenset({Role.ADMIN, Role.LEADER}),
        95,
        "admin",
    ),
)
