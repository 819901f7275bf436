"""Pages for kudos, spotlights, points, badges and leaderboards."""

from __future__ import annotations

from django.urls import URLPattern

from uplift.web.navigation import NavItem

urlpatterns: list[URLPattern] = []

nav_items: tuple[NavItem, ...] = ()
