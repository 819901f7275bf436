"""Writing cards: a new draft, edits, submit, approve or send back, retire, comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person, Role
from uplift.practices import access as practice_access
from uplift.practices import services
from uplift.practices.access import access_practice
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice
from uplift.practices.selectors import practice_comment_find
from uplift.practices.services import EVIDENCE_FIELDS, PracticeError, SponsorError
from uplift.presenters.practice_evidence import evidence_choices
from uplift.web.http import AuthedRequest, posted_id, posted_text
from uplift.web.limits import rate_limited
from uplift.web.refusals import refusals_to_form
from uplift.web.views.practices.forms import PracticeForm, initial_from
from uplift.web.views.practices.library import card_page


def _form_page(
    request: AuthedRequest, form: PracticeForm, practice: Practice | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "p": practice, "nav_current": "practice_library"}
    return render(request, "practices/edit.html", context, status=status)


def _changes(form: PracticeForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("summary", None)
    return data


def _evidence_now(practice: Practice) -> list[dict[str, Any]]:
    return [{f: getattr(e, f) for f in EVIDENCE_FIELDS} for e in practice.evidence.all()]


@page_rule(access.SIGNED_IN)
def practice_new(request: AuthedRequest) -> HttpResponse:
    colleagues = access.colleagues_visible(request.user)
    organisation = access.viewer_organisation(request.user)
    choices = evidence_choices(organisation=organisation)
    if request.method != "POST":
        form = PracticeForm(colleagues=colleagues, evidence_choices=choices)
        return _form_page(request, form, None)
    form = PracticeForm(request.POST, colleagues=colleagues, evidence_choices=choices)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    data = _changes(form)
    with refusals_to_form(form):
        practice = services.practice_draft_create(
            organisation=organisation,
            author=request.user,
            content=CardContent.from_mapping(data),
            contributors=data["contributors"],
            evidence=data["evidence"],
        )
        messages.success(request, "Draft saved. Submit it for review when it is ready.")
        return redirect("practice_detail", practice.pk)
    return _form_page(request, form, None, status=400)


@page_rule(access.SIGNED_IN)
def practice_edit(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    if not practice_access.can_edit_practice(request.user, practice):
        raise PermissionDenied("Only the card's authors, contributors or an admin may edit it.")
    colleagues = access.colleagues_visible(request.user)
    evidence = _evidence_now(practice)
    choices = evidence_choices(organisation=practice.organisation, current=evidence)
    if request.method != "POST":
        initial = initial_from(practice, evidence)
        form = PracticeForm(initial=initial, colleagues=colleagues, evidence_choices=choices)
        return _form_page(request, form, practice)
    form = PracticeForm(request.POST, colleagues=colleagues, evidence_choices=choices)
    if not form.is_valid():
        return _form_page(request, form, practice, status=400)
    with refusals_to_form(form):
        services.practice_update(
            practice=practice,
            actor=request.user,
            changes=_changes(form),
            summary=form.cleaned_data.get("summary", ""),
        )
        messages.success(request, "Saved.")
        return redirect("practice_detail", practice.pk)
    return _form_page(request, form, practice, status=400)


def _leader(request: AuthedRequest) -> Person | None:
    sponsor_id = posted_id(request.POST, "sponsor")
    if sponsor_id is None:
        return None
    return access.colleagues_visible(request.user).filter(pk=sponsor_id, role=Role.LEADER).first()


@require_POST
@page_rule(access.SIGNED_IN)
def practice_submit(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    sponsor = _leader(request) or (practice.sponsor if not request.POST.get("sponsor") else None)
    if sponsor is None:
        return card_page(
            request, practice_id, sponsor_error="Choose the leader who will sponsor it.", status=400
        )
    try:
        services.practice_submit(practice=practice, actor=request.user, sponsor=sponsor)
    except SponsorError as error:
        return card_page(request, practice_id, sponsor_error=str(error), status=400)
    except PracticeError as error:
        return card_page(request, practice_id, error=str(error), status=400)
    messages.success(request, f"Sent to {sponsor.full_name} for review.")
    return redirect("practice_detail", practice.pk)


@require_POST
@page_rule(access.LEADERS)
def practice_approve(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    note = posted_text(request.POST, "note")
    try:
        services.practice_approve(practice=practice, actor=request.user, note=note)
    except PracticeError as error:
        kept = {"form": "approve", "text": note}
        return card_page(request, practice_id, error=str(error), status=400, kept=kept)
    messages.success(request, "Approved: the practice is now in everyone's library.")
    return redirect("practice_detail", practice.pk)


@require_POST
@page_rule(access.LEADERS)
def practice_send_back(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    reason = posted_text(request.POST, "reason")
    try:
        services.practice_send_back(practice=practice, actor=request.user, reason=reason)
    except PracticeError as error:
        kept = {"form": "send_back", "text": reason}
        return card_page(request, practice_id, error=str(error), status=400, kept=kept)
    messages.info(request, "Sent back to its authors with your reason.")
    return redirect("practice_detail", practice.pk)


@require_POST
@page_rule(access.SIGNED_IN)
def practice_retire(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    reason = posted_text(request.POST, "reason")
    try:
        services.practice_retire(practice=practice, actor=request.user, reason=reason)
    except PracticeError as error:
        kept = {"form": "retire", "text": reason}
        return card_page(request, practice_id, error=str(error), status=400, kept=kept)
    messages.info(request, "Retired: the card stays readable but leaves the library.")
    return redirect("practice_detail", practice.pk)


@require_POST
@page_rule(access.SIGNED_IN)
@rate_limited("comments")
def practice_comment(request: AuthedRequest, practice_id: int) -> HttpResponse:
    practice = access_practice(request.user, practice_id)
    parent = None
    if request.POST.get("parent"):
        parent = practice_comment_find(
            practice=practice, comment_id=posted_id(request.POST, "parent") or 0
        )
        if parent is None:
            return card_page(
                request, practice_id, error="That comment no longer exists.", status=400
            )
    body = posted_text(request.POST, "body")
    is_question = request.POST.get("is_question") == "on"
    try:
        services.practice_comment_create(
            practice=practice,
            author=request.user,
            body=body,
            parent=parent,
            is_question=is_question,
        )
    except PracticeError as error:
        kept: dict[str, object] = {"form": "reply" if parent else "comment", "text": body}
        kept |= {"parent": parent.pk if parent else None, "is_question": is_question}
        return card_page(request, practice_id, error=str(error), status=400, kept=kept)
    return redirect(f"/practices/{practice.pk}/#comments")
