"""Changes of private records: each capability names its private models once (in its app's
`ready`), and every save or delete of one while a person is acting is recorded, whichever page,
API call or admin form made it. Writes nobody makes in person (the demo's history, imports)
are not events of the trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from uplift.audit.context import acting_now
from uplift.audit.models import Action
from uplift.audit.services import audit_record
from uplift.orgs.models import Person


def track_private_changes(
    model: type[models.Model], *, record: str, subject_of: Callable[[Any], Person | None]
) -> None:
    """Record every change of `model`'s rows, a private record of `subject_of(row)`."""

    def changed(instance: Any, verb: str) -> None:
        now = acting_now()
        if now is None or now.person is None:
            return
        subject = subject_of(instance)
        if subject is None:
            return
        audit_record(
            action=Action.PRIVATE_CHANGED,
            actor=now.person,
            subject=subject,
            record=record,
            record_id=instance.pk,
            detail=verb,
            organisation_id=subject.organisation_id,
        )

    def saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        if not kwargs.get("raw"):
            changed(instance, "created" if created else "changed")

    def deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        changed(instance, "deleted")

    uid = f"audit-{model._meta.label_lower}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
