"""Roles x endpoints rows for personal data (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
Only the admin Ada exports or erases, and only people of her own organisation (Otto is of
another: 404).
"""

from __future__ import annotations

from tests.access_cases import Case

ADMIN_ONLY = (302, 403, 403, 403, 200)

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("privacy_home", "/privacy/", ADMIN_ONLY),
    Case(
        "privacy_home (retention)",
        "/privacy/",
        (302, 403, 403, 403, 302),
        "post",
        data={"coaching_notes_days": "365"},
    ),
    Case(
        "privacy_home (retention too short)",
        "/privacy/",
        (302, 403, 403, 403, 400),
        "post",
        data={"coaching_notes_days": "2"},
    ),
    Case("privacy_person", "/privacy/people/{w.art.pk}/", ADMIN_ONLY),
    Case("privacy_person (other firm)", "/privacy/people/{w.otto.pk}/", (302, 403, 403, 403, 404)),
    Case("privacy_person_export", "/privacy/people/{w.art.pk}/export.zip", ADMIN_ONLY),
    Case(
        "privacy_person_export (other firm)",
        "/privacy/people/{w.otto.pk}/export.zip",
        (302, 403, 403, 403, 404),
    ),
    Case(
        "privacy_person_erase (unconfirmed)",
        "/privacy/people/{w.art.pk}/erase/",
        (302, 403, 403, 403, 400),
        "post",
        data={"confirm": "someone@else.test"},
    ),
    Case(
        "privacy_person_erase",
        "/privacy/people/{w.art.pk}/erase/",
        (302, 403, 403, 403, 302),
        "post",
        data={"confirm": "art@acme.test"},
    ),
    Case(
        "privacy_person_erase (other firm)",
        "/privacy/people/{w.otto.pk}/erase/",
        (302, 403, 403, 403, 404),
        "post",
        data={"confirm": "otto@other.test"},
    ),
    # The API: the same rules.
    Case(
        "GET /api/privacy/people/{person_id}/export",
        "/api/privacy/people/{w.art.pk}/export",
        (401, 403, 403, 403, 200),
    ),
    Case(
        "GET /api/privacy/people/{person_id}/export (other firm)",
        "/api/privacy/people/{w.otto.pk}/export",
        (401, 403, 403, 403, 404),
    ),
    Case(
        "POST /api/privacy/people/{person_id}/erase (unconfirmed)",
        "/api/privacy/people/{w.art.pk}/erase",
        (401, 403, 403, 403, 400),
        "post",
        data={"confirm": "nobody@acme.test"},
    ),
    Case(
        "POST /api/privacy/people/{person_id}/erase",
        "/api/privacy/people/{w.art.pk}/erase",
        (401, 403, 403, 403, 200),
        "post",
        data={"confirm": "art@acme.test"},
    ),
]
