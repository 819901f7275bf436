"""Mentoring pages: a partner proposes to mentor a core rep, the rep's manager agrees or
declines, and the pair logs its check-ins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from uplift.initiatives import access as initiative_access
from uplift.initiatives.errors import InitiativeError
from uplift.initiatives.services import check_in_log, pair_decide, pair_propose
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest
from uplift.web.views.initiatives.forms import CheckInForm, DecisionForm, PairForm


def _errors(form: PairForm | DecisionForm | CheckInForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_pair_new(request: AuthedRequest, initiative_id: int) -> HttpResponse:
    initiative = initiative_access.access_initiative(request.user, initiative_id)
    if not initiative_access.is_partner(request.user, initiative):
        raise PermissionDenied("The initiative's partners propose mentoring pairs.")
    form = PairForm(request.POST, mentees=initiative_access.mentees_visible(request.user))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("initiatives_detail", initiative.pk)
    try:
        pair = pair_propose(
            initiative=initiative,
            mentor=request.user,
            mentee=form.cleaned_data["mentee"],
            goal=form.cleaned_data["goal"],
        )
    except InitiativeError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Proposed. {pair.mentee}'s manager agrees before it counts.")
    return redirect("initiatives_detail", initiative.pk)


@page_rule(access.MANAGERS)
@require_POST
def initiatives_pair_decide(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = initiative_access.access_pair(request.user, pair_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("initiatives_list")
    try:
        pair_decide(pair=pair, actor=request.user, agree=form.cleaned_data["decision"] == "agree")
    except InitiativeError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Thank you: the pair knows.")
    return redirect("initiatives_detail", pair.initiative_id)


@page_rule(access.SIGNED_IN)
@require_POST
def initiatives_check_in(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = initiative_access.access_pair(request.user, pair_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("initiatives_detail", pair.initiative_id)
    try:
        check_in_log(
            pair=pair,
            actor=request.user,
            held_on=form.cleaned_data["held_on"],
            note=form.cleaned_data["note"],
        )
    except InitiativeError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Check-in logged.")
    return redirect("initiatives_detail", pair.initiative_id)
