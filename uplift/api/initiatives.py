"""API: sharing initiatives — the charter, partners and their answers, commitments kept or missed
from the records, sessions with their attendance, mentoring pairs and check-ins, and the health.

The same access rules as the pages: commitments are their person's, their managers' and the
sponsor's; the health is for leaders and enablement; the pulse on it follows the pulse's rule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from uplift.api.calls import caller
from uplift.api.initiative_schemas import (
    AnswerIn,
    AttendanceIn,
    CloseIn,
    CommitmentOut,
    DecisionIn,
    DraftIn,
    DraftOut,
    HealthOut,
    InitiativeDetailOut,
    InitiativeOut,
    InviteIn,
    LaunchIn,
    LeaderPledgeIn,
    MentoringCheckInIn,
    MentoringCheckInOut,
    PairIn,
    PairOut,
    PartnerOut,
    PartnerPledgeIn,
    SharingSessionIn,
    SharingSessionOut,
)
from uplift.api.pagination import paginated
from uplift.api.schemas import REFUSALS, ErrorOut, Id
from uplift.api.security import api_rule
from uplift.initiatives import access as initiative_access
from uplift.initiatives.health import target_of
from uplift.initiatives.kinds import KINDS, Committer, Kind
from uplift.initiatives.models import Initiative, MentoringPair, Partner, SharingSession
from uplift.initiatives.progress import commitment_statuses
from uplift.initiatives.proposal import stars_proposed
from uplift.initiatives.services import (
    CharterInput,
    check_in_log,
    initiative_close,
    initiative_launch,
    invitation_answer,
    leader_commitments_set,
    pair_decide,
    pair_propose,
    partner_commitments_change,
    partners_invite,
    session_attendance_record,
    session_draft_content,
    session_practice_draft,
    session_schedule,
)
from uplift.insights.selectors import analysis_latest
from uplift.orgs import access
from uplift.orgs.models import Person
from uplift.practices.access import access_practice
from uplift.presenters.initiative_health import health_for

router = Router(tags=["Sharing initiatives"])


def _ref(person: Person) -> dict[str, Any]:
    return {"id": person.pk, "full_name": person.full_name}


def _initiative(initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "name": initiative.name,
        "purpose": initiative.purpose,
        "status": initiative.status,
        "sponsor": _ref(initiative.sponsor),
        "owner": _ref(initiative.owner),
        "scope_team": initiative.scope_team.name if initiative.scope_team else None,
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "cadence": initiative.cadence,
        "target": target_of(initiative),
        "baseline": initiative.baseline,
        "retrospective": initiative.retrospective,
    }


def _partner(partner: Partner) -> dict[str, Any]:
    return {
        "person": _ref(partner.person),
        "status": partner.status,
        "invited_at": partner.invited_at,
        "answered_at": partner.answered_at,
        "p_star": partner.evidence.get("p_star"),
    }


def _session(session: SharingSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "kind": session.kind,
        "topic": session.topic,
        "host": _ref(session.host),
        "practice_id": session.practice_id,
        "scheduled_at": session.scheduled_at,
        "duration_minutes": session.duration_minutes,
        "status": session.status,
        "attendance": [_ref(a.person) for a in session.attendance.select_related("person")],
        "draft_practice_id": session.draft_practice_id,
        "ics_url": reverse("initiatives_session_ics", args=[session.pk]),
    }


def _pair(pair: MentoringPair) -> dict[str, Any]:
    return {
        "id": pair.pk,
        "mentor": _ref(pair.mentor),
        "mentee": _ref(pair.mentee),
        "status": pair.status,
        "goal": pair.goal,
        "check_ins": [
            {"id": c.pk, "held_on": c.held_on, "note": c.note} for c in pair.check_ins.all()
        ],
    }


def _counts(payload: Any, committer: Committer) -> dict[Kind, int]:
    return {
        spec.kind: getattr(payload, spec.field)
        for spec in KINDS
        if spec.committer == committer and payload is not None
    }


# --- Initiatives --------------------------------------------------------------------------------


@router.get(
    "/initiatives",
    response=list[InitiativeOut],
    auth=api_rule(access.SIGNED_IN),
    summary="Your organisation's sharing initiatives, running and closed",
)
@paginated(order=("-starts_on", "name", "id"), shape=_initiative)
def initiatives_list(request: HttpRequest) -> QuerySet[Initiative]:
    return initiative_access.initiatives_visible(caller(request))


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **REFUSALS},
    auth=api_rule(access.LEADERS),
    summary="Launch an initiative; the latest analysis' gap is frozen as its baseline",
)
def initiative_create(request: HttpRequest, payload: LaunchIn) -> Status[dict[str, Any]]:
    me = caller(request)
    organisation = access.viewer_organisation(me)
    team = access.access_team(me, payload.scope_team_id) if payload.scope_team_id else None
    initiative = initiative_launch(
        launched_by=me,
        charter=CharterInput(
            name=payload.name,
            purpose=payload.purpose,
            sponsor=access.access_colleague(me, payload.sponsor_id),
            owner=access.access_colleague(me, payload.owner_id),
            scope_team=team,
            starts_on=payload.starts_on,
            quarters=payload.quarters,
            close_fraction=payload.close_fraction,
            cadence=payload.cadence,
        ),
        run=analysis_latest(organisation=organisation),
    )
    return Status(201, _initiative(initiative))


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeDetailOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One initiative with its partners (and, for its leaders, the stars to invite)",
)
def initiative_get(request: HttpRequest, initiative_id: Id) -> dict[str, Any]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    partners = list(initiative_access.partners_visible(me, initiative))
    invited = set(initiative.partners.values_list("person_id", flat=True))
    proposed = []
    if initiative_access.can_lead_initiative(me, initiative) and initiative.is_running:
        run = analysis_latest(organisation=initiative.organisation)
        stars = stars_proposed(
            organisation=initiative.organisation, scope_team=initiative.scope_team, run=run
        )
        proposed = [
            {"person": {"id": s.person_id, "full_name": s.name}, "team": s.team, "p_star": s.p_star}
            for s in stars
            if s.person_id not in invited
        ]
    return {
        **_initiative(initiative),
        "partners": [_partner(p) for p in partners],
        "proposed": proposed,
    }


@router.post(
    "/initiatives/{initiative_id}/partners",
    response={201: list[PartnerOut], **REFUSALS},
    auth=api_rule(access.LEADERS),
    summary="Invite people to partner (the sponsor and the leader who launched it)",
)
def partners_add(
    request: HttpRequest, initiative_id: Id, payload: InviteIn
) -> Status[list[dict[str, Any]]]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    people = [access.access_colleague(me, pk) for pk in payload.person_ids]
    run = analysis_latest(organisation=initiative.organisation)
    stars = stars_proposed(
        organisation=initiative.organisation, scope_team=initiative.scope_team, run=run
    )
    as_of = run.as_of.isoformat() if run is not None and run.as_of else ""
    invited = partners_invite(
        initiative=initiative,
        invited_by=me,
        people=people,
        evidence={s.person_id: s.evidence(as_of) for s in stars},
    )
    return Status(201, [_partner(p) for p in invited])


@router.post(
    "/initiatives/{initiative_id}/invitation",
    response={200: PartnerOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Answer your invitation: accept with your quarterly commitments, or decline",
)
def invitation_reply(request: HttpRequest, initiative_id: Id, payload: AnswerIn) -> dict[str, Any]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    partner = initiative_access.access_invitation(me, initiative)
    answered = invitation_answer(
        partner=partner,
        actor=me,
        accept=payload.accept,
        counts=_counts(payload.commitments, Committer.PARTNER),
        note=payload.note,
    )
    return _partner(answered)


def _statuses(me: Person, initiative: Initiative) -> list[dict[str, Any]]:
    visible = initiative_access.commitments_visible(me, initiative)
    statuses = commitment_statuses(initiative, visible, today=timezone.localdate())
    people = {c.person_id: c.person for c in visible}
    return [
        {
            "id": s.commitment_id,
            "person": _ref(people[s.person_id]),
            "kind": s.kind.value,
            "label": s.label,
            "target": s.target,
            "achieved": s.achieved,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
            "state": s.state.value,
            "kept_on": s.kept_on,
        }
        for s in statuses
    ]


@router.get(
    "/initiatives/{initiative_id}/commitments",
    response={200: list[CommitmentOut], 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Commitments you may see, each kept, missed, due or to come, from the records",
)
@paginated(order=("starts_on", "id"))
def commitments_list(request: HttpRequest, initiative_id: Id) -> list[dict[str, Any]]:
    me = caller(request)
    return _statuses(me, initiative_access.access_initiative(me, initiative_id))


@router.put(
    "/initiatives/{initiative_id}/commitments/partner",
    response={200: list[CommitmentOut], **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="As a partner, set what you commit to each quarter from the current one on",
)
def commitments_partner(
    request: HttpRequest,
    initiative_id: Id,
    payload: PartnerPledgeIn,  # type: ignore[valid-type]
) -> list[dict[str, Any]]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    partner_commitments_change(
        initiative=initiative,
        partner=me,
        counts=_counts(payload, Committer.PARTNER),
        today=timezone.localdate(),
    )
    return _statuses(me, initiative)


@router.put(
    "/initiatives/{initiative_id}/commitments/leader",
    response={200: list[CommitmentOut], **REFUSALS},
    auth=api_rule(access.LEADERS),
    summary="As a leader, set your spotlights a month, events a year and sessions a quarter",
)
def commitments_leader(
    request: HttpRequest,
    initiative_id: Id,
    payload: LeaderPledgeIn,  # type: ignore[valid-type]
) -> list[dict[str, Any]]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    leader_commitments_set(
        initiative=initiative,
        leader=me,
        counts=_counts(payload, Committer.LEADER),
        today=timezone.localdate(),
    )
    return _statuses(me, initiative)


@router.get(
    "/initiatives/{initiative_id}/health",
    response={200: HealthOut, **REFUSALS},
    auth=api_rule(access.LEADERS_AND_ADMINS),
    summary="The funnel, participation beyond the stars, gap closure and the pulse",
)
def health_get(request: HttpRequest, initiative_id: Id) -> dict[str, Any]:
    me = caller(request)
    _initiative, health = health_for(me, initiative_id)
    pulse = (
        None
        if health.pulse is None
        else [
            {
                "team_id": team.team_id,
                "team": team.team_name,
                "participation": team.participation,
                "months": [vars(m) for m in team.months],
                "label": "correlation",
            }
            for team in health.pulse
        ]
    )
    return {**health.report(), "pulse": pulse}


@router.post(
    "/initiatives/{initiative_id}/close",
    response={200: InitiativeOut, **REFUSALS},
    auth=api_rule(access.LEADERS),
    summary="Close the initiative with a written retrospective",
)
def initiative_end(request: HttpRequest, initiative_id: Id, payload: CloseIn) -> dict[str, Any]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    closed = initiative_close(initiative=initiative, actor=me, retrospective=payload.retrospective)
    return _initiative(closed)


# --- Sessions -----------------------------------------------------------------------------------


@router.get(
    "/initiatives/{initiative_id}/sessions",
    response={200: list[SharingSessionOut], 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="The initiative's sessions, newest first",
)
@paginated(order=("-scheduled_at", "-id"), shape=_session)
def sessions_list(request: HttpRequest, initiative_id: Id) -> QuerySet[SharingSession]:
    initiative = initiative_access.access_initiative(caller(request), initiative_id)
    return initiative.sessions.select_related("host")


@router.post(
    "/initiatives/{initiative_id}/sessions",
    response={201: SharingSessionOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Schedule a session (partners host their own; leaders and the owner any host's)",
)
def session_create(
    request: HttpRequest, initiative_id: Id, payload: SharingSessionIn
) -> Status[dict[str, Any]]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    session = session_schedule(
        initiative=initiative,
        actor=me,
        host=initiative_access.access_guest(me, payload.host_id) if payload.host_id else me,
        kind=payload.kind,
        topic=payload.topic,
        practice=access_practice(me, payload.practice_id) if payload.practice_id else None,
        scheduled_at=payload.scheduled_at,
        duration_minutes=payload.duration_minutes,
    )
    return Status(201, _session(session))


@router.post(
    "/initiatives/sessions/{sharing_session_id}/attendance",
    response={200: SharingSessionOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Record who came (the host and the initiative's leaders and owner)",
)
def session_attendance(
    request: HttpRequest, sharing_session_id: Id, payload: AttendanceIn
) -> dict[str, Any]:
    me = caller(request)
    session = initiative_access.access_session(me, sharing_session_id)
    people = [initiative_access.access_guest(me, pk) for pk in payload.person_ids]
    return _session(session_attendance_record(session=session, actor=me, people=people))


@router.post(
    "/initiatives/sessions/{sharing_session_id}/draft",
    response={201: DraftOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Turn a held session's notes into a practice draft credited to its host",
)
def session_draft(
    request: HttpRequest, sharing_session_id: Id, payload: DraftIn
) -> Status[dict[str, Any]]:
    me = caller(request)
    session = initiative_access.access_session(me, sharing_session_id)
    content = session_draft_content(session)
    if payload.title:
        content = type(content)(**{**content.values(), "title": payload.title})
    practice = session_practice_draft(session=session, actor=me, content=content)
    return Status(201, {"practice_id": practice.pk, "title": practice.title})


# --- Mentoring ----------------------------------------------------------------------------------


@router.post(
    "/initiatives/{initiative_id}/mentoring",
    response={201: PairOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="As a partner, propose to mentor a rep (their manager agrees)",
)
def pair_create(request: HttpRequest, initiative_id: Id, payload: PairIn) -> Status[dict[str, Any]]:
    me = caller(request)
    initiative = initiative_access.access_initiative(me, initiative_id)
    mentee = initiative_access.access_mentee(me, payload.mentee_id)
    pair = pair_propose(initiative=initiative, mentor=me, mentee=mentee, goal=payload.goal)
    return Status(201, _pair(pair))


@router.post(
    "/initiatives/mentoring/{pair_id}/decision",
    response={200: PairOut, **REFUSALS},
    auth=api_rule(access.MANAGERS),
    summary="As the mentee's manager, agree to a mentoring pair or decline it",
)
def pair_decision(request: HttpRequest, pair_id: Id, payload: DecisionIn) -> dict[str, Any]:
    me = caller(request)
    pair = initiative_access.access_pair(me, pair_id)
    return _pair(pair_decide(pair=pair, actor=me, agree=payload.agree))


@router.post(
    "/initiatives/mentoring/{pair_id}/check-ins",
    response={201: MentoringCheckInOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="As the mentor or the mentee, log that you met",
)
def check_in_create(
    request: HttpRequest, pair_id: Id, payload: MentoringCheckInIn
) -> Status[dict[str, Any]]:
    me = caller(request)
    pair = initiative_access.access_pair(me, pair_id)
    check_in = check_in_log(pair=pair, actor=me, held_on=payload.held_on, note=payload.note)
    return Status(201, {"id": check_in.pk, "held_on": check_in.held_on, "note": check_in.note})
