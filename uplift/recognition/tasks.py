"""Background work of recognition: idempotent tasks, queued on commit."""

from __future__ import annotations

from django_tasks import task

from uplift.orgs.models import Organisation


@task()
def webhook_deliver(delivery_id: int) -> None:
    from uplift.recognition.webhooks import webhook_delivery_run

    webhook_delivery_run(delivery_id=delivery_id)


@task()
def recognition_sync_task(organisation_id: int) -> None:
    """Bring the points ledger and the badges up to date with the records."""
    from uplift.recognition.services import recognition_sync

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        recognition_sync(organisation=organisation)
