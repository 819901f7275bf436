"""Roles x endpoints rows for the audit trail (see tests/access_cases).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin) = (-, Ann, Mia, Lou, Ada).
The admin Ada and the leader Lou search their organisation's trail; only Ada sets its retention;
everyone reads who opened their own private records.
"""

from __future__ import annotations

from tests.access_cases import Case

SEARCHERS = (302, 403, 403, 200, 200)

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("audit_search", "/audit/", SEARCHERS),
    Case("audit_search (filtered)", "/audit/?action=signed_in&since=2026-01-01", SEARCHERS),
    Case("audit_search (bad action)", "/audit/?action=nope", (302, 403, 403, 400, 400)),
    Case("audit_search (bad date)", "/audit/?since=yesterday", (302, 403, 403, 400, 400)),
    Case("audit_download", "/audit/audit-table.csv", SEARCHERS),
    Case("audit_download (xlsx)", "/audit/audit-table.xlsx", SEARCHERS),
    Case("audit_download (no such table)", "/audit/other-table.csv", (302, 403, 403, 404, 404)),
    Case(
        "audit_retention",
        "/audit/retention/",
        (302, 403, 403, 403, 302),
        "post",
        data={"audit_days": "400"},
    ),
    Case(
        "audit_retention (too short)",
        "/audit/retention/",
        (302, 403, 403, 403, 400),
        "post",
        data={"audit_days": "3"},
    ),
    Case("audit_mine", "/audit/mine/", (302, 200, 200, 200, 200)),
    # The API: the same rules.
    Case("GET /api/audit/events", "/api/audit/events", (401, 403, 403, 200, 200)),
    Case(
        "GET /api/audit/events (filtered)",
        "/api/audit/events?action=private_viewed&person={w.ann.pk}",
        (401, 403, 403, 200, 200),
    ),
    Case(
        "GET /api/audit/events (bad action)",
        "/api/audit/events?action=x",
        (401, 403, 403, 422, 422),
    ),
    Case("GET /api/audit/mine", "/api/audit/mine", (401, 200, 200, 200, 200)),
]
