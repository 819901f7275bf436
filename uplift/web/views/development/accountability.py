"""Accountability: the manager's reps at a glance, and the leader's roll-up across managers."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone

from uplift.development.metrics import MOVED_SHARE
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.presenters.accountability import (
    CADENCE_DAYS,
    ManagerRollup,
    RepLine,
    leader_rollup,
    manager_accountability,
)
from uplift.web.http import AuthedRequest, query_id
from uplift.web.tables import download, render_tables, table_view
from uplift.web.views.development.tables import reps_table, rollup_table


def _lines(request: AuthedRequest) -> tuple[list[RepLine], int | None]:
    """The viewer's reps (one manager's, with `?manager=`), and that manager's id."""
    manager_id = query_id(request, "manager")
    lines = manager_accountability(viewer=request.user, today=timezone.localdate())
    if manager_id is not None:
        lines = [line for line in lines if line.rep.manager_id == manager_id]
    return lines, manager_id


@page_rule(access.MANAGERS)
def development_accountability(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    lines, manager_id = _lines(request)
    context = {
        "manager": next((line.rep.manager for line in lines), None) if manager_id else None,
        "lines": lines,
        "reps_table": table_view(
            request, reps_table(CADENCE_DAYS), lines, keep={"manager": manager_id}
        ),
        "summary": ManagerRollup(manager=request.user, lines=lines),
        "today": today,
        "cadence_days": CADENCE_DAYS,
        "moved_share": round(MOVED_SHARE * 100),
    }
    return render_tables(request, "development/accountability.html", context)


@page_rule(access.MANAGERS)
def development_accountability_download(
    request: AuthedRequest, table: str, fmt: str
) -> HttpResponse:
    """The viewer's reps (or one manager's) with their plans and coaching, as CSV or XLSX."""
    if table != "accountability-table":
        raise Http404("No such table on this page.")
    lines, _ = _lines(request)
    return download(request, reps_table(CADENCE_DAYS), lines, fmt)


@page_rule(access.LEADERS)
def development_rollup(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    rollups, total = leader_rollup(viewer=request.user, today=today)
    context = {
        "rollups": rollups,
        "rollup_table": table_view(request, rollup_table(CADENCE_DAYS), rollups),
        "total": total,
        "today": today,
        "cadence_days": CADENCE_DAYS,
        "moved_share": round(MOVED_SHARE * 100),
    }
    return render_tables(request, "development/rollup.html", context)


@page_rule(access.LEADERS)
def development_rollup_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """Development by manager, as CSV or XLSX."""
    if table != "rollup-table":
        raise Http404("No such table on this page.")
    rollups, _ = leader_rollup(viewer=request.user, today=timezone.localdate())
    return download(request, rollup_table(CADENCE_DAYS), rollups, fmt)
