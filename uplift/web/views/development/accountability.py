"""Accountability: the manager's reps at a glance, and the leader's roll-up across managers."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from uplift.development.metrics import MOVED_SHARE
from uplift.development.reminders import reminders_queue_daily
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.presenters.accountability import (
    CADENCE_DAYS,
    ManagerRollup,
    leader_rollup,
    manager_accountability,
)
from uplift.web.http import AuthedRequest, query_id


@page_rule(access.MANAGERS)
def development_accountability(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    # The worker has no scheduler: the first visit of the day queues the day's reminders.
    reminders_queue_daily(organisation=access.viewer_organisation(request.user), today=today)
    manager_id = query_id(request, "manager")
    lines = manager_accountability(viewer=request.user, today=today)
    manager = None
    if manager_id is not None:
        lines = [line for line in lines if line.rep.manager_id == manager_id]
        manager = next((line.rep.manager for line in lines), None)
    context = {
        "manager": manager,
        "lines": lines,
        "summary": ManagerRollup(manager=request.user, lines=lines),
        "today": today,
        "cadence_days": CADENCE_DAYS,
        "moved_share": round(MOVED_SHARE * 100),
    }
    return render(request, "development/accountability.html", context)


@page_rule(access.LEADERS)
def development_rollup(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    reminders_queue_daily(organisation=access.viewer_organisation(request.user), today=today)
    rollups, total = leader_rollup(viewer=request.user, today=today)
    context = {
        "rollups": rollups,
        "total": total,
        "today": today,
        "cadence_days": CADENCE_DAYS,
        "moved_share": round(MOVED_SHARE * 100),
    }
    return render(request, "development/rollup.html", context)
