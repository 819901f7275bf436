"""Pages for formal recognition events."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import awards

urlpatterns: list[URLPattern] = [
    path("awards/", awards.awards_events, name="awards_events"),
    path("awards/<int:event_id>/", awards.awards_event, name="awards_event"),
    path("awards/<int:event_id>/nominate/", awards.awards_nominate, name="awards_nominate"),
    path("awards/<int:event_id>/evidence/", awards.awards_evidence, name="awards_evidence"),
    path("awards/<int:event_id>/status/", awards.awards_status, name="awards_status"),
    path("awards/<int:event_id>/decide/", awards.awards_decide, name="awards_decide"),
    path("awards/<int:event_id>/programme.pdf", awards.awards_programme, name="awards_programme"),
    path(
        "awards/nominations/<int:nomination_id>/shortlist/",
        awards.awards_shortlist,
        name="awards_shortlist",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem("Awards", "awards_events", "trophy", frozenset(Role.values), 75, "recognition"),
)
