"""API: The practice library: cards, review and approval, versions, comments, search, adoption."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from uplift.api.calls import caller
from uplift.api.pagination import paginated
from uplift.api.practice_schemas import (
    AdoptIn,
    AdoptionOut,
    AdvanceIn,
    ApproveIn,
    CommentIn,
    CommentOut,
    HabitCheckOut,
    LibraryQuery,
    PracticeDetailOut,
    PracticeIn,
    PracticeOut,
    PracticeUpdateIn,
    SendBackIn,
    SubmitIn,
)
from uplift.api.schemas import ErrorOut, Id
from uplift.api.security import api_rule, rate_limit
from uplift.core.refusals import Invalid
from uplift.orgs import access
from uplift.orgs.models import Person, Role
from uplift.practices import adoptions, habits, selectors, services
from uplift.practices.access import access_adoption, access_practice
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Adoption, Practice

router = Router(tags=["Practices"])
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _people(viewer: Person, ids: list[int]) -> list[Person]:
    found = list(access.colleagues_visible(viewer).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Invalid(
            "Some contributors are not people of your organisation.", field="contributor_ids"
        )
    return found


@router.get(
    "/practices",
    response=list[PracticeOut],
    auth=api_rule(access.SIGNED_IN),
    summary="List and search the practices you may see",
)
@paginated(order=("title", "id"))
def practice_list(request: HttpRequest, query: Query[LibraryQuery]) -> QuerySet[Practice]:
    filters = selectors.LibraryFilters(
        query.q[:200], query.stage, query.competency, query.contributor, query.status
    )
    return selectors.practice_library(viewer=caller(request), filters=filters)


@router.get(
    "/practices/{practice_id}",
    response={200: PracticeDetailOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One practice card",
)
def practice_get(request: HttpRequest, practice_id: Id) -> Practice:
    return access_practice(caller(request), practice_id)


@router.post(
    "/practices",
    response={201: PracticeDetailOut, 400: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Create a draft practice",
)
def practice_create(request: HttpRequest, payload: PracticeIn) -> Status[Any]:
    viewer = caller(request)
    data = payload.dict()
    contributors = _people(viewer, data.pop("contributor_ids"))
    practice = services.practice_draft_create(
        organisation=access.viewer_organisation(viewer),
        author=viewer,
        content=CardContent.from_mapping(data),
        contributors=contributors,
        evidence=data["evidence"],
    )
    return Status(201, practice)


@router.patch(
    "/practices/{practice_id}",
    response={200: PracticeDetailOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    summary="Edit a practice (an approved one gets a new version)",
)
def practice_patch(request: HttpRequest, practice_id: Id, payload: PracticeUpdateIn) -> Practice:
    viewer = caller(request)
    practice = access_practice(viewer, practice_id)
    changes = payload.dict(exclude_unset=True)
    summary = changes.pop("summary", "")
    if "contributor_ids" in changes:
        changes["contributors"] = _people(viewer, changes.pop("contributor_ids") or [])
    changes = {k: v for k, v in changes.items() if v is not None}
    return services.practice_update(
        practice=practice, actor=viewer, changes=changes, summary=summary
    )


@router.post(
    "/practices/{practice_id}/submit",
    response={200: PracticeOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    summary="Submit a draft for review",
)
def practice_submit(request: HttpRequest, practice_id: Id, payload: SubmitIn) -> Practice:
    viewer = caller(request)
    practice = access_practice(viewer, practice_id)
    if payload.sponsor_id is None:
        sponsor = practice.sponsor
    else:
        leaders = access.colleagues_visible(viewer).filter(role=Role.LEADER)
        sponsor = leaders.filter(pk=payload.sponsor_id).first()
    if sponsor is None:
        raise Invalid("The sponsor must be a leader of your organisation.", field="sponsor_id")
    return services.practice_submit(practice=practice, actor=viewer, sponsor=sponsor)


@router.post(
    "/practices/{practice_id}/approve",
    response={200: PracticeOut, **WRITE},
    auth=api_rule(access.LEADERS),
    summary="Approve a practice you sponsor",
)
def practice_approve(request: HttpRequest, practice_id: Id, payload: ApproveIn) -> Practice:
    viewer = caller(request)
    practice = access_practice(viewer, practice_id)
    return services.practice_approve(practice=practice, actor=viewer, note=payload.note)


@router.post(
    "/practices/{practice_id}/send-back",
    response={200: PracticeOut, **WRITE},
    auth=api_rule(access.LEADERS),
    summary="Send a practice back to its authors with a reason",
)
def practice_send_back(request: HttpRequest, practice_id: Id, payload: SendBackIn) -> Practice:
    viewer = caller(request)
    practice = access_practice(viewer, practice_id)
    return services.practice_send_back(practice=practice, actor=viewer, reason=payload.reason)


@router.post(
    "/practices/{practice_id}/comments",
    response={201: CommentOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    throttle=rate_limit("comments"),
    summary="Comment on or ask about a practice",
)
def practice_comment(request: HttpRequest, practice_id: Id, payload: CommentIn) -> Status[Any]:
    viewer = caller(request)
    practice = access_practice(viewer, practice_id)
    parent = None
    if payload.parent_id is not None:
        parent = selectors.practice_comment_find(practice=practice, comment_id=payload.parent_id)
        if parent is None:
            raise Invalid("The comment you reply to is not on this practice.", field="parent_id")
    comment = services.practice_comment_create(
        practice=practice,
        author=viewer,
        body=payload.body,
        parent=parent,
        is_question=payload.is_question,
    )
    return Status(201, comment)


@router.post(
    "/practices/{practice_id}/adopt",
    response={201: AdoptionOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    summary="Plan to adopt a practice (yourself, or a rep you manage)",
)
def practice_adopt(request: HttpRequest, practice_id: Id, payload: AdoptIn) -> Status[Any]:
    viewer = caller(request)
    practice = access_practice(viewer, practice_id)
    person = (
        viewer if payload.person_id is None else access.access_person(viewer, payload.person_id)
    )
    adoption = adoptions.adoption_start(practice=practice, person=person, actor=viewer)
    return Status(201, adoption)


@router.post(
    "/adoptions/{adoption_id}/advance",
    response={200: AdoptionOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    summary="Move an adoption to its next stage",
)
def adoption_advance(request: HttpRequest, adoption_id: Id, payload: AdvanceIn) -> Adoption:
    viewer = caller(request)
    adoption = access_adoption(viewer, adoption_id)
    return adoptions.adoption_advance(
        adoption=adoption, actor=viewer, stage=payload.stage, on=payload.on, note=payload.note
    )


@router.post(
    "/adoptions/{adoption_id}/check",
    response={200: HabitCheckOut, **WRITE},
    auth=api_rule(access.SIGNED_IN),
    summary="Habitual if the rep's linked behaviour moved",
)
def adoption_check(request: HttpRequest, adoption_id: Id) -> dict[str, Any]:
    viewer = caller(request)
    adoption = access_adoption(viewer, adoption_id)
    result = habits.adoption_habit_check(adoption=adoption, actor=viewer)
    adoption.refresh_from_db()
    return {"moved": result.moved, "message": result.message, "adoption": adoption}
