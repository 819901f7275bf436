"""The daily prune: once a day per organisation, queued on the first sign-in of the day."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from uplift.audit.models import RetentionSettings
from uplift.audit.services import audit_prune, retention_of
from uplift.orgs.models import Organisation


@task()
def prune_audit_trail(organisation_id: int, day: str) -> int:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return audit_prune(organisation=organisation, today=date.fromisoformat(day))


def audit_prune_queue_daily(*, organisation: Organisation, today: date | None = None) -> bool:
    """Queue today's prune for the organisation unless it already ran today."""
    today = today or timezone.localdate()
    settings = retention_of(organisation=organisation)
    if settings.pruned_on == today:
        return False
    claimed = RetentionSettings.objects.filter(pk=settings.pk, pruned_on=settings.pruned_on).update(
        pruned_on=today
    )
    if not claimed:  # another request claimed today's prune first
        return False
    transaction.on_commit(lambda: prune_audit_trail.enqueue(organisation.pk, today.isoformat()))
    return True
