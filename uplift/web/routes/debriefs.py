"""Pages for debriefs with the stars and their star profiles."""

from __future__ import annotations

from django.urls import URLPattern

from uplift.web.navigation import NavItem

urlpatterns: list[URLPattern] = []

nav_items: tuple[NavItem, ...] = ()
