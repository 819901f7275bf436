"""The plan builder, the plan page (milestones, check-ins, comments) and a rep's own plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uplift.development import access as plan_access
from uplift.development.metrics import METRICS
from uplift.development.models import DevelopmentPlan
from uplift.development.selectors import (
    framework_competencies,
    plan_current,
    plan_view,
    plans_of,
    practices_approved,
)
from uplift.development.services import (
    DevelopmentError,
    PlanInput,
    plan_close,
    plan_create,
    plan_update,
)
from uplift.development.suggestions import Suggestion, drivers_note, focus_suggestions
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.views.development.forms import (
    CheckInForm,
    CloseForm,
    CommentForm,
    MilestoneForm,
    PlanForm,
)


def _plan_form(request: AuthedRequest, initial: dict[str, Any] | None = None) -> PlanForm:
    organisation = access.viewer_organisation(request.user)
    return PlanForm(
        request.POST or None,
        initial=initial,
        competencies=framework_competencies(organisation=organisation),
        practices=practices_approved(organisation=organisation),
    )


def _initial(plan: DevelopmentPlan) -> dict[str, Any]:
    outcome_target = plan.outcome_target
    if plan.outcome_metric == "win_rate" and outcome_target is not None:
        outcome_target = round(outcome_target * 100, 2)
    return {
        "goal": plan.goal,
        "started_on": plan.started_on,
        "target_on": plan.target_on,
        "competencies": list(plan.competencies.all()),
        "practices": list(plan.practices.all()),
        "behaviour_metric": plan.behaviour_metric,
        "behaviour_target": plan.behaviour_target,
        "outcome_metric": plan.outcome_metric,
        "outcome_target": outcome_target,
    }


def _builder(
    request: AuthedRequest,
    rep: Person,
    form: PlanForm,
    plan: DevelopmentPlan | None,
    *,
    status: int,
    suggestions: list[Suggestion],
) -> HttpResponse:
    context = {
        "rep": rep,
        "form": form,
        "plan": plan,
        "suggestions": suggestions,
        "drivers_note": drivers_note(organisation=access.viewer_organisation(request.user)),
        "metrics": METRICS,
        "has_practices": form.fields["practices"].queryset.exists(),  # type: ignore[attr-defined]
    }
    return render(request, "development/plan_form.html", context, status=status)


def _save(form: PlanForm, save: Any) -> DevelopmentPlan | None:
    if not form.is_valid():
        return None
    data: PlanInput = form.plan_input()
    with refusals_to_form(form):
        return save(data)  # type: ignore[no-any-return]
    return None


@page_rule(access.MANAGERS)
def development_plan_new(request: AuthedRequest, person_id: int) -> HttpResponse:
    rep = access.access_person(request.user, person_id)
    if not plan_access.can_develop_rep(request.user, rep):
        raise PermissionDenied("Only the rep's manager makes their plan.")
    current = plan_current(rep=rep)
    if current is not None and request.method != "POST":
        messages.info(request, f"{rep} already has an active plan.")
        return redirect("development_plan", plan_id=current.pk)
    suggestions = focus_suggestions(rep=rep)
    suggested = [s.competency for s in suggestions if s.suggested]
    form = _plan_form(request, initial={"competencies": suggested})
    if request.method == "POST":
        plan = _save(form, lambda data: plan_create(rep=rep, manager=request.user, data=data))
        if plan is not None:
            messages.success(request, f"Plan for {rep} started.")
            return redirect("development_plan", plan_id=plan.pk)
        return _builder(request, rep, form, None, status=400, suggestions=suggestions)
    return _builder(request, rep, form, None, status=200, suggestions=suggestions)


@page_rule(access.MANAGERS)
def development_plan_edit(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan_for_edit(request.user, plan_id)
    form = _plan_form(request, initial=_initial(plan))
    if request.method == "POST":
        saved = _save(form, lambda data: plan_update(plan=plan, data=data))
        if saved is not None:
            messages.success(request, "Plan saved.")
            return redirect("development_plan", plan_id=plan.pk)
        return _builder(
            request, plan.rep, form, plan, status=400, suggestions=focus_suggestions(rep=plan.rep)
        )
    return _builder(
        request, plan.rep, form, plan, status=200, suggestions=focus_suggestions(rep=plan.rep)
    )


def plan_context(request: AuthedRequest, plan: DevelopmentPlan) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "milestone_form": MilestoneForm(),
        "checkin_form": CheckInForm(initial={"held_on": today}),
        "comment_form": CommentForm(),
        "view": plan_view(plan=plan, today=today),
        "plan": plan,
        "today": today,
        "can_edit": plan_access.can_develop_rep(request.user, plan.rep),
        "can_comment": plan.rep_id == request.user.pk
        or plan_access.can_develop_rep(request.user, plan.rep),
        "is_me": plan.rep_id == request.user.pk,
        "history": plans_of(rep=plan.rep).exclude(pk=plan.pk),
    }


@page_rule(access.SIGNED_IN)
def development_plan(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan(request.user, plan_id)
    return render(request, "development/plan.html", plan_context(request, plan))


@page_rule(access.SIGNED_IN)
def development_my_plan(request: AuthedRequest) -> HttpResponse:
    plan = plan_current(rep=request.user)
    if plan is not None:
        return render(request, "development/plan.html", plan_context(request, plan))
    context = {"history": plans_of(rep=request.user)}
    return render(request, "development/my_plan_empty.html", context)


@page_rule(access.MANAGERS)
@require_POST
def development_plan_close(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = plan_access.access_plan_for_edit(request.user, plan_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose completed or cancelled.", status=400)
    try:
        plan_close(plan=plan, status=form.cleaned_data["status"], closed_on=timezone.localdate())
    except DevelopmentError as exc:
        return HttpResponse(str(exc), status=400)
    messages.success(request, f"Plan {plan.get_status_display().lower()}.")
    return redirect("development_plan", plan_id=plan.pk)
