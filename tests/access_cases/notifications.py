"""Roles x endpoints rows for the notifications (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Everyone signed in reads and manages their own notifications and preferences; a notification of
someone else (Ann's, here) answers 404 to everyone else, her manager and the leader included.
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from uplift.notifications.kinds import Kind
from uplift.notifications.services import notify


def objects(world: World) -> dict[str, Any]:
    anns = notify(recipient=world.ann, kind=Kind.KUDOS, text="Art gave you kudos", link="/me/")
    return {"anns": anns}


EVERYONE = (302, 200, 200, 200, 200)
ANNS_ONLY = (302, 302, 404, 404, 404)

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("notifications", "/notifications/", EVERYONE),
    Case("notifications (unread)", "/notifications/?show=unread", EVERYONE),
    Case("notifications (bad filter)", "/notifications/?show=x", (302, 400, 400, 400, 400)),
    Case("notifications_bell", "/notifications/bell/", EVERYONE),
    Case(
        "notifications_mark_all_read",
        "/notifications/read-all/",
        (302, 302, 302, 302, 302),
        "post",
        data={},
    ),
    Case("notification_preferences", "/notifications/preferences/", EVERYONE),
    Case(
        "notification_preferences (POST)",
        "/notifications/preferences/",
        (302, 302, 302, 302, 302),
        "post",
        data={kind.value: "digest" for kind in Kind},
    ),
    Case("notification_open", "/notifications/{anns.pk}/", ANNS_ONLY, objects=objects),
    Case(
        "notification_mark_read",
        "/notifications/{anns.pk}/read/",
        ANNS_ONLY,
        "post",
        objects=objects,
        data={},
    ),
    Case("notification_open (none)", "/notifications/999999/", (302, 404, 404, 404, 404)),
    # The API: the same rules.
    Case("GET /api/notifications", "/api/notifications", (401, 200, 200, 200, 200)),
    Case(
        "POST /api/notifications/{notification_id}/read",
        "/api/notifications/{anns.pk}/read",
        (401, 200, 404, 404, 404),
        "post",
        objects=objects,
        data={},
    ),
    Case(
        "POST /api/notifications/read-all",
        "/api/notifications/read-all",
        (401, 200, 200, 200, 200),
        "post",
        data={},
    ),
    Case(
        "GET /api/notifications/preferences",
        "/api/notifications/preferences",
        (401, 200, 200, 200, 200),
    ),
    Case(
        "PUT /api/notifications/preferences",
        "/api/notifications/preferences",
        (401, 200, 200, 200, 200),
        "put",
        data={"preferences": [{"kind": "kudos", "delivery": "off"}]},
    ),
]
