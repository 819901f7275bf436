"""API: Formal recognition events: categories, nominations, shortlist, winners.

Everyone in the organisation reads its events, categories and, once decided, the winners with
their citations. Nominations are read by leaders and by whoever made them. Leaders create events,
close nominations, shortlist and decide."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema

from uplift.api.pagination import paginated
from uplift.api.schemas import ErrorOut, Id, InputSchema
from uplift.api.security import api_rule, rate_limit
from uplift.awards import access as award_access
from uplift.awards import selectors, services
from uplift.awards.evidence import KIND_LABELS, evidence_options
from uplift.awards.models import AwardEvent
from uplift.core.refusals import Invalid, NotFound
from uplift.orgs import access
from uplift.orgs.models import Person

router = Router(tags=["Awards"])


class EvidenceItem(Schema):
    kind: str = Field(description="practice, impact, help, kudos or points")
    key: str = Field(description="Stable key; send it back in `evidence` to attach the item.")
    label: str
    detail: str


class CategoryIn(InputSchema):
    name: str
    description: str = ""


class EventIn(InputSchema):
    name: str
    held_on: date
    venue: str = ""
    introduction: str = ""
    categories: list[CategoryIn]


class NomineeRef(Schema):
    id: int
    full_name: str
    team: str


class WinnerOut(Schema):
    nominee: NomineeRef
    citation: str
    decided_at: datetime


class NominationOut(Schema):
    id: int
    category_id: int
    nominee: NomineeRef
    nominator: NomineeRef
    reason: str
    evidence: list[EvidenceItem]
    shortlisted: bool
    created_at: datetime


class CategoryOut(Schema):
    id: int
    name: str
    description: str
    winner: WinnerOut | None = Field(description="Only once the event is decided.")
    finalists: list[NomineeRef] = Field(description="The shortlist, once the event is decided.")


class EventOut(Schema):
    id: int
    name: str
    held_on: date
    venue: str
    status: str = Field(description="open, shortlisting or decided")
    categories: list[CategoryOut]
    nominations: list[NominationOut] = Field(
        description="All of them for a leader; your own otherwise."
    )


class EventSummaryOut(Schema):
    id: int
    name: str
    held_on: date
    venue: str
    status: str


class NominationIn(InputSchema):
    category_id: int
    nominee_id: int
    reason: str = Field(description="At least 20 characters.")
    evidence: list[str] = Field(description="Keys from the nominee's evidence options.")


class StatusIn(InputSchema):
    to: str = Field(description="`shortlisting` to close nominations, `open` to reopen them.")


class ShortlistIn(InputSchema):
    shortlisted: bool


class WinnerIn(InputSchema):
    category_id: int
    nominee_id: int
    citation: str


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "team": person.team.name if person.team else "",
    }


def _nomination(n: Any) -> dict[str, Any]:
    return {
        "id": n.pk,
        "category_id": n.category_id,
        "nominee": _person(n.nominee),
        "nominator": _person(n.nominator),
        "reason": n.reason,
        "evidence": n.evidence,
        "shortlisted": n.shortlisted,
        "created_at": n.created_at,
    }


def _event(viewer: Person, event: AwardEvent) -> dict[str, Any]:
    views = selectors.event_categories(viewer=viewer, event=event)
    return {
        "id": event.pk,
        "name": event.name,
        "held_on": event.held_on,
        "venue": event.venue,
        "status": event.status,
        "categories": [
            {
                "id": v.category.pk,
                "name": v.category.name,
                "description": v.category.description,
                "winner": None
                if v.winner is None
                else {
                    "nominee": _person(v.winner.nominee),
                    "citation": v.winner.citation,
                    "decided_at": v.winner.decided_at,
                },
                "finalists": [_person(p) for p in v.finalists],
            }
            for v in views
        ],
        "nominations": [_nomination(n) for v in views for g in v.groups for n in g.nominations],
    }


@router.get(
    "/awards/events",
    response=list[EventSummaryOut],
    auth=api_rule(access.SIGNED_IN),
    summary="Recognition events of your organisation",
)
@paginated(order=("-held_on", "-id"))
def events_list(request: HttpRequest) -> QuerySet[AwardEvent]:
    return selectors.award_events_list(viewer=request.auth)  # type: ignore[attr-defined]


@router.post(
    "/awards/events",
    response={201: EventOut, 400: ErrorOut},
    auth=api_rule(access.LEADERS),
    summary="Create an event, open for nominations",
)
def event_create(request: HttpRequest, payload: EventIn) -> tuple[int, dict[str, Any]]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    event = services.award_event_create(
        organisation=access.viewer_organisation(viewer),
        created_by=viewer,
        name=payload.name,
        held_on=payload.held_on,
        venue=payload.venue,
        introduction=payload.introduction,
        categories=[services.CategorySpec(c.name, c.description) for c in payload.categories],
    )
    return 201, _event(viewer, event)


@router.get(
    "/awards/events/{event_id}",
    response={200: EventOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One event, with what you may see of it",
)
def event_get(request: HttpRequest, event_id: Id) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    return _event(viewer, award_access.access_award_event(viewer, event_id))


@router.get(
    "/awards/events/{event_id}/evidence/{person_id}",
    response={200: list[EvidenceItem], 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="What you may attach as evidence when nominating a colleague",
)
@paginated(order=("kind_order", "key"), shape=lambda row: row["option"])
def evidence_list(request: HttpRequest, event_id: Id, person_id: Id) -> list[dict[str, Any]]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    award_access.access_award_event(viewer, event_id)
    nominee = selectors.nominee_choices(viewer=viewer).filter(pk=person_id).first()
    if nominee is None:
        raise NotFound("No such colleague.")
    kinds = list(KIND_LABELS)  # grouped by kind as the nomination form shows them
    return [
        {"kind_order": kinds.index(o.kind), "key": o.key, "option": o.to_dict()}
        for o in evidence_options(viewer=viewer, nominee=nominee)
    ]


@router.post(
    "/awards/events/{event_id}/nominations",
    response={201: NominationOut, 400: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    throttle=rate_limit("nominations"),
    summary="Nominate a colleague, with evidence",
)
def nomination_create(
    request: HttpRequest, event_id: Id, payload: NominationIn
) -> tuple[int, dict[str, Any]]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    event = award_access.access_award_event(viewer, event_id)
    nominee = access.colleagues_visible(viewer).filter(pk=payload.nominee_id).first()
    if nominee is None:
        raise Invalid("Nominate an active colleague of your organisation.", field="nominee_id")
    nomination = services.nomination_create(
        event=event,
        category_id=payload.category_id,
        nominee=nominee,
        nominator=viewer,
        reason=payload.reason,
        evidence_keys=payload.evidence,
    )
    return 201, _nomination(nomination)


@router.post(
    "/awards/events/{event_id}/status",
    response={200: EventOut, 400: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.LEADERS),
    summary="Close nominations for shortlisting, or reopen them",
)
def event_status(request: HttpRequest, event_id: Id, payload: StatusIn) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    event = award_access.access_award_event(viewer, event_id)
    services.award_event_advance(event=event, to=payload.to)
    return _event(viewer, event)


@router.post(
    "/awards/nominations/{nomination_id}/shortlist",
    response={200: NominationOut, 400: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.LEADERS),
    summary="Put a nominee on the shortlist, or off it",
)
def nomination_shortlist(
    request: HttpRequest, nomination_id: Id, payload: ShortlistIn
) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    nomination = award_access.access_nomination(viewer, nomination_id)
    services.nomination_shortlist_set(nomination=nomination, shortlisted=payload.shortlisted)
    return _nomination(nomination)


@router.post(
    "/awards/events/{event_id}/winners",
    response={200: EventOut, 400: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.LEADERS),
    summary="Decide the winners from the shortlist, with citations",
)
def winners_decide(request: HttpRequest, event_id: Id, payload: list[WinnerIn]) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    event = award_access.access_award_event(viewer, event_id)
    services.award_winners_decide(
        event=event,
        decided_by=viewer,
        choices=[services.WinnerChoice(w.category_id, w.nominee_id, w.citation) for w in payload],
    )
    return _event(viewer, event)
