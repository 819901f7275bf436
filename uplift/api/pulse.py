"""API: the engagement pulse. Everyone answers the open round; managers and leaders read their
teams' results of closed rounds, in groups of at least five people; enablement admins edit the
questions and the cadence. No operation returns one person's answers: none are stored."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from uplift.api.calls import caller
from uplift.api.pagination import paginated
from uplift.api.pulse_schemas import (
    PulseAnsweredOut,
    PulseAnswersIn,
    PulseQuestionIn,
    PulseQuestionOut,
    PulseQuestionPatch,
    PulseResultsOut,
    PulseResultsQuery,
    PulseRoundOut,
    PulseSettingsIn,
    PulseSettingsOut,
)
from uplift.api.schemas import REFUSALS, Id
from uplift.api.security import api_rule
from uplift.orgs import access
from uplift.pulse import access as pulse_access
from uplift.pulse import services
from uplift.pulse.errors import PulseError
from uplift.pulse.grouping import MIN_ANSWERS
from uplift.pulse.models import PulseQuestion
from uplift.pulse.results import open_round_answers, results_visible
from uplift.pulse.selectors import (
    GroupResult,
    has_answered,
    members_count,
    participation_of,
    round_questions,
    rounds_participation,
)

router = Router(tags=["Pulse"])


def _question(question: PulseQuestion) -> dict[str, Any]:
    return {
        "id": question.pk,
        "kind": question.kind,
        "text": question.text,
        "position": question.position + 1 if question.is_active else 0,
        "active": question.is_active,
        "retired_on": question.retired_on,
    }


def _group(group: GroupResult) -> dict[str, Any]:
    return {
        "team_id": group.team_id,
        "team_name": group.name,
        "holds": list(group.holds),
        "answers": group.answers,
        "engagement": group.engagement,
        "enps": group.enps,
        "questions": [
            {
                "question_id": s.question_id,
                "kind": s.kind,
                "text": s.text,
                "mean": s.mean,
                "enps": s.enps,
            }
            for s in group.questions
        ],
    }


# --- Answering ----------------------------------------------------------------------------------


@router.get(
    "/pulse/round",
    response=PulseRoundOut,
    auth=api_rule(access.SIGNED_IN),
    summary="The round open now: its questions, and whether you answered it",
)
def pulse_round(request: HttpRequest) -> dict[str, Any]:
    me = caller(request)
    organisation = access.viewer_organisation(me)
    round_ = services.pulse_round_current(organisation=organisation)
    return {
        "id": round_.pk,
        "label": round_.label,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "questions": [
            {
                "question_id": q.question_id,
                "kind": q.kind,
                "text": q.text,
                "scale_min": services.SCALES[q.kind].start,
                "scale_max": services.SCALES[q.kind].stop - 1,
            }
            for q in round_questions(round_=round_)
        ],
        "answered": has_answered(person=me, round_=round_),
        "answers": participation_of(round_=round_),
        "members": members_count(organisation=organisation),
    }


@router.post(
    "/pulse/round/answers",
    response={201: PulseAnsweredOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Answer the round open now, anonymously (once; every question)",
)
def pulse_round_answer(request: HttpRequest, payload: PulseAnswersIn) -> Status[dict[str, Any]]:
    me = caller(request)
    round_ = services.pulse_round_current(organisation=access.viewer_organisation(me))
    answers: dict[int, int] = {}
    for answer in payload.answers:
        if answer.question_id in answers:
            raise PulseError("Answer each question once.", field="answers")
        answers[answer.question_id] = answer.value
    services.pulse_answer(person=me, round_=round_, answers=answers)
    return Status(
        201,
        {
            "round_id": round_.pk,
            "answered": True,
            "detail": "Thank you: your answers are in, anonymously.",
        },
    )


# --- Results ------------------------------------------------------------------------------------


@router.get(
    "/pulse/results",
    response=PulseResultsOut,
    auth=api_rule(access.MANAGERS),
    summary="Your teams' results of the closed rounds, in groups of at least 5 people",
)
def pulse_results(request: HttpRequest, query: Query[PulseResultsQuery]) -> dict[str, Any]:
    me = caller(request)
    open_round, open_answers = open_round_answers(viewer=me)
    since: date | None = query.since
    return {
        "threshold": MIN_ANSWERS,
        "rounds": [
            {
                "round_id": results.round.pk,
                "label": results.round.label,
                "month": results.month,
                "opens_on": results.round.opens_on,
                "closes_on": results.round.closes_on,
                "answers": results.answers,
                "groups": [_group(g) for g in groups],
                "everyone": _group(results.everyone) if results.everyone else None,
            }
            for results, groups in results_visible(viewer=me, since=since)
        ],
        "open_round": {
            "round_id": open_round.pk,
            "label": open_round.label,
            "closes_on": open_round.closes_on,
            "answers": open_answers,
        }
        if open_round
        else None,
    }


# --- Questions and cadence (enablement admins) --------------------------------------------------


@router.get(
    "/pulse/questions",
    response=list[PulseQuestionOut],
    auth=api_rule(access.ADMINS),
    summary="The pulse's questions, active ones first in the order asked, then retired ones",
)
@paginated(order=("-is_active", "position", "id"), shape=_question)
def pulse_questions(request: HttpRequest) -> list[PulseQuestion]:
    me = caller(request)
    services.pulse_survey_of(organisation=access.viewer_organisation(me))
    return list(pulse_access.questions_visible(me))  # `is_active` is read, not stored


@router.post(
    "/pulse/questions",
    response={201: PulseQuestionOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Add a question (at most 5 active; one recommend question)",
)
def pulse_question_add(request: HttpRequest, payload: PulseQuestionIn) -> Status[dict[str, Any]]:
    question = services.pulse_question_add(
        actor=caller(request), text=payload.text, kind=payload.kind
    )
    return Status(201, _question(question))


@router.patch(
    "/pulse/questions/{question_id}",
    response={200: PulseQuestionOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Reword a question, or move it to another place in the order",
)
def pulse_question_change(
    request: HttpRequest, question_id: Id, payload: PulseQuestionPatch
) -> dict[str, Any]:
    me = caller(request)
    question = pulse_access.access_question(me, question_id)
    if payload.text is not None:
        services.pulse_question_reword(actor=me, question=question, text=payload.text)
    if payload.position is not None:
        question.refresh_from_db()
        services.pulse_question_move(
            actor=me, question=question, by=payload.position - 1 - question.position
        )
    question.refresh_from_db()
    return _question(question)


@router.post(
    "/pulse/questions/{question_id}/retire",
    response={200: PulseQuestionOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Stop asking a question from the next round on (its results stay)",
)
def pulse_question_retire(request: HttpRequest, question_id: Id) -> dict[str, Any]:
    me = caller(request)
    question = pulse_access.access_question(me, question_id)
    services.pulse_question_retire(actor=me, question=question)
    question.refresh_from_db()
    return _question(question)


def _settings(request: HttpRequest) -> dict[str, Any]:
    organisation = access.viewer_organisation(caller(request))
    survey = services.pulse_survey_of(organisation=organisation)
    return {
        "cadence_months": survey.cadence_months,
        "rounds": [
            {
                "round_id": p.round.pk,
                "label": p.round.label,
                "opens_on": p.round.opens_on,
                "closes_on": p.round.closes_on,
                "questions": p.questions,
                "answers": p.answers,
            }
            for p in rounds_participation(organisation=organisation)
        ],
    }


@router.get(
    "/pulse/settings",
    response=PulseSettingsOut,
    auth=api_rule(access.ADMINS),
    summary="The cadence, and how many people answered each of the latest rounds",
)
def pulse_settings(request: HttpRequest) -> dict[str, Any]:
    return _settings(request)


@router.patch(
    "/pulse/settings",
    response={200: PulseSettingsOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Change how often a round opens (the open round keeps its dates)",
)
def pulse_settings_change(request: HttpRequest, payload: PulseSettingsIn) -> dict[str, Any]:
    services.pulse_cadence_set(actor=caller(request), cadence_months=payload.cadence_months)
    return _settings(request)
