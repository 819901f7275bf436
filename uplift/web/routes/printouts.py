"""Printable PDFs of pages (each beside its page's address; the page links to it)."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.web.navigation import NavItem
from uplift.web.views import printouts

urlpatterns: list[URLPattern] = [
    path(
        "leader/performance/stars-and-gap.pdf",
        printouts.leader_performance_pdf,
        name="leader_performance_pdf",
    ),
    path(
        "development/plans/<int:plan_id>/plan.pdf",
        printouts.development_plan_pdf,
        name="development_plan_pdf",
    ),
    path(
        "initiatives/<int:initiative_id>/health.pdf",
        printouts.initiatives_health_pdf,
        name="initiatives_health_pdf",
    ),
]

nav_items: tuple[NavItem, ...] = ()
