"""Writing: the Markdown editor's live preview (a card's sections, a debrief's guide and notes)."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.web.navigation import NavItem
from uplift.web.views import markdown

urlpatterns: list[URLPattern] = [
    path("markdown/preview/", markdown.markdown_preview, name="markdown_preview"),
]

nav_items: tuple[NavItem, ...] = ()
