"""The role-play scenario library: browse, read, and (for enablement admins) write scenarios,
drafting them from practice cards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.coaching import access as coaching_access
from uplift.coaching.errors import CoachingError
from uplift.coaching.models import RolePlayScenario
from uplift.coaching.selectors.roleplays import scenario_roleplays
from uplift.coaching.selectors.scenarios import (
    competency_choices,
    practice_choices,
    practices_without_scenario,
    scenario_library,
)
from uplift.coaching.services import (
    RubricItemInput,
    scenario_create,
    scenario_prefill_from_practice,
    scenario_status_set,
    scenario_update,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.practices.access import access_practice
from uplift.web.http import AuthedRequest, query_id, query_text
from uplift.web.refusals import refusals_to_form
from uplift.web.views.coaching.forms import (
    ScenarioForm,
    rubric_from_post,
    rubric_rows,
    scenario_input,
)


@page_rule(access.SIGNED_IN)
def coaching_scenarios(request: AuthedRequest) -> HttpResponse:
    me = request.user
    names = competency_choices(viewer=me)
    competency = query_text(request, "competency")
    if competency and competency not in names:
        competency = ""
    context = {
        "scenarios": scenario_library(viewer=me, competency=competency),
        "names": names,
        "competency": competency,
        "may_curate": coaching_access.can_curate_scenarios(me),
        "to_draft": practices_without_scenario(viewer=me)[:12]
        if coaching_access.can_curate_scenarios(me)
        else [],
    }
    return render(request, "coaching/scenarios.html", context)


@page_rule(access.SIGNED_IN)
def coaching_scenario(request: AuthedRequest, scenario_id: int) -> HttpResponse:
    me = request.user
    scenario = coaching_access.access_scenario(me, scenario_id)
    names = competency_choices(viewer=me)
    context = {
        "scenario": scenario,
        "items": list(scenario.rubric_items.all()),
        "names": names,
        "may_curate": coaching_access.can_curate_scenarios(me),
        "may_run": coaching_access.coachees_visible(me).exists(),
        "roleplays": scenario_roleplays(viewer=me, scenario=scenario),
    }
    return render(request, "coaching/scenario.html", context)


def _form_page(
    request: AuthedRequest,
    *,
    form: ScenarioForm,
    rubric: list[RubricItemInput],
    scenario: RolePlayScenario | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "rows": rubric_rows(rubric),
        "names": competency_choices(viewer=request.user),
        "scenario": scenario,
    }
    return render(request, "coaching/scenario_form.html", context, status=status)


def _new_form(
    request: AuthedRequest, data: Any = None, initial: dict[str, Any] | None = None
) -> ScenarioForm:
    return ScenarioForm(
        data,
        initial=initial,
        competencies=competency_choices(viewer=request.user),
        practices=practice_choices(viewer=request.user),
    )


@page_rule(access.ADMINS)
def coaching_scenario_new(request: AuthedRequest) -> HttpResponse:
    me = request.user
    if request.method == "POST":
        form = _new_form(request, request.POST)
        rubric = rubric_from_post(request.POST)
        if form.is_valid():
            with refusals_to_form(form):
                scenario = scenario_create(
                    organisation=access.viewer_organisation(me),
                    created_by=me,
                    data=scenario_input(form, rubric),
                    status=request.POST.get("status", RolePlayScenario.Status.DRAFT),
                )
                messages.success(request, f"Scenario “{scenario.title}” saved.")
                return redirect("coaching_scenario", scenario.pk)
        return _form_page(request, form=form, rubric=rubric, scenario=None, status=400)
    practice_id = query_id(request, "practice")
    if practice_id is not None:
        # Admins (the only ones here) see every card of their organisation.
        practice = access_practice(me, practice_id)
        draft = scenario_prefill_from_practice(practice=practice)
        initial = {
            "title": draft.title,
            "competency": draft.competency,
            "practice": draft.practice_id,
            "buyer_persona": draft.buyer_persona,
            "situation": draft.situation,
            "objections": draft.objections,
            "success_criteria": draft.success_criteria,
        }
        return _form_page(
            request, form=_new_form(request, initial=initial), rubric=draft.rubric, scenario=None
        )
    return _form_page(request, form=_new_form(request), rubric=[], scenario=None)


@page_rule(access.ADMINS)
def coaching_scenario_edit(request: AuthedRequest, scenario_id: int) -> HttpResponse:
    scenario = coaching_access.access_scenario(request.user, scenario_id)
    if request.method == "POST":
        form = _new_form(request, request.POST)
        rubric = rubric_from_post(request.POST)
        if form.is_valid():
            with refusals_to_form(form):
                scenario_update(scenario=scenario, data=scenario_input(form, rubric))
                messages.success(request, "Scenario saved.")
                return redirect("coaching_scenario", scenario.pk)
        return _form_page(request, form=form, rubric=rubric, scenario=scenario, status=400)
    initial = {
        "title": scenario.title,
        "competency": scenario.competency,
        "practice": scenario.practice_id,
        "buyer_persona": scenario.buyer_persona,
        "situation": scenario.situation,
        "objections": scenario.objections,
        "success_criteria": scenario.success_criteria,
    }
    rubric = [
        RubricItemInput(i.competency, i.label, list(i.levels)) for i in scenario.rubric_items.all()
    ]
    return _form_page(
        request, form=_new_form(request, initial=initial), rubric=rubric, scenario=scenario
    )


@page_rule(access.ADMINS)
@require_POST
def coaching_scenario_status(request: AuthedRequest, scenario_id: int) -> HttpResponse:
    scenario = coaching_access.access_scenario(request.user, scenario_id)
    try:
        scenario_status_set(scenario=scenario, status=request.POST.get("status", ""))
    except CoachingError as error:
        return HttpResponseBadRequest(str(error))
    messages.success(request, f"Scenario is now {scenario.get_status_display().lower()}.")
    return redirect("coaching_scenario", scenario.pk)
