"""API: your own notifications and how each kind is e-mailed to you. Nobody reads another
person's notifications, whatever their role."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from uplift.api.calls import caller
from uplift.api.pagination import Order, PageOut, PageQuery, page_of, paginated
from uplift.api.schemas import REFUSALS, Id, InputSchema
from uplift.api.security import api_rule
from uplift.core.links import site_url
from uplift.notifications import services
from uplift.notifications.access import access_notification
from uplift.notifications.kinds import Delivery, Kind
from uplift.notifications.models import Notification
from uplift.notifications.selectors import notifications_of, preferences_of, unread_count
from uplift.orgs import access

router = Router(tags=["Notifications"])


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="What it is about (the kinds: /notifications/preferences).")
    text: str
    link: str = Field(description="The page of Uplift where it is dealt with (absolute).")
    created_at: datetime
    read_at: datetime | None


class NotificationsOut(PageOut):
    unread: int
    notifications: list[NotificationOut] = Field(description="One page, newest first.")


class NotificationsQuery(PageQuery):
    unread: bool = Field(default=False, description="Only the unread ones.")


class ReadAllOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    covers: str
    delivery: str = Field(description="immediate, digest (the daily e-mail) or off (Uplift only).")
    chosen: bool = Field(description="False while Uplift's default for the kind holds.")


class PreferenceIn(InputSchema):
    kind: Kind
    delivery: Delivery


class PreferencesIn(InputSchema):
    preferences: list[PreferenceIn] = Field(max_length=len(Kind.values))


def _notification(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "text": n.text,
        "link": site_url(n.link),
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


def _preferences(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "kind": row.kind.value,
            "label": row.kind.label,
            "covers": row.spec.covers,
            "delivery": row.delivery.value,
            "chosen": row.chosen,
        }
        for row in preferences_of(person=caller(request))
    ]


@router.get(
    "/notifications",
    response=NotificationsOut,
    auth=api_rule(access.SIGNED_IN),
    summary="Your notifications, newest first, with how many are unread",
)
def notifications_list(request: HttpRequest, query: Query[NotificationsQuery]) -> dict[str, Any]:
    me = caller(request)
    found = notifications_of(person=me, unread_only=query.unread)
    page = page_of(request, found, order=Order(("-created_at", "-id")), query=query)
    return {
        "unread": unread_count(person=me),
        "notifications": [_notification(n) for n in page.items],
        "next": page.next,
        "limit": page.limit,
    }


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    auth=api_rule(access.SIGNED_IN),
    summary="Mark one of your notifications read",
)
def notification_read(request: HttpRequest, notification_id: Id) -> dict[str, Any]:
    notification = access_notification(caller(request), notification_id)
    return _notification(services.notification_read(notification=notification))


@router.post(
    "/notifications/read-all",
    response=ReadAllOut,
    auth=api_rule(access.SIGNED_IN),
    summary="Mark every unread notification of yours read",
)
def notifications_read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.notifications_read_all(person=caller(request))}


@router.get(
    "/notifications/preferences",
    response=list[PreferenceOut],
    auth=api_rule(access.SIGNED_IN),
    summary="How each kind of notification is e-mailed to you",
)
@paginated(order=("position",), shape=lambda row: row["preference"])
def notification_preferences(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"position": n, "preference": row} for n, row in enumerate(_preferences(request))]


@router.put(
    "/notifications/preferences",
    response={200: list[PreferenceOut], **REFUSALS},
    auth=api_rule(access.SIGNED_IN),
    summary="Choose how the kinds named are e-mailed to you (the others stay as they are)",
)
def notification_preferences_set(
    request: HttpRequest, payload: PreferencesIn
) -> list[dict[str, Any]]:
    services.preferences_set(
        person=caller(request), choices={p.kind: p.delivery for p in payload.preferences}
    )
    return _preferences(request)
