"""Roles x endpoints rows for what "performance" means (page and API): leaders and enablement
admins change and preview it; any member reads it through the API.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from tests.access_cases import Case

SWITCH = {"metric": "win_rate", "ramp_months": 6}

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("performance_definition", "/settings/performance/", (302, 403, 403, 200, 200)),
    Case(
        "performance_definition (save)",
        "/settings/performance/",
        (302, 403, 403, 302, 302),
        "post",
        data=SWITCH,
    ),
    Case(
        "performance_definition (forged save)",
        "/settings/performance/",
        (302, 403, 403, 400, 400),
        "post",
        data={"metric": "salary", "ramp_months": 6},
    ),
    Case(
        "performance_definition_preview",
        "/settings/performance/preview/",
        (302, 403, 403, 200, 200),
        "post",
        data=SWITCH,
    ),
    Case(
        "performance_definition_preview (read)",
        "/settings/performance/preview/",
        (405, 405, 405, 405, 405),
    ),
    Case(
        "GET /api/performance-definition", "/api/performance-definition", (401, 200, 200, 200, 200)
    ),
    Case(
        "PUT /api/performance-definition",
        "/api/performance-definition",
        (401, 403, 403, 200, 200),
        "put",
        data=SWITCH,
    ),
    Case(
        "PUT /api/performance-definition (bad weights)",
        "/api/performance-definition",
        (401, 403, 403, 400, 400),
        "put",
        data={"metric": "composite", "composite_weights": {"volume": 0}},
    ),
    Case(
        "POST /api/performance-definition/preview",
        "/api/performance-definition/preview",
        (401, 403, 403, 200, 200),
        "post",
        data=SWITCH,
    ),
]
