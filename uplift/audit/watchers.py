"""What Django announces and the trail records: sign-ins (and refused ones), and changes of a
person's role or of whether they may sign in at all, whichever door made them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save

from uplift.audit.models import Action, Door
from uplift.audit.services import audit_record
from uplift.orgs.models import Person

_BEFORE = "_audit_before"


def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if not isinstance(user, Person):
        return
    audit_record(action=Action.SIGNED_IN, actor=user, door=Door.PAGE)


def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any, **kwargs: Any) -> None:
    # The address typed is not kept: only whether it belongs to someone, and whom.
    typed = str(credentials.get("username") or credentials.get("email") or "").strip()
    person = Person.objects.filter(email__iexact=typed).first() if typed else None
    audit_record(
        action=Action.SIGN_IN_FAILED,
        actor=person,
        subject=person,
        door=Door.PAGE,
        detail="" if person is not None else "an address that belongs to no one",
    )


def _remember_before(sender: Any, instance: Person, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    before = Person.objects.filter(pk=instance.pk).values("role", "is_active").first()
    instance.__dict__[_BEFORE] = before


def _record_change(sender: Any, instance: Person, created: bool, **kwargs: Any) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if created or before is None:
        return
    if before["role"] != instance.role:
        audit_record(
            action=Action.ROLE_CHANGED,
            subject=instance,
            detail=f"{before['role']} → {instance.role}",
        )
    if before["is_active"] != instance.is_active:
        audit_record(
            action=Action.REACTIVATED if instance.is_active else Action.DEACTIVATED,
            subject=instance,
        )


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    pre_save.connect(_remember_before, sender=Person, dispatch_uid="audit-person-before")
    post_save.connect(_record_change, sender=Person, dispatch_uid="audit-person-change")
