"""Pages for finding things: the global search, the people directory and the people pickers'
type-ahead."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import search

urlpatterns: list[URLPattern] = [
    path("search/", search.search, name="search"),
    path("directory/", search.people_directory, name="people_directory"),
    path("people/pick/", search.people_pick, name="people_pick"),
]

# Beside the feed: the directory is where one finds a colleague to thank or to ask for help.
nav_items: tuple[NavItem, ...] = (
    NavItem(
        "People", "people_directory", "person-lines-fill", frozenset(Role.values), 5, "recognition"
    ),
)
