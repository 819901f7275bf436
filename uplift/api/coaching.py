"""API: coaching sessions, the role-play scenario library, role plays, calibration, progression.

The same access rules as the pages: a session (with its notes) is for the rep, their manager
chain and its coach; a role play also for its partner and raters; admins curate scenarios and
see no rep's sessions or scores."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from uplift.api.calls import caller
from uplift.api.coaching_schemas import (
    ActionItemIn,
    ActionItemOut,
    ActionMilestoneOut,
    CalibrationOut,
    ProgressionOut,
    RatingOut,
    RolePlayIn,
    RolePlayOut,
    ScenarioIn,
    ScenarioOut,
    ScoresIn,
    SessionIn,
    SessionOut,
    SessionPatch,
)
from uplift.api.pagination import paginated
from uplift.api.schemas import REFUSALS, ErrorOut, Id
from uplift.api.security import api_rule
from uplift.coaching import access as coaching_access
from uplift.coaching.models import (
    CoachingSession,
    RolePlayRating,
    RolePlayScenario,
    RolePlaySession,
)
from uplift.coaching.selectors.calibration import DISAGREEMENT_THRESHOLD, roleplay_calibration
from uplift.coaching.selectors.progression import rep_progression
from uplift.coaching.selectors.roleplays import roleplay_overall
from uplift.coaching.services import (
    RubricItemInput,
    ScenarioInput,
    action_item_create,
    action_item_to_milestone,
    coaching_session_create,
    coaching_session_update,
    roleplay_create,
    roleplay_retry_create,
    roleplay_score_submit,
    scenario_create,
    scenario_draft_from_practice,
)
from uplift.core.refusals import NotAllowed
from uplift.orgs import access
from uplift.orgs.models import Person
from uplift.practices.access import access_practice

router = Router(tags=["Coaching"])


def _ref(person: Person) -> dict[str, Any]:
    return {"id": person.pk, "full_name": person.full_name, "email": person.email}


def _session(session: CoachingSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "uid": str(session.uid),
        "kind": session.kind,
        "status": session.status,
        "rep": _ref(session.rep),
        "coach": _ref(session.coach),
        "scheduled_at": session.scheduled_at,
        "duration_minutes": session.duration_minutes,
        "agenda": session.agenda,
        "call_reference": session.call_reference,
        "notes": session.notes,
        "action_items": list(session.action_items.all()),
        "ics_url": reverse("coaching_session_ics", args=[session.pk]),
    }


def _scenario(scenario: RolePlayScenario) -> dict[str, Any]:
    return {
        "id": scenario.pk,
        "title": scenario.title,
        "status": scenario.status,
        "competency": scenario.competency,
        "practice_id": scenario.practice_id,
        "buyer_persona": scenario.buyer_persona,
        "situation": scenario.situation,
        "objections": scenario.objection_list,
        "success_criteria": scenario.criteria_list,
        "rubric": [
            {"id": i.pk, "competency": i.competency, "label": i.label, "levels": i.levels}
            for i in scenario.rubric_items.all()
        ],
    }


def _rating(rating: RolePlayRating) -> dict[str, Any]:
    return {
        "rater": _ref(rating.rater),
        "kind": rating.kind,
        "submitted_at": rating.submitted_at,
        "feedback": rating.feedback,
        "scores": [{"item_id": s.item_id, "score": s.score} for s in rating.scores.all()],
    }


def _roleplay(roleplay: RolePlaySession) -> dict[str, Any]:
    ratings = roleplay.ratings.select_related("rater").prefetch_related("scores")
    return {
        "id": roleplay.pk,
        "scenario_id": roleplay.scenario_id,
        "scenario_title": roleplay.scenario.title,
        "rep": _ref(roleplay.rep),
        "coach": _ref(roleplay.coach),
        "partner": _ref(roleplay.partner),
        "attempt": roleplay.attempt,
        "previous_id": roleplay.previous_id,
        "held_at": roleplay.held_at,
        "overall": roleplay_overall(roleplay=roleplay),
        "ratings": [_rating(r) for r in ratings],
    }


# --- Sessions -----------------------------------------------------------------------------------


@router.get(
    "/coaching/sessions",
    response=list[SessionOut],
    auth=api_rule(access.SIGNED_IN),
    summary="Coaching sessions you may see (yours, your chain's, the ones you coach)",
)
@paginated(order=("-scheduled_at", "-id"), shape=_session)
def sessions_list(request: HttpRequest) -> QuerySet[CoachingSession]:
    return coaching_access.sessions_visible(caller(request)).prefetch_related("action_items")


@router.post(
    "/coaching/sessions",
    response={201: SessionOut, **REFUSALS},
    auth=api_rule(access.MANAGERS),
    summary="Schedule a session with someone in your manager chain",
)
def session_create(request: HttpRequest, payload: SessionIn) -> tuple[int, dict[str, Any]]:
    me = caller(request)
    rep = coaching_access.access_coachee(me, payload.rep_id)
    coach = (
        coaching_access.access_coaching_colleague(me, payload.coach_id) if payload.coach_id else me
    )
    session = coaching_session_create(
        rep=rep,
        coach=coach,
        created_by=me,
        kind=payload.kind,
        scheduled_at=payload.scheduled_at,
        duration_minutes=payload.duration_minutes,
        agenda=payload.agenda,
        call_reference=payload.call_reference,
    )
    return 201, _session(session)


@router.get(
    "/coaching/sessions/{session_id}",
    response={200: SessionOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One session, with its notes and action items",
)
def session_get(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    return _session(coaching_access.access_session(caller(request), session_id))


@router.patch(
    "/coaching/sessions/{session_id}",
    response={200: SessionOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Change agenda, notes, status or time (the coach and the rep's chain)",
)
def session_update(request: HttpRequest, session_id: Id, payload: SessionPatch) -> dict[str, Any]:
    me = caller(request)
    session = coaching_access.access_session(me, session_id)
    if not coaching_access.can_run_session(me, session):
        raise NotAllowed("Only the coach and the rep's managers change a session.")
    coaching_session_update(session=session, **payload.dict(exclude_unset=True))
    return _session(session)


@router.post(
    "/coaching/sessions/{session_id}/action-items",
    response={201: ActionItemOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Add an action item to a session",
)
def action_item_add(
    request: HttpRequest, session_id: Id, payload: ActionItemIn
) -> tuple[int, object]:
    me = caller(request)
    session = coaching_access.access_session(me, session_id)
    if not coaching_access.can_run_session(me, session):
        raise NotAllowed("Only the coach and the rep's managers add action items.")
    item = action_item_create(
        session=session, title=payload.title, due_on=payload.due_on, created_by=me
    )
    return 201, item


@router.post(
    "/coaching/action-items/{item_id}/milestone",
    response={201: ActionMilestoneOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Turn an action item into a milestone on the rep's active development plan",
)
def action_item_milestone(request: HttpRequest, item_id: Id) -> tuple[int, object]:
    me = caller(request)
    item = coaching_access.access_action_item(me, item_id)
    if not coaching_access.can_plan_for_rep(me, item.session.rep):
        raise NotAllowed("Only the rep's managers add milestones to their plan.")
    milestone = action_item_to_milestone(item=item, created_by=me)
    return 201, milestone


# --- Scenarios ----------------------------------------------------------------------------------


@router.get(
    "/coaching/scenarios",
    response=list[ScenarioOut],
    auth=api_rule(access.SIGNED_IN),
    summary="The role-play scenario library (admins also see drafts and archived ones)",
)
@paginated(order=("title", "id"), shape=_scenario)
def scenarios_list(request: HttpRequest) -> QuerySet[RolePlayScenario]:
    return coaching_access.scenarios_visible(caller(request)).prefetch_related("rubric_items")


@router.get(
    "/coaching/scenarios/{scenario_id}",
    response={200: ScenarioOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One scenario with its rubric",
)
def scenario_get(request: HttpRequest, scenario_id: Id) -> dict[str, Any]:
    return _scenario(coaching_access.access_scenario(caller(request), scenario_id))


@router.post(
    "/coaching/scenarios",
    response={201: ScenarioOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Add a scenario to the library",
)
def scenario_add(request: HttpRequest, payload: ScenarioIn) -> tuple[int, dict[str, Any]]:
    me = caller(request)
    data = ScenarioInput(
        title=payload.title,
        competency=payload.competency,
        buyer_persona=payload.buyer_persona,
        situation=payload.situation,
        objections=payload.objections,
        success_criteria=payload.success_criteria,
        practice_id=payload.practice_id,
        rubric=[RubricItemInput(i.competency, i.label, list(i.levels)) for i in payload.rubric],
    )
    scenario = scenario_create(
        organisation=access.viewer_organisation(me),
        created_by=me,
        data=data,
        status=payload.status,
    )
    return 201, _scenario(scenario)


@router.post(
    "/coaching/scenarios/from-practice/{practice_id}",
    response={201: ScenarioOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Draft a scenario pre-filled from a practice card (saved as a draft)",
)
def scenario_from_practice(request: HttpRequest, practice_id: Id) -> tuple[int, dict[str, Any]]:
    me = caller(request)
    practice = access_practice(me, practice_id)  # admins see every card of their organisation
    scenario = scenario_draft_from_practice(practice=practice, created_by=me)
    return 201, _scenario(scenario)


# --- Role plays ---------------------------------------------------------------------------------


@router.get(
    "/coaching/role-plays",
    response=list[RolePlayOut],
    auth=api_rule(access.SIGNED_IN),
    summary="Role plays you may see (yours, your chain's, the ones you coach, partner or rate)",
)
@paginated(order=("-held_at", "-id"), shape=_roleplay)
def roleplays_list(request: HttpRequest) -> QuerySet[RolePlaySession]:
    return coaching_access.roleplays_visible(caller(request))


@router.post(
    "/coaching/role-plays",
    response={201: RolePlayOut, **REFUSALS},
    auth=api_rule(access.MANAGERS),
    summary="Record a role play of someone in your chain on a published scenario",
)
def roleplay_add(request: HttpRequest, payload: RolePlayIn) -> tuple[int, dict[str, Any]]:
    me = caller(request)
    rep = coaching_access.access_coachee(me, payload.rep_id)
    scenario = coaching_access.access_scenario(me, payload.scenario_id)
    partner = (
        coaching_access.access_coaching_colleague(me, payload.partner_id)
        if payload.partner_id
        else None
    )
    peers = [coaching_access.access_coaching_colleague(me, pk) for pk in payload.peer_rater_ids]
    roleplay = roleplay_create(
        scenario=scenario,
        rep=rep,
        coach=me,
        partner=partner,
        created_by=me,
        held_at=payload.held_at,
        peer_raters=peers,
    )
    return 201, _roleplay(roleplay)


@router.get(
    "/coaching/role-plays/{roleplay_id}",
    response={200: RolePlayOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One role play with every rater's scores",
)
def roleplay_get(request: HttpRequest, roleplay_id: Id) -> dict[str, Any]:
    return _roleplay(coaching_access.access_roleplay(caller(request), roleplay_id))


@router.post(
    "/coaching/role-plays/{roleplay_id}/scores",
    response={200: RatingOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Submit your scores (every rubric item, 1 to 5) and feedback as a rater",
)
def roleplay_scores(request: HttpRequest, roleplay_id: Id, payload: ScoresIn) -> dict[str, Any]:
    me = caller(request)
    roleplay = coaching_access.access_roleplay(me, roleplay_id)
    rating = roleplay_score_submit(
        roleplay=roleplay, rater=me, scores=payload.scores, feedback=payload.feedback
    )
    return _rating(rating)


@router.post(
    "/coaching/role-plays/{roleplay_id}/retry",
    response={201: RolePlayOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Start the next attempt with the same raters",
)
def roleplay_retry(request: HttpRequest, roleplay_id: Id) -> tuple[int, dict[str, Any]]:
    me = caller(request)
    roleplay = coaching_access.access_roleplay(me, roleplay_id)
    if not coaching_access.can_run_roleplay(me, roleplay):
        raise NotAllowed("Only the coach and the rep's managers start a retry.")
    retry = roleplay_retry_create(previous=roleplay, created_by=me)
    return 201, _roleplay(retry)


@router.get(
    "/coaching/role-plays/{roleplay_id}/calibration",
    response={200: CalibrationOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Spread of the raters' scores per rubric item, and each rater's lean",
)
def roleplay_calibration_get(request: HttpRequest, roleplay_id: Id) -> dict[str, Any]:
    roleplay = coaching_access.access_roleplay(caller(request), roleplay_id)
    calibration = roleplay_calibration(roleplay=roleplay)
    raters = [c.rating.rater_id for c in calibration.raters]
    return {
        "roleplay_id": roleplay.pk,
        "threshold": DISAGREEMENT_THRESHOLD,
        "raters": calibration.submitted,
        "items": [
            {
                "item_id": row.item.pk,
                "label": row.item.label,
                "competency": row.item.competency,
                "scores": {r: s for r, s in zip(raters, row.scores, strict=True) if s is not None},
                "mean": row.spread.mean if row.spread else None,
                "spread": row.spread.spread if row.spread else None,
                "sd": row.spread.sd if row.spread else None,
                "disagreement": bool(row.spread and row.spread.flagged),
            }
            for row in calibration.rows
        ],
        "leans": {c.rating.rater_id: c.lean for c in calibration.raters if c.lean is not None},
    }


@router.get(
    "/coaching/progression/{person_id}",
    response={200: ProgressionOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Skill progression per competency: role-play scores and assessment ratings",
)
def progression_get(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    rep = coaching_access.access_progression_subject(caller(request), person_id)
    progression = rep_progression(rep=rep)
    return {
        "person_id": rep.pk,
        "roleplays": [
            {
                "roleplay_id": p.roleplay.pk,
                "held_on": p.held_on,
                "competency": p.competency,
                "score": p.score,
                "coach": p.coach,
                "peers": p.peers,
                "raters": p.raters,
            }
            for p in progression.points
        ],
        "assessments": [a.__dict__ for a in progression.assessments],
    }
