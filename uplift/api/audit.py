"""API: the audit trail. Enablement admins and leaders search their organisation's trail;
everyone reads who opened or changed their own private records. Nothing is written here: the
trail is append-only and only its retention prune removes events."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from uplift.api.calls import caller
from uplift.api.pagination import Order, PageOut, PageQuery, page_of
from uplift.api.schemas import REFUSALS, Id
from uplift.api.security import api_rule
from uplift.audit.access import events_visible, openings_of_mine_visible
from uplift.audit.models import Action, AuditEvent
from uplift.orgs import access

router = Router(tags=["Audit trail"])
ORDER = Order(("-at", "-id"))


class AuditPersonOut(Schema):
    id: int
    name: str


class AuditEventOut(Schema):
    id: int
    at: datetime
    action: str = Field(description="The kind of event: " + ", ".join(Action.values) + ".")
    action_label: str
    actor: AuditPersonOut | None = Field(description="Who acted; null for Uplift itself.")
    subject: AuditPersonOut | None = Field(description="Whom the event is about, if anyone.")
    record: str = Field(description="The kind of private record opened or changed, if any.")
    record_id: int | None
    detail: str
    door: str = Field(description="page, api, command or system.")


class AuditEventsOut(PageOut):
    events: list[AuditEventOut] = Field(description="One page, newest first.")


class AuditEventsQuery(PageQuery):
    action: Action | None = Field(None, description="Only this kind of event.")
    person: Id | None = Field(
        None,
        description="Only events this person made or is about.",
    )
    since: date | None = Field(None, description="From this day (inclusive).")
    until: date | None = Field(None, description="To this day (inclusive).")


def _person(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "name": person.full_name or person.email}


def _event(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": event.at,
        "action": event.action,
        "action_label": event.get_action_display(),
        "actor": _person(event.actor),
        "subject": _person(event.subject),
        "record": event.record,
        "record_id": event.record_id,
        "detail": event.detail,
        "door": event.door,
    }


def _day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@router.get(
    "/audit/events",
    response={200: AuditEventsOut, **REFUSALS},
    auth=api_rule(access.LEADERS_AND_ADMINS),
    summary="Search your organisation's audit trail, newest first",
)
def audit_events(request: HttpRequest, query: Query[AuditEventsQuery]) -> dict[str, Any]:
    events = events_visible(caller(request)).select_related("actor", "subject")
    if query.action:
        events = events.filter(action=query.action)
    if query.person is not None:
        events = events.filter(Q(actor_id=query.person) | Q(subject_id=query.person))
    if query.since is not None:
        events = events.filter(at__gte=_day(query.since))
    if query.until is not None:
        events = events.filter(at__lt=_day(query.until + timedelta(days=1)))
    page = page_of(request, events, order=ORDER, query=query)
    return {"events": [_event(e) for e in page.items], "next": page.next, "limit": page.limit}


@router.get(
    "/audit/mine",
    response={200: AuditEventsOut, **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Who else opened or changed your private records, newest first",
)
def audit_mine(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    events = openings_of_mine_visible(caller(request)).select_related("actor", "subject")
    page = page_of(request, events, order=ORDER, query=query)
    return {"events": [_event(e) for e in page.items], "next": page.next, "limit": page.limit}
