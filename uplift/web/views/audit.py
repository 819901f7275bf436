"""Audit trail pages: the admin's and leaders' search of their organisation's trail, a person's
own list of who opened their private records, and the admin's retention setting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from uplift.audit import access as audit_access
from uplift.audit.models import MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, Action
from uplift.audit.selectors import (
    SEARCH_LIMIT,
    AuditFilters,
    audit_events_search,
    openings_of_mine,
)
from uplift.audit.services import audit_retention_set, retention_of
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest, query_choice, query_date, query_id
from uplift.web.refusals import refusals_to_form
from uplift.web.tables import download, render_tables, table_view
from uplift.web.text_forms import FreeTextForm
from uplift.web.views.audit_tables import audit_table, openings_table


class RetentionForm(FreeTextForm):
    audit_days = forms.IntegerField(
        label="Keep the audit trail for (days)",
        min_value=MIN_RETENTION_DAYS,
        max_value=MAX_RETENTION_DAYS,
    )


def _filters(request: AuthedRequest) -> AuditFilters:
    return AuditFilters(
        action=query_choice(request, "action", Action.values, default=""),
        person_id=query_id(request, "person"),
        since=query_date(request, "since"),
        until=query_date(request, "until"),
    )


def _search_page(
    request: AuthedRequest, *, status: int = 200, form: RetentionForm | None = None
) -> HttpResponse:
    viewer = request.user
    filters = _filters(request)
    search = audit_events_search(viewer=viewer, filters=filters)
    organisation = access.viewer_organisation(viewer)
    retention = retention_of(organisation=organisation)
    keep = {
        "action": filters.action,
        "person": filters.person_id,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
    }
    context: dict[str, Any] = {
        "filters": filters,
        "actions": Action.choices,
        "people": access.colleagues_visible(viewer).only("id", "full_name", "email"),
        "events": table_view(request, audit_table(), search.events, keep=keep),
        "limited": search.limited,
        "limit": SEARCH_LIMIT,
        "retention": retention,
        "can_set_retention": audit_access.can_set_retention(viewer),
        "retention_form": form or RetentionForm(initial={"audit_days": retention.audit_days}),
    }
    return render_tables(request, "audit/search.html", context, status=status)


@page_rule(access.LEADERS_AND_ADMINS)
def audit_search(request: AuthedRequest) -> HttpResponse:
    """The organisation's trail, newest first, narrowed by what, who and when."""
    return _search_page(request)


@page_rule(access.LEADERS_AND_ADMINS)
def audit_download(request: AuthedRequest, table: str, fmt: str) -> HttpResponse:
    """The events the search finds, as CSV or XLSX."""
    if table != "audit-table":
        raise Http404("No such table on this page.")
    search = audit_events_search(viewer=request.user, filters=_filters(request))
    return download(request, audit_table(), search.events, fmt)


@require_POST
@page_rule(access.ADMINS)
def audit_retention(request: AuthedRequest) -> HttpResponse:
    form = RetentionForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            audit_retention_set(admin=request.user, days=form.cleaned_data["audit_days"])
            messages.success(request, "Saved: events older than that go in tonight's prune.")
            return redirect("audit_search")
    return _search_page(request, status=400, form=form)


@page_rule(access.SIGNED_IN)
def audit_mine(request: AuthedRequest) -> HttpResponse:
    """Who else opened or changed the viewer's own private records."""
    events = openings_of_mine(viewer=request.user)
    retention = retention_of(organisation=access.viewer_organisation(request.user))
    context = {
        "events": table_view(request, openings_table(), events),
        "retention": retention,
    }
    return render_tables(request, "audit/mine.html", context)
