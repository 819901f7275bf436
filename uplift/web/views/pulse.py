"""Pulse pages: everyone answers the open round; managers and leaders read their teams' results
of closed rounds (in groups of at least five people); the enablement admin edits the questions
and the cadence."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.pulse import access as pulse_access
from uplift.pulse import services
from uplift.pulse.models import MAX_ACTIVE_QUESTIONS
from uplift.pulse.results import pulse_results_page
from uplift.pulse.selectors import (
    has_answered,
    members_count,
    participation_of,
    round_questions,
    rounds_participation,
)
from uplift.pulse.services import pulse_round_current, pulse_survey_of
from uplift.web.http import AuthedRequest, query_id
from uplift.web.refusals import refusals_to_form
from uplift.web.text_forms import FreeTextForm
from uplift.web.views.pulse_forms import (
    AnswerForm,
    CadenceForm,
    MoveForm,
    QuestionForm,
    RewordForm,
)


@page_rule(access.SIGNED_IN)
def pulse_home(request: AuthedRequest) -> HttpResponse:
    """GET: the open round's questions, or thanks once answered. POST: the answers."""
    me = request.user
    organisation = access.viewer_organisation(me)
    round_ = pulse_round_current(organisation=organisation)
    questions = round_questions(round_=round_)
    form = AnswerForm(request.POST or None, questions=questions)
    status = 200
    answered = has_answered(person=me, round_=round_)
    if request.method == "POST" and answered:  # sent twice: the first answer stands
        messages.info(request, "You have answered this round already; your first answers count.")
        return redirect("pulse_home")
    if request.method == "POST":
        if form.is_valid():
            with refusals_to_form(form):
                services.pulse_answer(person=me, round_=round_, answers=form.answers())
                messages.success(request, "Thank you: your answers are in, anonymously.")
                return redirect("pulse_home")
        status = 400
    context = {
        "round": round_,
        "form": form,
        "answered": answered,
        "answers": participation_of(round_=round_),
        "members": members_count(organisation=organisation),
        "may_read_results": pulse_access.can_view_pulse_results(me),
        "may_edit": pulse_access.can_edit_pulse(me),
    }
    return render(request, "pulse/answer.html", context, status=status)


@page_rule(access.MANAGERS)
def pulse_results(request: AuthedRequest) -> HttpResponse:
    page = pulse_results_page(viewer=request.user, round_id=query_id(request, "round"))
    return render(request, "pulse/results.html", {"page": page})


def _questions_page(
    request: AuthedRequest, *, status: int = 200, **forms: FreeTextForm
) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    survey = pulse_survey_of(organisation=organisation)
    questions = list(pulse_access.questions_visible(request.user).order_by("position", "id"))
    active = [q for q in questions if q.is_active]
    context: dict[str, Any] = {
        "active": active,
        "retired": [q for q in questions if not q.is_active],
        "may_add": len(active) < MAX_ACTIVE_QUESTIONS,
        "max_active": MAX_ACTIVE_QUESTIONS,
        "add_form": forms.get("add_form") or QuestionForm(),
        "cadence_form": forms.get("cadence_form")
        or CadenceForm(initial={"cadence_months": survey.cadence_months}),
        "error_form": forms.get("error_form"),
        "rounds": rounds_participation(organisation=organisation),
        "members": members_count(organisation=organisation),
    }
    return render(request, "pulse/questions.html", context, status=status)


@page_rule(access.ADMINS)
def pulse_questions(request: AuthedRequest) -> HttpResponse:
    """GET: the questions, the cadence and each round's participation. POST: a new question."""
    if request.method != "POST":
        return _questions_page(request)
    form = QuestionForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            services.pulse_question_add(
                actor=request.user, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"]
            )
            messages.success(request, "Question added. " + _WHEN)
            return redirect("pulse_questions")
    return _questions_page(request, status=400, add_form=form)


_WHEN = "It is asked from the next round, or in the open one while nobody has answered it."


@require_POST
@page_rule(access.ADMINS)
def pulse_question_edit(request: AuthedRequest, question_id: int) -> HttpResponse:
    question = pulse_access.access_question(request.user, question_id)
    form = RewordForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            services.pulse_question_reword(
                actor=request.user, question=question, text=form.cleaned_data["text"]
            )
            messages.success(request, "Question reworded. " + _WHEN)
            return redirect("pulse_questions")
    return _questions_page(request, status=400, error_form=form)


@require_POST
@page_rule(access.ADMINS)
def pulse_question_move(request: AuthedRequest, question_id: int) -> HttpResponse:
    question = pulse_access.access_question(request.user, question_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            services.pulse_question_move(actor=request.user, question=question, by=form.by)
            messages.success(request, "Order changed. " + _WHEN)
            return redirect("pulse_questions")
    return _questions_page(request, status=400, error_form=form)


@require_POST
@page_rule(access.ADMINS)
def pulse_question_retire(request: AuthedRequest, question_id: int) -> HttpResponse:
    question = pulse_access.access_question(request.user, question_id)
    form = FreeTextForm(request.POST)
    form.is_valid()  # nothing to read: the form only carries the service's refusal
    with refusals_to_form(form):
        services.pulse_question_retire(actor=request.user, question=question)
        messages.success(request, "Question retired: its past results stay. " + _WHEN)
        return redirect("pulse_questions")
    return _questions_page(request, status=400, error_form=form)


@require_POST
@page_rule(access.ADMINS)
def pulse_cadence(request: AuthedRequest) -> HttpResponse:
    form = CadenceForm(request.POST)
    if form.is_valid():
        with refusals_to_form(form):
            services.pulse_cadence_set(
                actor=request.user, cadence_months=form.cleaned_data["cadence_months"]
            )
            messages.success(request, "Cadence saved: the next round follows it.")
            return redirect("pulse_questions")
    return _questions_page(request, status=400, cadence_form=form)
