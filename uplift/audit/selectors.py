"""Reading the audit trail: the admin's and leaders' search, and a person's own openings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from uplift.audit.access import events_visible, openings_of_mine_visible
from uplift.audit.models import AuditEvent

if TYPE_CHECKING:
    from uplift.orgs.models import Person

# A search answers at most this many events, newest first; the page says so when it stops.
SEARCH_LIMIT = 2000


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    person_id: int | None = None  # as the one acting or the one it is about
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditSearch:
    events: list[AuditEvent]
    limited: bool  # more events match than the search answers


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_search(*, viewer: Person, filters: AuditFilters) -> AuditSearch:
    events = events_visible(viewer)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.person_id is not None:
        events = events.filter(Q(actor_id=filters.person_id) | Q(subject_id=filters.person_id))
    if filters.since is not None:
        events = events.filter(at__gte=_day_start(filters.since))
    if filters.until is not None:
        events = events.filter(at__lt=_day_start(filters.until + timedelta(days=1)))
    found = list(events.select_related("actor", "subject")[: SEARCH_LIMIT + 1])
    return AuditSearch(events=found[:SEARCH_LIMIT], limited=len(found) > SEARCH_LIMIT)


def openings_of_mine(*, viewer: Person, limit: int = 200) -> list[AuditEvent]:
    """Who opened or changed the viewer's private records, newest first."""
    return list(openings_of_mine_visible(viewer).select_related("actor")[:limit])


def audit_events_of(*, person: Person) -> QuerySet[AuditEvent]:
    """Every event that names the person, as the one acting or the one it is about (their
    personal data export)."""
    return AuditEvent.objects.filter(Q(actor=person) | Q(subject=person)).select_related(
        "actor", "subject"
    )
