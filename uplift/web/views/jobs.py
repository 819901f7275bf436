from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.core.jobs import job_start
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest


@page_rule(access.SIGNED_IN)
def job_status(request: AuthedRequest, job_id: int) -> HttpResponse:
    """A job's progress; htmx polls this fragment until the job finishes."""
    job = access.access_job(request.user, job_id)
    template = "web/partials/job.html" if request.htmx else "web/job_detail.html"
    return render(request, template, {"job": job})


@require_POST
@page_rule(access.ADMINS)
def invitations_start(request: AuthedRequest) -> HttpResponse:
    job = job_start(
        kind="invitations",
        title="Invite everyone who cannot sign in yet",
        organisation_id=request.user.organisation_id,
        created_by_id=request.user.pk,
    )
    messages.info(request, "Invitations are being sent in the background.")
    return redirect("job_status", job_id=job.pk)
