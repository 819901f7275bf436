"""Who may read the audit trail (on top of the one access layer, `uplift.orgs.access`).

- Enablement admins and leaders search their own organisation's trail, every event of it.
- Everyone reads who opened or changed their own private records (never the rest of the trail).
- Nobody reaches another organisation's events: they answer 404, as if they did not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet

from uplift.audit.models import Action, AuditEvent
from uplift.orgs.models import Person, Role

PRIVATE_ACTIONS = (Action.PRIVATE_VIEWED, Action.PRIVATE_CHANGED)


def can_search_audit(viewer: Person) -> bool:
    return viewer.organisation_id is not None and viewer.role in (Role.ADMIN, Role.LEADER)


def can_set_retention(viewer: Person) -> bool:
    return viewer.organisation_id is not None and viewer.role == Role.ADMIN


def events_visible(viewer: Person) -> QuerySet[AuditEvent]:
    """The viewer's organisation's trail, for those who may search it; nothing otherwise."""
    if not can_search_audit(viewer) or viewer.organisation_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(organisation_id=viewer.organisation_id)


def openings_of_mine_visible(viewer: Person) -> QuerySet[AuditEvent]:
    """Who else opened or changed the viewer's private records."""
    if viewer.pk is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(subject=viewer, action__in=PRIVATE_ACTIONS)
        .exclude(actor=viewer)
        .exclude(actor__isnull=True)
    )
