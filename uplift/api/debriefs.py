"""API: Debriefs with the stars and their star profiles.

Every operation fetches through `uplift.debriefs.access`: debriefs and profiles outside the
caller's reach answer 404; changes by someone who may only read answer 403."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from uplift.api.pagination import paginated
from uplift.api.practice_schemas import PracticeContentIn
from uplift.api.schemas import ErrorOut, Id, InputSchema, PersonRef, Text
from uplift.api.security import api_rule
from uplift.core.refusals import Invalid
from uplift.debriefs import access as debrief_access
from uplift.debriefs import selectors, services
from uplift.debriefs.models import Debrief
from uplift.orgs import access
from uplift.orgs.models import Person
from uplift.practices.card_fields import CardContent
from uplift.presenters import star_profiles

router = Router(tags=["Debriefs"])


class DebriefOut(Schema):
    id: int
    status: str = Field(description="scheduled, completed or cancelled")
    scheduled_at: datetime
    duration_minutes: int
    star: PersonRef
    interviewer: PersonRef
    co_contributors: list[PersonRef]
    stages: list[str] = Field(description="Sales stages the guide covers")
    practice_ids: list[int] = Field(description="The practice drafts the debrief produced")


class DebriefDetailOut(DebriefOut):
    guide: str
    notes: str
    distinctive: list[dict[str, Any]] = Field(
        description="The star's distinctive behaviours when the debrief was scheduled"
    )
    where_they_win: list[dict[str, Any]] = Field(
        description="Outcomes where the star stood out (conversions, time in stage, cycle): "
        "results, never listed among the distinctive behaviours"
    )
    profile_as_of: str | None
    can_edit: bool


class ScheduleIn(InputSchema):
    star_id: int
    interviewer_id: int
    scheduled_at: datetime = Field(description="ISO 8601 with a time zone")
    co_contributor_ids: list[int] = []
    stages: list[str] | None = Field(
        None, description="Sales stages for the guide; omit to follow the star's behaviours"
    )
    duration_minutes: int = 60


class DebriefPatchIn(InputSchema):
    guide: str | None = None
    notes: str | None = None
    status: str | None = Field(None, description="scheduled, completed or cancelled")


class PracticeDraftIn(PracticeContentIn):  # type: ignore[misc]
    """A practice card drafted from the debrief: its content, and which behaviours it cites."""

    evidence_behaviours: list[str] | None = Field(
        None, description="Behaviour keys of the star's distinctive behaviours; omit for all"
    )


class PracticeDraftOut(Schema):
    id: int
    title: str
    status: str
    contributors: list[PersonRef]
    evidence: list[dict[str, Any]]


class StarProfileOut(Schema):
    person: PersonRef
    as_of: str | None
    rule: str
    caution: str
    is_star: bool
    distinctive: list[dict[str, Any]]
    behaviours: list[dict[str, Any]]


def _ref(person: Person) -> dict[str, Any]:
    return {"id": person.pk, "full_name": person.full_name}


def _out(debrief: Debrief, viewer: Person | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": debrief.pk,
        "status": debrief.status,
        "scheduled_at": debrief.scheduled_at,
        "duration_minutes": debrief.duration_minutes,
        "star": _ref(debrief.star),
        "interviewer": _ref(debrief.interviewer),
        "co_contributors": [_ref(p) for p in debrief.co_contributors.all()],
        "stages": list(debrief.stages),
        "practice_ids": sorted(p.pk for p in debrief.practices.all()),
    }
    if viewer is not None:
        data |= {
            "guide": debrief.guide,
            "notes": debrief.notes,
            "distinctive": debrief.distinctive,
            "where_they_win": debrief.where_they_win,
            "profile_as_of": debrief.profile.get("as_of"),
            "can_edit": debrief_access.can_edit_debrief(viewer, debrief),
        }
    return data


def _colleague(viewer: Person, person_id: int) -> Person:
    person = access.colleagues_visible(viewer).filter(pk=person_id).first()
    if person is None:
        raise Invalid(f"No active person {person_id} in your organisation.")
    return person


@router.get(
    "/debriefs",
    response=list[DebriefOut],
    auth=api_rule(access.SIGNED_IN),
    summary="Debriefs you take part in or may see",
)
@paginated(order=("-scheduled_at", "-id"), shape=_out)
def debriefs_list(request: HttpRequest, status: Text | None = None) -> QuerySet[Debrief]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    return selectors.debriefs_for(viewer=viewer, status=status)


@router.post(
    "/debriefs",
    response={201: DebriefDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=api_rule(debrief_access.SCHEDULERS),
    summary="Schedule a debrief with a star; the guide is drafted from their profile",
)
def debrief_schedule(request: HttpRequest, body: ScheduleIn) -> Status[dict[str, Any]]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    star = debrief_access.access_star(viewer, body.star_id)
    interviewer = _colleague(viewer, body.interviewer_id)
    others = [_colleague(viewer, pk) for pk in body.co_contributor_ids]
    debrief = services.debrief_schedule(
        scheduled_by=viewer,
        star=star,
        interviewer=interviewer,
        scheduled_at=body.scheduled_at,
        co_contributors=others,
        stages=body.stages,
        duration_minutes=body.duration_minutes,
    )
    return Status(201, _out(debrief, viewer))


@router.get(
    "/debriefs/{debrief_id}",
    response={200: DebriefDetailOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One debrief: guide, notes, evidence and drafts",
)
def debrief_get(request: HttpRequest, debrief_id: Id) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    return _out(debrief_access.access_debrief(viewer, debrief_id), viewer)


@router.patch(
    "/debriefs/{debrief_id}",
    response={200: DebriefDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Update a debrief's guide, notes or status",
)
def debrief_patch(request: HttpRequest, debrief_id: Id, body: DebriefPatchIn) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    debrief = debrief_access.access_debrief(viewer, debrief_id)
    if body.guide is not None or body.notes is not None:
        services.debrief_update(debrief=debrief, actor=viewer, guide=body.guide, notes=body.notes)
    if body.status is not None:
        status = body.status
        services.debrief_status_set(debrief=debrief, actor=viewer, status=status)
    return _out(debrief, viewer)


@router.post(
    "/debriefs/{debrief_id}/practices",
    response={201: PracticeDraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Create a practice draft from a debrief, credited to the star and co-contributors",
)
def debrief_practice_create(
    request: HttpRequest, debrief_id: Id, body: PracticeDraftIn
) -> Status[dict[str, Any]]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    debrief = debrief_access.access_debrief(viewer, debrief_id)
    practice = services.debrief_practice_create(
        debrief=debrief,
        author=viewer,
        content=CardContent.from_mapping(body.dict()),
        evidence_behaviours=body.evidence_behaviours,
    )
    evidence = services.debrief_evidence(debrief=debrief, behaviours=body.evidence_behaviours)
    return Status(
        201,
        {
            "id": practice.pk,
            "title": practice.title,
            "status": practice.status,
            "contributors": [_ref(p) for p in practice.contributors.order_by("full_name")],
            "evidence": evidence,
        },
    )


@router.get(
    "/stars/{person_id}/profile",
    response={200: StarProfileOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="A star's profile: their behaviours against the core, and the distinctive ones",
)
def star_profile_get(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    star = debrief_access.access_star(viewer, person_id)
    page = star_profiles.star_profile_page(viewer=viewer, star=star)
    profile = page.profile or {}
    return {
        "person": _ref(star),
        "as_of": page.as_of,
        "rule": page.rule_text,
        "caution": page.caution,
        "is_star": page.profile is not None,
        "distinctive": list(profile.get("distinctive") or []),
        "behaviours": list(profile.get("behaviours") or []),
    }
