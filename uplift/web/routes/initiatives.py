"""Pages for the sharing initiatives: the charter, partners and commitments, sessions, mentoring
and the initiative's health."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views.initiatives import charter, health, mentoring, sessions

ONE = "initiatives/<int:initiative_id>"
SESSION = "initiatives/sessions/<int:sharing_session_id>"

urlpatterns: list[URLPattern] = [
    path("initiatives/", charter.initiatives_list, name="initiatives_list"),
    path("initiatives/new/", charter.initiatives_new, name="initiatives_new"),
    path(f"{ONE}/", charter.initiatives_detail, name="initiatives_detail"),
    path(f"{ONE}/invite/", charter.initiatives_invite, name="initiatives_invite"),
    path(f"{ONE}/invitation/", charter.initiatives_invitation, name="initiatives_invitation"),
    path(f"{ONE}/pledge/", charter.initiatives_pledge, name="initiatives_pledge"),
    path(f"{ONE}/commitments/", charter.initiatives_commitments, name="initiatives_commitments"),
    path(f"{ONE}/close/", charter.initiatives_close, name="initiatives_close"),
    path(f"{ONE}/health/", health.initiatives_health, name="initiatives_health"),
    path(f"{ONE}/sessions/new/", sessions.initiatives_session_new, name="initiatives_session_new"),
    path(f"{ONE}/mentoring/", mentoring.initiatives_pair_new, name="initiatives_pair_new"),
    path(f"{SESSION}/", sessions.initiatives_session, name="initiatives_session"),
    path(
        f"{SESSION}/attendance/",
        sessions.initiatives_session_attendance,
        name="initiatives_session_attendance",
    ),
    path(f"{SESSION}/notes/", sessions.initiatives_session_notes, name="initiatives_session_notes"),
    path(f"{SESSION}/draft/", sessions.initiatives_session_draft, name="initiatives_session_draft"),
    path(
        f"{SESSION}/cancel/", sessions.initiatives_session_cancel, name="initiatives_session_cancel"
    ),
    path(f"{SESSION}/invite.ics", sessions.initiatives_session_ics, name="initiatives_session_ics"),
    path(
        "initiatives/mentoring/<int:pair_id>/decide/",
        mentoring.initiatives_pair_decide,
        name="initiatives_pair_decide",
    ),
    path(
        "initiatives/mentoring/<int:pair_id>/check-ins/",
        mentoring.initiatives_check_in,
        name="initiatives_check_in",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Sharing initiative",
        "initiatives_list",
        "people-fill",
        frozenset(Role.values),
        70,
        "practices",
    ),
)
