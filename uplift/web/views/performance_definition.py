"""What "performance" means for the organisation: leaders and enablement admins choose the metric
that makes a star, preview who the stars would be, and save it (which queues a new analysis)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.insights.definition import (
    performance_definition,
    performance_definition_change,
    performance_preview,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Role
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.views.performance_definition_forms import DefinitionForm

PREVIEW_TEMPLATE = "performance/_definition_preview.html"


def _page(
    request: AuthedRequest,
    form: DefinitionForm,
    preview: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    saved = performance_definition(organisation=access.viewer_organisation(request.user))
    context = {"form": form, "saved": saved, "preview": preview}
    return render(request, "performance/definition.html", context, status=status)


@page_rule(access.LEADERS_AND_ADMINS)
def performance_definition_page(request: AuthedRequest) -> HttpResponse:
    """GET shows the saved definition; POST saves a new one and queues an analysis with it."""
    if request.method != "POST":
        organisation = access.viewer_organisation(request.user)
        form = DefinitionForm.for_definition(performance_definition(organisation=organisation))
        return _page(request, form)
    form = DefinitionForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            _, job = performance_definition_change(actor=request.user, **form.definition_fields())
            job.refresh_from_db()
            if job.is_finished and request.user.role == Role.LEADER:
                messages.success(request, "Saved. The stars below follow the new definition.")
                return redirect("leader_performance")
            messages.success(
                request,
                "Saved. A new analysis with this definition is running; the pages follow it "
                "when it finishes.",
            )
            return redirect("job_status", job_id=job.pk)
    return _page(request, form, status=400)


@require_POST
@page_rule(access.LEADERS_AND_ADMINS)
def performance_definition_preview(request: AuthedRequest) -> HttpResponse:
    """Who the stars would be under the definition in the form, before saving it (an htmx
    fragment; without htmx, the whole page with the preview)."""
    form = DefinitionForm(request.POST)
    preview = None
    if form.is_valid():
        with refusals_to_form(form):
            preview = performance_preview(
                organisation=access.viewer_organisation(request.user),
                **form.definition_fields(),
            )
    status = 200 if preview is not None else 400
    if request.htmx:
        return render(request, PREVIEW_TEMPLATE, {"form": form, "preview": preview}, status=status)
    return _page(request, form, preview=preview, status=status)
