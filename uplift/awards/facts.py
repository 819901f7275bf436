"""What awards' records say, as small typed facts for the capabilities above it.

A sharing initiative counts the recognition events its leaders held through this function, never
through awards' models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from uplift.awards.models import AwardEvent
from uplift.orgs.models import Organisation


@dataclass(frozen=True)
class EventHeld:
    """An awards event on its day; `organiser_id` is who created it (None when they left)."""

    event_id: int
    name: str
    held_on: date
    organiser_id: int | None


def events_held(*, organisation: Organisation, since: date, until: date) -> list[EventHeld]:
    """Awards events whose day falls from `since` to `until` (both included), oldest first. An
    event is held on its day: the caller passes an `until` no later than today."""
    events = AwardEvent.objects.filter(
        organisation=organisation, held_on__gte=since, held_on__lte=until
    ).order_by("held_on", "pk")
    return [
        EventHeld(
            event_id=event.pk,
            name=event.name,
            held_on=event.held_on,
            organiser_id=event.created_by_id,
        )
        for event in events
    ]


@dataclass(frozen=True)
class EventToDecide:
    """An awards event not decided yet: its nominations wait for the leaders' decision."""

    event_id: int
    name: str
    held_on: date
    status: str  # the status's label: "Open for nominations", "Shortlisting"
    nominations: int
    categories: int


def events_to_decide(*, organisation: Organisation) -> list[EventToDecide]:
    """The organisation's events still open or shortlisting, soonest ceremony first (deciding
    the winners takes an event off)."""
    events = (
        AwardEvent.objects.filter(organisation=organisation)
        .exclude(status=AwardEvent.Status.DECIDED)
        .annotate(
            nomination_count=Count("categories__nominations", distinct=True),
            category_count=Count("categories", distinct=True),
        )
        .order_by("held_on", "pk")
    )
    return [
        EventToDecide(
            event_id=event.pk,
            name=event.name,
            held_on=event.held_on,
            status=event.get_status_display(),
            nominations=event.nomination_count,
            categories=event.category_count,
        )
        for event in events
    ]
