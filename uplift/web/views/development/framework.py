"""The competency framework: everyone reads it, enablement admins edit it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.development.access import access_competency
from uplift.development.selectors import framework_list
from uplift.development.services import competency_create, competency_update
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Role
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.views.development.forms import CompetencyForm, NewCompetencyForm


@page_rule(access.SIGNED_IN)
def development_framework(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    context = {
        "competencies": framework_list(organisation=organisation),
        "can_edit": request.user.role == Role.ADMIN,
    }
    return render(request, "development/framework.html", context)


@page_rule(access.ADMINS)
def development_competency_new(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    form = NewCompetencyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusals_to_form(form):
                competency = competency_create(
                    organisation=organisation,
                    slug=form.cleaned_data["slug"],
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    levels=form.levels(),
                )
                messages.success(request, f"{competency.name} added to the framework.")
                return redirect("development_framework")
        status = 400
    context = {"competency": None, "form": form}
    return render(request, "development/competency_edit.html", context, status=status)


@page_rule(access.ADMINS)
def development_competency_edit(request: AuthedRequest, competency_id: int) -> HttpResponse:
    competency = access_competency(request.user, competency_id)
    form = CompetencyForm(request.POST or None, initial=CompetencyForm.initial_for(competency))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusals_to_form(form):
                competency_update(
                    competency=competency,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    levels=form.levels(),
                )
                messages.success(request, f"{competency.name} saved.")
                return redirect("development_framework")
        status = 400
    context = {"competency": competency, "form": form}
    return render(request, "development/competency_edit.html", context, status=status)
