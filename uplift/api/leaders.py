"""API: The future-leaders view (leaders only): the components side by side for the people in
your part of the organisation, and one person's evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from uplift.api.pagination import Order, PageOut, PageQuery, page_of
from uplift.api.schemas import ErrorOut, Id, Text
from uplift.api.security import api_rule
from uplift.core.refusals import Invalid, NotFound
from uplift.orgs import access
from uplift.orgs.models import Person
from uplift.presenters.leaders_board import SORTS, leader_person, leaders_board, sort_value

router = Router(tags=["Future leaders"])


class LeaderRow(Schema):
    rep_id: str = Field(description="The CRM id when the person has one, else the Uplift id.")
    person_id: int
    email: str
    name: str
    role: str
    team: str
    score: float = Field(description="Sort key only: mean component percentile x 100.")
    components: dict[str, Any] = Field(
        description="contribution, help, network, reach, impact: the numbers and percentiles."
    )
    why: dict[str, str] = Field(description="Where each component's number comes from.")


class LeadersOut(PageOut):
    as_of: str
    score_rule: str
    impact_measured: bool
    notes: list[str]
    leaders: list[LeaderRow] = Field(description="One page of the people, in the order asked.")


class PracticeEvidence(Schema):
    title: str
    status: str
    adopters: list[str]
    co_contributors: list[str]


class HelpEvidence(Schema):
    kind: str
    on: date | None
    label: str


class LeaderPersonOut(Schema):
    person_id: int
    name: str
    leader: LeaderRow | None
    practices: list[PracticeEvidence]
    helped: list[HelpEvidence]
    thanked: list[HelpEvidence]
    points: int | None


@router.get(
    "/leaders",
    response={200: LeadersOut, 400: ErrorOut, 404: ErrorOut},
    auth=api_rule(access.LEADERS),
    summary="Future leaders in your part of the organisation",
)
def leaders_list(
    request: HttpRequest, page: Query[PageQuery], sort: Text = "score"
) -> dict[str, Any]:
    if sort not in SORTS:
        raise Invalid(f"sort must be one of: {', '.join(SORTS)}.", field="sort")
    board = leaders_board(viewer=request.auth, sort=sort, descending=sort != "name")  # type: ignore[attr-defined]
    if board is None:
        raise NotFound("No analysis with future leaders yet: run `uplift analyze`.")
    # Paged on the sort's value, then the person: a cursor read under another sort is refused.
    order = Order((sort if sort == "name" else f"-{sort}", "person_id"))
    keyed = [{sort: sort_value(r, sort), "person_id": r["person_id"], "row": r} for r in board.rows]
    found = page_of(request, keyed, order=order, query=page)
    return {
        "as_of": board.as_of,
        "score_rule": board.score_rule,
        "impact_measured": board.impact_measured,
        "notes": board.notes,
        "leaders": [k["row"] for k in found.items],
        "next": found.next,
        "limit": found.limit,
    }


@router.get(
    "/leaders/{person_id}",
    response={200: LeaderPersonOut, 404: ErrorOut},
    auth=api_rule(access.LEADERS),
    summary="One person's components and the evidence",
)
def leader_get(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    viewer: Person = request.auth  # type: ignore[attr-defined]
    person = access.access_person(viewer, person_id)
    evidence = leader_person(viewer=viewer, person=person)
    row = {**evidence.row, "why": evidence.why} if evidence.row else None
    return {
        "person_id": person.pk,
        "name": person.full_name,
        "leader": row,
        "practices": evidence.practices,
        "helped": evidence.helped,
        "thanked": [{"kind": "kudos", **k} for k in evidence.thanked],
        "points": evidence.points,
    }
