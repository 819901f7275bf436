"""Writing the audit trail, and its retention.

`audit_record` appends one event; `audit_private_view` records that someone opened another
person's private record (coaching notes, an assessment, a development plan, a private
scorecard); `audit_prune` is the only delete, of events older than the retention.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from uplift.audit.context import acting_now, private_opening_noted
from uplift.audit.models import (
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
    Action,
    AuditEvent,
    Door,
    RetentionSettings,
)
from uplift.core.refusals import Invalid, NotAllowed
from uplift.orgs.models import Role

if TYPE_CHECKING:
    from uplift.orgs.models import Organisation, Person

# Opening the same record again within this many seconds is one opening (a page and the
# fragments it loads, a form shown and sent back).
SAME_OPENING_SECONDS = 60


def audit_record(
    *,
    action: str,
    organisation_id: int | None = None,
    actor: Person | None = None,
    actor_id: int | None = None,
    subject: Person | None = None,
    record: str = "",
    record_id: int | None = None,
    detail: str = "",
    door: str | None = None,
) -> AuditEvent:
    """Append one event. The actor and door default to whoever is acting now (the request's
    person, the command line); the organisation to the actor's or the subject's."""
    now = acting_now()
    if actor is None and actor_id is None and now is not None:
        actor = now.person
    if door is None:
        door = now.door if now is not None else Door.SYSTEM
    if organisation_id is None:
        for person in (subject, actor):
            if person is not None and person.organisation_id is not None:
                organisation_id = person.organisation_id
                break
    return AuditEvent.objects.create(
        organisation_id=organisation_id,
        action=action,
        actor=actor,
        actor_id=actor.pk if actor is not None else actor_id,
        subject=subject,
        record=record,
        record_id=record_id,
        detail=detail[:300],
        door=door,
    )


def audit_private_view(*, viewer: Person, subject: Person, record: str, record_id: int) -> None:
    """Record that the viewer opened the subject's private record, unless it is their own or
    they opened it a moment ago."""
    if viewer.pk is None or viewer.pk == subject.pk:
        return
    private_opening_noted()
    since = timezone.now() - timedelta(seconds=SAME_OPENING_SECONDS)
    if AuditEvent.objects.filter(
        actor=viewer,
        action=Action.PRIVATE_VIEWED,
        record=record,
        record_id=record_id,
        at__gte=since,
    ).exists():
        return
    audit_record(
        action=Action.PRIVATE_VIEWED,
        actor=viewer,
        subject=subject,
        record=record,
        record_id=record_id,
        organisation_id=subject.organisation_id,
    )


def audit_token_use(*, person: Person, prefix: str) -> None:
    """Record a call made with the person's API token, once a minute per token at most."""
    since = timezone.now() - timedelta(seconds=SAME_OPENING_SECONDS)
    detail = f"token {prefix}…"
    if AuditEvent.objects.filter(
        actor=person, action=Action.API_TOKEN_USED, detail=detail, at__gte=since
    ).exists():
        return
    audit_record(action=Action.API_TOKEN_USED, actor=person, door=Door.API, detail=detail)


def retention_of(*, organisation: Organisation) -> RetentionSettings:
    settings, _ = RetentionSettings.objects.get_or_create(organisation=organisation)
    return settings


def audit_retention_set(*, admin: Person, days: int) -> RetentionSettings:
    """An enablement admin sets how many days the organisation keeps its audit trail."""
    if admin.role != Role.ADMIN or admin.organisation is None:
        raise NotAllowed("Only an enablement admin sets how long the audit trail is kept.")
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise Invalid(
            f"Keep the trail between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} days.",
            field="audit_days",
        )
    with transaction.atomic():
        settings = retention_of(organisation=admin.organisation)
        before = settings.audit_days
        if before != days:
            settings.audit_days = days
            settings.save(update_fields=["audit_days"])
            audit_record(
                action=Action.SETTINGS_CHANGED,
                actor=admin,
                organisation_id=admin.organisation_id,
                detail=f"audit trail kept {before} → {days} days",
            )
    return settings


def audit_prune(*, organisation: Organisation, today: date) -> int:
    """Remove the organisation's events older than its retention; the trail's only delete.

    Idempotent: a second run the same day finds nothing older. The prune itself is recorded."""
    settings = retention_of(organisation=organisation)
    cutoff = timezone.now() - timedelta(days=settings.audit_days)
    with transaction.atomic():
        old = AuditEvent.objects.filter(organisation=organisation, at__lt=cutoff)
        removed = old._raw_delete(old.db)
        RetentionSettings.objects.filter(pk=settings.pk).update(pruned_on=today)
        if removed:
            audit_record(
                action=Action.PRUNED,
                organisation_id=organisation.pk,
                actor=None,
                door=Door.SYSTEM,
                detail=f"{removed} events older than {settings.audit_days} days removed",
            )
    return int(removed)
