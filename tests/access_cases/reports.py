"""Roles x endpoints rows for the analysis reports of the API: every signed-in person reads
them, narrowed to what they may see; a team only inside the caller's scope.

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from tests.insights.snapshots import analysis_store, link_crm_ids


def analysed(world: World) -> dict[str, Any]:
    """The hand-made analysis of tests/insights/snapshots.py (no drivers part in it)."""
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    return {}


def _report(name: str, query: str, statuses: tuple[int, int, int, int, int]) -> Case:
    label = f"GET /api/reports/{name}" + (f" ({query})" if query else "")
    path = f"/api/reports/{name}" + (f"?{query}" if query else "")
    return Case(label, path, statuses, objects=analysed)


CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    _report("scorecards", "", (401, 200, 200, 200, 200)),
    _report("scorecards", "team=Alpha", (401, 404, 200, 200, 404)),
    _report("scorecards", "team=Gamma", (401, 404, 404, 200, 404)),
    _report("segments", "", (401, 200, 200, 200, 200)),
    _report("segments", "team=gamma", (401, 404, 404, 200, 404)),
    _report("segments", "as_of=2020-01-31", (401, 404, 404, 404, 404)),
    _report("gap", "", (401, 200, 200, 200, 200)),
    _report("gap", "team=Alpha", (401, 404, 200, 200, 404)),
    _report("gap", "as_of=not-a-day", (401, 422, 422, 422, 422)),
    _report("drivers", "", (401, 404, 404, 404, 404)),  # this analysis has no drivers part
    Case(
        "GET /api/reports/drivers (no analysis)", "/api/reports/drivers", (401, 404, 404, 404, 404)
    ),
]
