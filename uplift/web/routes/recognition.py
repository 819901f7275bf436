"""Pages for kudos, spotlights, points, badges and leaderboards."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import (
    recognition,
    recognition_admin,
    recognition_kudos,
    recognition_leaders,
)

urlpatterns: list[URLPattern] = [
    path("recognition/", recognition.recognition_feed, name="recognition_feed"),
    path("recognition/kudos/", recognition.recognition_kudos_give, name="recognition_kudos_give"),
    path(
        "recognition/kudos/<int:kudos_id>/",
        recognition_kudos.recognition_kudos,
        name="recognition_kudos",
    ),
    path(
        "recognition/kudos/<int:kudos_id>/react/",
        recognition_kudos.recognition_kudos_react,
        name="recognition_kudos_react",
    ),
    path(
        "recognition/kudos/<int:kudos_id>/comments/",
        recognition_kudos.recognition_kudos_comment,
        name="recognition_kudos_comment",
    ),
    path("recognition/me/", recognition.recognition_my_points, name="recognition_my_points"),
    path(
        "recognition/leaderboards/",
        recognition.recognition_leaderboards,
        name="recognition_leaderboards",
    ),
    path(
        "recognition/spotlights/new/",
        recognition_leaders.recognition_spotlight_new,
        name="recognition_spotlight_new",
    ),
    path(
        "recognition/spotlights/evidence/",
        recognition_leaders.recognition_spotlight_evidence,
        name="recognition_spotlight_evidence",
    ),
    path(
        "recognition/spotlights/",
        recognition_leaders.recognition_spotlight_post,
        name="recognition_spotlight_post",
    ),
    path(
        "recognition/badges/give/",
        recognition_leaders.recognition_badge_give,
        name="recognition_badge_give",
    ),
    path("recognition/admin/", recognition_admin.recognition_admin, name="recognition_admin"),
    path(
        "recognition/admin/rules/<int:rule_id>/",
        recognition_admin.recognition_rule_update,
        name="recognition_rule_update",
    ),
    path(
        "recognition/admin/levels/<int:level_id>/",
        recognition_admin.recognition_level_update,
        name="recognition_level_update",
    ),
    path(
        "recognition/admin/settings/",
        recognition_admin.recognition_settings_save,
        name="recognition_settings_save",
    ),
    path(
        "recognition/admin/entries/<int:entry_id>/reverse/",
        recognition_admin.recognition_entry_reverse,
        name="recognition_entry_reverse",
    ),
    path(
        "recognition/admin/sync/",
        recognition_admin.recognition_sync_start,
        name="recognition_sync_start",
    ),
]

EVERYONE = frozenset(Role.values)
nav_items: tuple[NavItem, ...] = (
    NavItem("Kudos feed", "recognition_feed", "heart", EVERYONE, 10, "recognition"),
    NavItem(
        "Leaderboards", "recognition_leaderboards", "bar-chart-steps", EVERYONE, 20, "recognition"
    ),
    NavItem(
        "Recognition rules",
        "recognition_admin",
        "sliders2",
        frozenset({Role.ADMIN}),
        90,
        "recognition",
    ),
)
