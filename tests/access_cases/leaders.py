"""Roles x endpoints rows for the future-leaders view (pages and API): leaders only, and a
person's drill-down only inside the leader's part of the organisation.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from tests.access_cases import Case

CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("leaders", "/leader/future-leaders/", (302, 403, 403, 200, 403)),
    Case("leaders (bad sort)", "/leader/future-leaders/?sort=salary", (302, 403, 403, 400, 403)),
    Case("leaders_person", "/leader/future-leaders/{w.gil.pk}/", (302, 403, 403, 200, 403)),
    # The table's downloads: leaders only (no analysis in this world: nothing to give).
    Case(
        "leaders_download",
        "/leader/future-leaders/leaders-table.csv",
        (302, 403, 403, 404, 403),
    ),
    Case(
        "leaders_download (XLSX)",
        "/leader/future-leaders/leaders-table.xlsx",
        (302, 403, 403, 404, 403),
    ),
    Case(
        "leaders_person (other firm)",
        "/leader/future-leaders/{w.otto.pk}/",
        (302, 403, 403, 404, 403),
    ),
    Case("GET /api/leaders", "/api/leaders", (401, 403, 403, 404, 403)),
    Case("GET /api/leaders (bad sort)", "/api/leaders?sort=salary", (401, 403, 403, 400, 403)),
    Case("GET /api/leaders/{person_id}", "/api/leaders/{w.gil.pk}", (401, 403, 403, 200, 403)),
    Case(
        "GET /api/leaders/{person_id} (other firm)",
        "/api/leaders/{w.otto.pk}",
        (401, 403, 403, 404, 403),
    ),
]
