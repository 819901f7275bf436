"""Pages for competencies, assessments, development plans and accountability."""

from __future__ import annotations

from django.urls import URLPattern

from uplift.web.navigation import NavItem

urlpatterns: list[URLPattern] = []

nav_items: tuple[NavItem, ...] = ()
