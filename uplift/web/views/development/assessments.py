"""Manager and self assessments on the rubric, and a rep's assessment history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.development.access import can_develop_rep
from uplift.development.models import Assessment
from uplift.development.selectors import (
    assessment_comparison,
    assessment_history,
    framework_list,
)
from uplift.development.services import assessment_create
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.views.development.forms import AssessmentForm


def _assess(request: AuthedRequest, subject: Person, kind: str) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    form = AssessmentForm(
        request.POST or None, competencies=framework_list(organisation=organisation)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusals_to_form(form):
                assessment_create(
                    subject=subject,
                    rater=request.user,
                    kind=kind,
                    assessed_on=form.cleaned_data["assessed_on"],
                    ratings=form.ratings(),
                    summary=form.cleaned_data["summary"],
                )
                messages.success(request, "Assessment saved.")
                if kind == Assessment.Kind.SELF:
                    return redirect("development_my_assessments")
                return redirect("development_assessments", person_id=subject.pk)
        status = 400
    context = {"form": form, "subject": subject, "kind": kind, "is_self": kind == "self"}
    return render(request, "development/assess.html", context, status=status)


@page_rule(access.MANAGERS)
def development_assess(request: AuthedRequest, person_id: int) -> HttpResponse:
    subject = access.access_person(request.user, person_id)
    if not can_develop_rep(request.user, subject):
        raise PermissionDenied("Only the rep's manager assesses them.")
    return _assess(request, subject, Assessment.Kind.MANAGER)


@page_rule(access.SIGNED_IN)
def development_self_assess(request: AuthedRequest) -> HttpResponse:
    return _assess(request, request.user, Assessment.Kind.SELF)


def _history(request: AuthedRequest, subject: Person) -> HttpResponse:
    context = {
        "subject": subject,
        "is_me": subject.pk == request.user.pk,
        "can_assess": can_develop_rep(request.user, subject),
        "comparison": assessment_comparison(subject=subject),
        "history": assessment_history(subject=subject),
    }
    return render(request, "development/assessments.html", context)


@page_rule(access.SIGNED_IN)
def development_assessments(request: AuthedRequest, person_id: int) -> HttpResponse:
    return _history(request, access.access_person(request.user, person_id))


@page_rule(access.SIGNED_IN)
def development_my_assessments(request: AuthedRequest) -> HttpResponse:
    return _history(request, request.user)
