"""Pages of the engagement pulse."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import pulse

urlpatterns: list[URLPattern] = [
    path("pulse/", pulse.pulse_home, name="pulse_home"),
    path("pulse/results/", pulse.pulse_results, name="pulse_results"),
    path("pulse/questions/", pulse.pulse_questions, name="pulse_questions"),
    path(
        "pulse/questions/<int:question_id>/",
        pulse.pulse_question_edit,
        name="pulse_question_edit",
    ),
    path(
        "pulse/questions/<int:question_id>/move/",
        pulse.pulse_question_move,
        name="pulse_question_move",
    ),
    path(
        "pulse/questions/<int:question_id>/retire/",
        pulse.pulse_question_retire,
        name="pulse_question_retire",
    ),
    path("pulse/cadence/", pulse.pulse_cadence, name="pulse_cadence"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem("Pulse", "pulse_home", "activity", frozenset(Role.values), 80, "recognition"),
    NavItem(
        "Team pulse",
        "pulse_results",
        "heart-pulse",
        frozenset({Role.MANAGER, Role.LEADER}),
        85,
        "recognition",
    ),
    NavItem(
        "Pulse questions", "pulse_questions", "ui-checks", frozenset({Role.ADMIN}), 85, "admin"
    ),
)
