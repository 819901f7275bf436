"""Pages for coaching sessions and role play."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views.coaching import roleplays, scenarios, sessions

urlpatterns: list[URLPattern] = [
    path("coaching/", sessions.coaching_mine, name="coaching_mine"),
    path("coaching/team/", sessions.coaching_team, name="coaching_team"),
    download_path("coaching/team/", sessions.coaching_team_download, "coaching_team_download"),
    path("coaching/sessions/new/", sessions.coaching_session_new, name="coaching_session_new"),
    path("coaching/sessions/<int:session_id>/", sessions.coaching_session, name="coaching_session"),
    path(
        "coaching/sessions/<int:session_id>/edit/",
        sessions.coaching_session_edit,
        name="coaching_session_edit",
    ),
    path(
        "coaching/sessions/<int:session_id>/invite.ics",
        sessions.coaching_session_ics,
        name="coaching_session_ics",
    ),
    path(
        "coaching/sessions/<int:session_id>/action-items/",
        sessions.coaching_action_item_add,
        name="coaching_action_item_add",
    ),
    path(
        "coaching/action-items/<int:item_id>/done/",
        sessions.coaching_action_item_done,
        name="coaching_action_item_done",
    ),
    path(
        "coaching/action-items/<int:item_id>/milestone/",
        sessions.coaching_action_item_milestone,
        name="coaching_action_item_milestone",
    ),
    path("coaching/scenarios/", scenarios.coaching_scenarios, name="coaching_scenarios"),
    path("coaching/scenarios/new/", scenarios.coaching_scenario_new, name="coaching_scenario_new"),
    path(
        "coaching/scenarios/<int:scenario_id>/",
        scenarios.coaching_scenario,
        name="coaching_scenario",
    ),
    path(
        "coaching/scenarios/<int:scenario_id>/edit/",
        scenarios.coaching_scenario_edit,
        name="coaching_scenario_edit",
    ),
    path(
        "coaching/scenarios/<int:scenario_id>/status/",
        scenarios.coaching_scenario_status,
        name="coaching_scenario_status",
    ),
    path("coaching/role-plays/new/", roleplays.coaching_roleplay_new, name="coaching_roleplay_new"),
    path(
        "coaching/role-plays/<int:roleplay_id>/",
        roleplays.coaching_roleplay,
        name="coaching_roleplay",
    ),
    path(
        "coaching/role-plays/<int:roleplay_id>/score/",
        roleplays.coaching_roleplay_score,
        name="coaching_roleplay_score",
    ),
    path(
        "coaching/role-plays/<int:roleplay_id>/raters/",
        roleplays.coaching_roleplay_rater,
        name="coaching_roleplay_rater",
    ),
    path(
        "coaching/role-plays/<int:roleplay_id>/retry/",
        roleplays.coaching_roleplay_retry,
        name="coaching_roleplay_retry",
    ),
    path("coaching/calibration/", roleplays.coaching_calibration, name="coaching_calibration"),
    path(
        "coaching/progression/",
        roleplays.coaching_progression_mine,
        name="coaching_progression_mine",
    ),
    path(
        "coaching/people/<int:person_id>/progression/",
        roleplays.coaching_progression,
        name="coaching_progression",
    ),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "My coaching",
        "coaching_mine",
        "chat-square-heart",
        frozenset({Role.REP}),
        40,
        "development",
    ),
    NavItem(
        "Coaching",
        "coaching_team",
        "calendar-week",
        frozenset({Role.MANAGER, Role.LEADER}),
        40,
        "development",
    ),
    NavItem(
        "Role plays",
        "coaching_scenarios",
        "person-video3",
        frozenset(Role.values),
        45,
        "development",
    ),
)
