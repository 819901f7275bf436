"""What changes on a plan page in place (htmx): comments, milestones and check-ins.

Each answers the updated section as a fragment to htmx, or redirects back to the plan page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.development import access as plan_access
from uplift.development.models import DevelopmentPlan
from uplift.development.services import (
    DevelopmentError,
    check_in_create,
    milestone_create,
    milestone_set_done,
    plan_comment_create,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest
from uplift.web.limits import rate_limited
from uplift.web.views.development.forms import CheckInForm, CommentForm, MilestoneForm
from uplift.web.views.development.plans import plan_context

SECTION_FORMS = {
    "development/_comments.html": "comment_form",
    "development/_milestones.html": "milestone_form",
    "development/_check_ins.html": "checkin_form",
}


def _section(
    request: AuthedRequest,
    plan: DevelopmentPlan,
    template: str,
    error: str = "",
    form: CommentForm | MilestoneForm | CheckInForm | None = None,
) -> HttpResponse:
    """The updated section to htmx, or the plan page. A refused entry comes back with what was
    typed in its form (`form`) and the reason in that section only."""
    context = plan_context(request, plan)
    if error:
        context["refused"] = {"template": template, "error": error}
        if form is not None:
            context[SECTION_FORMS[template]] = form
    if request.htmx:
        return render(request, template, context, status=400 if error else 200)
    if error:
        return render(request, "development/plan.html", context, status=400)
    return redirect("development_plan", plan_id=plan.pk)


def _form_error(form: CommentForm | MilestoneForm | CheckInForm) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@page_rule(access.SIGNED_IN)
@require_POST
@rate_limited("comments")
def development_plan_comment(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan_for_comment(request.user, plan_id)
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            plan_comment_create(plan=plan, author=request.user, body=form.cleaned_data["body"])
        except DevelopmentError as exc:
            error = str(exc)
    else:
        error = "Write a comment first (at most 4,000 characters)."
    return _section(request, plan, "development/_comments.html", error, form)


@page_rule(access.MANAGERS)
@require_POST
def development_milestone_add(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan_for_edit(request.user, plan_id)
    form = MilestoneForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            milestone_create(
                plan=plan,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                created_by=request.user,
            )
        except DevelopmentError as exc:
            error = str(exc)
    else:
        error = _form_error(form) or "Give the milestone a title and a due date."
    return _section(request, plan, "development/_milestones.html", error, form)


@page_rule(access.MANAGERS)
@require_POST
def development_milestone_done(request: AuthedRequest, milestone_id: int) -> HttpResponse:
    milestone = plan_access.access_milestone(request.user, milestone_id)
    done = request.POST.get("done", "1") == "1"
    milestone_set_done(milestone=milestone, done_on=timezone.localdate() if done else None)
    return _section(request, milestone.plan, "development/_milestones.html")


@page_rule(access.MANAGERS)
@require_POST
def development_check_in_add(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan_for_edit(request.user, plan_id)
    form = CheckInForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            check_in_create(
                plan=plan,
                author=request.user,
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
            )
        except DevelopmentError as exc:
            error = str(exc)
    else:
        error = _form_error(form) or "Give the check-in a date and notes."
    return _section(request, plan, "development/_check_ins.html", error, form)
