"""API: personal data. An enablement admin downloads everything Uplift holds about a person of
their organisation, or erases the person (after confirming with their e-mail address). Both are
recorded on the audit trail."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from uplift.api.calls import caller
from uplift.api.schemas import REFUSALS, Id, InputSchema
from uplift.api.security import api_rule
from uplift.orgs import access
from uplift.privacy.access import access_data_subject
from uplift.privacy.services import person_erase_confirmed, person_export

router = Router(tags=["Personal data"])


class EraseIn(InputSchema):
    confirm: str = Field(max_length=254, description="The person's e-mail address, to confirm.")


class ErasedOut(Schema):
    person_id: int
    pseudonym: str
    texts_cleared: dict[str, int]
    mentions_replaced: int
    snapshots_rewritten: int
    points_reversed: int


@router.get(
    "/privacy/people/{person_id}/export",
    response={200: None, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Everything Uplift holds about a person, as a zip of JSON and CSV with a README",
)
def privacy_export(request: HttpRequest, person_id: Id) -> HttpResponse:
    person = access_data_subject(caller(request), person_id)
    response = HttpResponse(person_export(person=person, by=caller(request)))
    response["Content-Type"] = "application/zip"
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-{stamp}.zip"'
    return response


@router.post(
    "/privacy/people/{person_id}/erase",
    response={200: ErasedOut, **REFUSALS},
    auth=api_rule(access.ADMINS),
    summary="Erase a person: a pseudonym for their identity, their free text deleted",
)
def privacy_erase(request: HttpRequest, person_id: Id, payload: EraseIn) -> dict[str, Any]:
    person = access_data_subject(caller(request), person_id)
    result = person_erase_confirmed(person=person, by=caller(request), confirm=payload.confirm)
    return {
        "person_id": person.pk,
        "pseudonym": result.pseudonym,
        "texts_cleared": result.texts_cleared,
        "mentions_replaced": result.mentions_replaced,
        "snapshots_rewritten": result.snapshots_rewritten,
        "points_reversed": result.points_reversed,
    }
