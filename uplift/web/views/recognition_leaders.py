"""Leaders' recognition pages: the spotlight composer with its evidence previewed, and badges
given by hand."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.core.refusals import Conflict, Invalid
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.practices.access import access_cited_practice
from uplift.recognition import selectors
from uplift.recognition.badges import badge_award_give, badges_ensure
from uplift.recognition.evidence import evidence_lines, spotlight_evidence
from uplift.recognition.models import SPOTLIGHT_MESSAGE_MAX
from uplift.recognition.services import spotlight_post
from uplift.web.http import AuthedRequest, query_id
from uplift.web.views.recognition_forms import BadgeGiveForm, SpotlightForm, form_error


def _composer(
    request: AuthedRequest,
    form: SpotlightForm | None = None,
    badge_form: BadgeGiveForm | None = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    badges_ensure(organisation=access.viewer_organisation(request.user))
    recent = selectors.spotlights_recent(viewer=request.user)
    context = {
        "form": form or SpotlightForm(viewer=request.user),
        "badge_form": badge_form or BadgeGiveForm(viewer=request.user),
        "error": error,
        "message_max": SPOTLIGHT_MESSAGE_MAX,
        "recent": recent,
    }
    return render(request, "recognition/spotlight_new.html", context, status=status)


@page_rule(access.LEADERS)
def recognition_spotlight_new(request: AuthedRequest) -> HttpResponse:
    return _composer(request)


@page_rule(access.LEADERS)
def recognition_spotlight_evidence(request: AuthedRequest) -> HttpResponse:
    """The evidence a spotlight would carry (an htmx fragment under the composer)."""
    organisation = access.viewer_organisation(request.user)
    contributor_id = query_id(request, "contributor")
    practice_id = query_id(request, "practice")
    if contributor_id is None:
        return render(request, "recognition/_evidence.html", {"lines": None})
    contributor = access.access_colleague(request.user, contributor_id)
    practice = access_cited_practice(request.user, practice_id) if practice_id is not None else None
    evidence = spotlight_evidence(
        organisation=organisation, contributor=contributor, practice=practice
    )
    context = {"lines": evidence_lines(evidence), "contributor": contributor, "practice": practice}
    return render(request, "recognition/_evidence.html", context)


@page_rule(access.LEADERS)
def recognition_spotlight_post(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = SpotlightForm(request.POST, viewer=request.user)
    if not form.is_valid():
        return _composer(request, form=form, error=form_error(form), status=400)
    data = form.cleaned_data
    try:
        spotlight = spotlight_post(
            author=request.user,
            contributor=data["contributor"],
            message=data["message"],
            practice=data["practice"],
        )
    except Invalid as refusal:
        return _composer(request, form=form, error=refusal.message, status=400)
    messages.success(request, f"Spotlight on {spotlight.contributor} posted to the feed.")
    return redirect(f"/recognition/#spotlight-{spotlight.pk}")


@page_rule(access.LEADERS)
def recognition_badge_give(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = BadgeGiveForm(request.POST, viewer=request.user)
    if not form.is_valid():
        return _composer(request, badge_form=form, error=form_error(form), status=400)
    data = form.cleaned_data
    try:
        award = badge_award_give(
            level=data["level"], person=data["person"], by=request.user, reason=data["reason"]
        )
    except (Invalid, Conflict) as refusal:
        return _composer(request, badge_form=form, error=refusal.message, status=400)
    messages.success(request, f"{award.level} given to {award.person}.")
    return redirect("recognition_spotlight_new")
