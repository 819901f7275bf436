# ruff: noqa: E501  (one row per line: the matrix reads as a table)
"""Roles x endpoints rows for this capability's pages and API operations (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin). Paths are formatted with the
world as `w` (tests/conftest.py); rows that need an object name it in `path` through the world.

Recognition is public inside an organisation: every role reads the feed, kudos, spotlights and
leaderboards of every team; another company's records answer 404.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.access_cases import Case
from tests.conftest import World
from uplift.recognition.badges import badges_ensure
from uplift.recognition.ledger import ledger_sync
from uplift.recognition.models import BadgeLevel, Kudos, PointsEntry, PointsRule, Spotlight
from uplift.recognition.rules import points_rules_ensure


def _records(world: World) -> dict[str, Any]:
    """A kudos and a spotlight in each organisation, their ledger entries, rules and badges."""
    found: dict[str, Any] = {}
    for key, org, giver, receiver in (
        ("", world.org, world.art, world.ann),
        ("other_", world.other_org, world.olga, world.otto),
    ):
        kudos = Kudos.objects.create(
            organisation=org,
            giver=giver,
            receiver=receiver,
            message="Thanks",
            created_at=timezone.now(),
        )
        spotlight = Spotlight.objects.create(
            organisation=org, author=giver, contributor=receiver, message="Well done"
        )
        points_rules_ensure(organisation=org)
        badges_ensure(organisation=org)
        ledger_sync(organisation=org)
        found[f"{key}kudos"] = kudos
        found[f"{key}spotlight"] = spotlight
        found[f"{key}rule"] = PointsRule.objects.filter(organisation=org).first()
        found[f"{key}level"] = BadgeLevel.objects.filter(badge__organisation=org).first()
        found[f"{key}entry"] = PointsEntry.objects.filter(organisation=org).first()
    return found


R = _records
KUDOS = {"receiver": "", "message": ""}  # refused by the form: the feed again, with the error
RULE = {
    "points": 3,
    "recipient": "receiver",
    "cap": "",
    "cap_period": "week",
    "dedup_template": "{event}:{source_id}:{person_id}",
    "active": "on",
}
RULE_API = {
    "points": 3,
    "recipient": "receiver",
    "cap": None,
    "cap_period": "week",
    "dedup_template": "{event}:{source_id}:{person_id}",
    "active": True,
}
SETTINGS = {"slack_webhook_url": "", "teams_webhook_url": "", "teams_format": "message_card"}
API_KUDOS = {"receiver_id": 999999, "message": "Thanks for the call review"}
API_SPOTLIGHT = {"contributor_id": 999999, "message": "Thank you"}

CASES: list[Case] = [
    #     name                                   path                                                  anon rep  mgr  lead adm
    Case("recognition_feed", "/recognition/", (302, 200, 200, 200, 200)),
    Case("recognition_feed (a team)", "/recognition/?team={w.gamma.pk}", (302, 200, 200, 200, 200)),
    Case(
        "recognition_feed (another company's team)",
        "/recognition/?team={w.rival.pk}",
        (302, 404, 404, 404, 404),
    ),
    Case("recognition_feed (bad team)", "/recognition/?team=abc", (302, 400, 400, 400, 400)),
    Case(
        "recognition_kudos_give",
        "/recognition/kudos/",
        (302, 400, 400, 400, 400),
        "post",
        data=KUDOS,
    ),
    # A kudos, its reactions and comments: whoever sees the kudos (everyone in its organisation).
    Case(
        "recognition_kudos", "/recognition/kudos/{kudos.pk}/", (302, 200, 200, 200, 200), objects=R
    ),
    Case(
        "recognition_kudos (another company's)",
        "/recognition/kudos/{other_kudos.pk}/",
        (302, 404, 404, 404, 404),
        objects=R,
    ),
    Case(
        "recognition_kudos_react",
        "/recognition/kudos/{kudos.pk}/react/",
        (302, 302, 302, 302, 302),
        "post",
        objects=R,
        data={"kind": "thanks"},
    ),
    Case(
        "recognition_kudos_react (unknown reaction)",
        "/recognition/kudos/{kudos.pk}/react/",
        (302, 400, 400, 400, 400),
        "post",
        objects=R,
        data={"kind": "boo"},
    ),
    Case(
        "recognition_kudos_react (another company's)",
        "/recognition/kudos/{other_kudos.pk}/react/",
        (302, 404, 404, 404, 404),
        "post",
        objects=R,
        data={"kind": "thanks"},
    ),
    Case(
        "recognition_kudos_react (get)",
        "/recognition/kudos/{kudos.pk}/react/",
        (302, 405, 405, 405, 405),
        objects=R,
    ),
    Case(
        "recognition_kudos_comment",
        "/recognition/kudos/{kudos.pk}/comments/",
        (302, 302, 302, 302, 302),
        "post",
        objects=R,
        data={"body": "Well deserved!"},
    ),
    Case(
        "recognition_kudos_comment (empty)",
        "/recognition/kudos/{kudos.pk}/comments/",
        (302, 400, 400, 400, 400),
        "post",
        objects=R,
        data={"body": " "},
    ),
    Case(
        "recognition_kudos_comment (another company's)",
        "/recognition/kudos/{other_kudos.pk}/comments/",
        (302, 404, 404, 404, 404),
        "post",
        objects=R,
        data={"body": "Hi"},
    ),
    Case("recognition_my_points", "/recognition/me/", (302, 200, 200, 200, 200)),
    Case("recognition_leaderboards", "/recognition/leaderboards/", (302, 200, 200, 200, 200)),
    Case(
        "recognition_leaderboards (revenue off)",
        "/recognition/leaderboards/?board=revenue",
        (302, 404, 404, 404, 404),
    ),
    Case(
        "recognition_leaderboards (another company's team)",
        "/recognition/leaderboards/?team={w.rival.pk}",
        (302, 404, 404, 404, 404),
    ),
    Case("recognition_spotlight_new", "/recognition/spotlights/new/", (302, 403, 403, 200, 403)),
    Case(
        "recognition_spotlight_evidence",
        "/recognition/spotlights/evidence/?contributor={w.ann.pk}",
        (302, 403, 403, 200, 403),
    ),
    Case(
        "recognition_spotlight_evidence (another company's person)",
        "/recognition/spotlights/evidence/?contributor={w.otto.pk}",
        (302, 403, 403, 404, 403),
    ),
    Case(
        "recognition_spotlight_post",
        "/recognition/spotlights/",
        (302, 403, 403, 400, 403),
        "post",
        data={},
    ),
    Case(
        "recognition_badge_give",
        "/recognition/badges/give/",
        (302, 403, 403, 400, 403),
        "post",
        data={},
    ),
    Case("recognition_admin", "/recognition/admin/", (302, 403, 403, 403, 200)),
    Case(
        "recognition_rule_update",
        "/recognition/admin/rules/{rule.pk}/",
        (302, 403, 403, 403, 302),
        "post",
        R,
        RULE,
    ),
    Case(
        "recognition_rule_update (another company's)",
        "/recognition/admin/rules/{other_rule.pk}/",
        (302, 403, 403, 403, 404),
        "post",
        R,
        RULE,
    ),
    Case(
        "recognition_level_update",
        "/recognition/admin/levels/{level.pk}/",
        (302, 403, 403, 403, 302),
        "post",
        R,
        {"name": "Bronze", "threshold": 1},
    ),
    Case(
        "recognition_level_update (another company's)",
        "/recognition/admin/levels/{other_level.pk}/",
        (302, 403, 403, 403, 404),
        "post",
        R,
        {"name": "Bronze", "threshold": 1},
    ),
    Case(
        "recognition_settings_save",
        "/recognition/admin/settings/",
        (302, 403, 403, 403, 302),
        "post",
        data=SETTINGS,
    ),
    Case(
        "recognition_entry_reverse",
        "/recognition/admin/entries/{entry.pk}/reverse/",
        (302, 403, 403, 403, 302),
        "post",
        R,
        {"reason": "Duplicate"},
    ),
    Case(
        "recognition_entry_reverse (another company's)",
        "/recognition/admin/entries/{other_entry.pk}/reverse/",
        (302, 403, 403, 403, 404),
        "post",
        R,
        {"reason": "Duplicate"},
    ),
    Case(
        "recognition_sync_start",
        "/recognition/admin/sync/",
        (302, 403, 403, 403, 302),
        "post",
        data={},
    ),
    # API
    Case("GET /api/recognition/feed", "/api/recognition/feed", (401, 200, 200, 200, 200)),
    Case(
        "GET /api/recognition/feed (another company's team)",
        "/api/recognition/feed?team_id={w.rival.pk}",
        (401, 404, 404, 404, 404),
    ),
    Case(
        "POST /api/recognition/kudos",
        "/api/recognition/kudos",
        (401, 404, 404, 404, 404),
        "post",
        data=API_KUDOS,
    ),
    Case(
        "POST /api/recognition/kudos (another company's person)",
        "/api/recognition/kudos",
        (401, 404, 404, 404, 404),
        "post",
        data={"receiver_id": 0, "message": "Hello"},
    ),
    Case(
        "GET /api/recognition/kudos/{kudos_id}",
        "/api/recognition/kudos/{kudos.pk}",
        (401, 200, 200, 200, 200),
        objects=R,
    ),
    Case(
        "GET /api/recognition/kudos/{kudos_id} (another company's)",
        "/api/recognition/kudos/{other_kudos.pk}",
        (401, 404, 404, 404, 404),
        objects=R,
    ),
    # A kudos' reactions and comments: every role of its organisation, 404 for another's.
    Case(
        "GET /api/recognition/kudos/{kudos_id}/reactions",
        "/api/recognition/kudos/{kudos.pk}/reactions",
        (401, 200, 200, 200, 200),
        objects=R,
    ),
    Case(
        "GET /api/recognition/kudos/{kudos_id}/reactions (another company's)",
        "/api/recognition/kudos/{other_kudos.pk}/reactions",
        (401, 404, 404, 404, 404),
        objects=R,
    ),
    Case(
        "POST /api/recognition/kudos/{kudos_id}/reactions",
        "/api/recognition/kudos/{kudos.pk}/reactions",
        (401, 201, 201, 201, 201),
        "post",
        R,
        {"kind": "thanks"},
    ),
    Case(
        "POST /api/recognition/kudos/{kudos_id}/reactions (another company's)",
        "/api/recognition/kudos/{other_kudos.pk}/reactions",
        (401, 404, 404, 404, 404),
        "post",
        R,
        {"kind": "thanks"},
    ),
    Case(
        "DELETE /api/recognition/kudos/{kudos_id}/reactions/{kind} (not given)",
        "/api/recognition/kudos/{kudos.pk}/reactions/heart",
        (401, 404, 404, 404, 404),
        "delete",
        R,
    ),
    Case(
        "DELETE /api/recognition/kudos/{kudos_id}/reactions/{kind} (another company's)",
        "/api/recognition/kudos/{other_kudos.pk}/reactions/heart",
        (401, 404, 404, 404, 404),
        "delete",
        R,
    ),
    Case(
        "GET /api/recognition/kudos/{kudos_id}/comments",
        "/api/recognition/kudos/{kudos.pk}/comments",
        (401, 200, 200, 200, 200),
        objects=R,
    ),
    Case(
        "GET /api/recognition/kudos/{kudos_id}/comments (another company's)",
        "/api/recognition/kudos/{other_kudos.pk}/comments",
        (401, 404, 404, 404, 404),
        objects=R,
    ),
    Case(
        "POST /api/recognition/kudos/{kudos_id}/comments",
        "/api/recognition/kudos/{kudos.pk}/comments",
        (401, 201, 201, 201, 201),
        "post",
        R,
        {"body": "Well deserved!"},
    ),
    Case(
        "POST /api/recognition/kudos/{kudos_id}/comments (empty)",
        "/api/recognition/kudos/{kudos.pk}/comments",
        (401, 400, 400, 400, 400),
        "post",
        R,
        {"body": " "},
    ),
    Case(
        "POST /api/recognition/kudos/{kudos_id}/comments (another company's)",
        "/api/recognition/kudos/{other_kudos.pk}/comments",
        (401, 404, 404, 404, 404),
        "post",
        R,
        {"body": "Hi"},
    ),
    Case(
        "POST /api/recognition/spotlights",
        "/api/recognition/spotlights",
        (401, 403, 403, 404, 403),
        "post",
        data=API_SPOTLIGHT,
    ),
    Case(
        "GET /api/recognition/spotlights/{spotlight_id}",
        "/api/recognition/spotlights/{spotlight.pk}",
        (401, 200, 200, 200, 200),
        objects=R,
    ),
    Case(
        "GET /api/recognition/spotlights/{spotlight_id} (another company's)",
        "/api/recognition/spotlights/{other_spotlight.pk}",
        (401, 404, 404, 404, 404),
        objects=R,
    ),
    Case("GET /api/recognition/points/me", "/api/recognition/points/me", (401, 200, 200, 200, 200)),
    Case(
        "GET /api/recognition/leaderboards/{board}",
        "/api/recognition/leaderboards/sharing",
        (401, 200, 200, 200, 200),
    ),
    Case(
        "GET /api/recognition/leaderboards/{board} (revenue off)",
        "/api/recognition/leaderboards/revenue",
        (401, 404, 404, 404, 404),
    ),
    Case("GET /api/recognition/badges", "/api/recognition/badges", (401, 200, 200, 200, 200)),
    Case("GET /api/recognition/rules", "/api/recognition/rules", (401, 403, 403, 403, 200)),
    Case(
        "PUT /api/recognition/rules/{rule_id}",
        "/api/recognition/rules/{rule.pk}",
        (401, 403, 403, 403, 200),
        "put",
        R,
        RULE_API,
    ),
    Case(
        "PUT /api/recognition/rules/{rule_id} (another company's)",
        "/api/recognition/rules/{other_rule.pk}",
        (401, 403, 403, 403, 404),
        "put",
        R,
        RULE_API,
    ),
    Case(
        "POST /api/recognition/ledger/sync",
        "/api/recognition/ledger/sync",
        (401, 403, 403, 403, 200),
        "post",
        data={},
    ),
    Case(
        "POST /api/recognition/ledger/{entry_id}/reverse",
        "/api/recognition/ledger/{entry.pk}/reverse",
        (401, 403, 403, 403, 201),
        "post",
        R,
        {"reason": "Duplicate"},
    ),
    Case(
        "POST /api/recognition/ledger/{entry_id}/reverse (another company's)",
        "/api/recognition/ledger/{other_entry.pk}/reverse",
        (401, 403, 403, 403, 404),
        "post",
        R,
        {"reason": "Duplicate"},
    ),
]
