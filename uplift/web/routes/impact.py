"""Pages for the impact of practices and coaching, credit, and the Team Sales IQ."""

from __future__ import annotations

from django.urls import URLPattern

from uplift.web.navigation import NavItem

urlpatterns: list[URLPattern] = []

nav_items: tuple[NavItem, ...] = ()
