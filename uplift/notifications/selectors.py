"""Reading notifications and preferences, for the bell, the list and the preferences page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from uplift.notifications.access import notifications_visible
from uplift.notifications.kinds import SPECS, Delivery, Kind, KindSpec
from uplift.notifications.models import Notification, NotificationPreference
from uplift.orgs.models import Person

BELL_MOST = 99  # the bell shows "99+" past this: a count, not a task list


def unread_count(*, person: Person) -> int:
    """How many unread notifications the person has, counted up to BELL_MOST + 1."""
    unread = notifications_visible(person).filter(read_at__isnull=True)
    return len(unread.values_list("pk", flat=True)[: BELL_MOST + 1])


def notifications_of(*, person: Person, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    found = notifications_visible(person)
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class PreferenceRow:
    spec: KindSpec
    delivery: Delivery
    chosen: bool  # False while the kind's default holds

    @property
    def kind(self) -> Kind:
        return self.spec.kind


def preferences_of(*, person: Person) -> list[PreferenceRow]:
    """Every kind, with how the person gets it e-mailed."""
    chosen = dict(
        NotificationPreference.objects.filter(person=person).values_list("kind", "delivery")
    )
    return [
        PreferenceRow(
            spec=spec,
            delivery=Delivery(chosen.get(kind, spec.default)),
            chosen=kind in chosen,
        )
        for kind, spec in SPECS.items()
    ]
