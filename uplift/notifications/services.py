"""Notifying people: one `notify` for every capability, reading and preferences.

`notify` records the notification (always shown in Uplift) and decides its e-mail by the
recipient's preference for its kind: straight away (a task queued with the notification, in the
same transaction, so a write that is rolled back e-mails nothing), in the next daily e-mail, or
none. Account e-mails (an invitation to set a password, a password reset) are not notifications:
their reader cannot sign in yet, so they go by e-mail only (`uplift.orgs.invitations`).

While a history is recorded after the fact (the demo's), `notifications_paused()` keeps
`notify` from recording or sending anything: nobody is told today about last year's kudos.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from uplift.core.links import site_base
from uplift.core.refusals import Invalid
from uplift.notifications.kinds import SPECS, Delivery, Kind
from uplift.notifications.models import (
    KEY_MAX,
    LINK_MAX,
    TEXT_MAX,
    Notification,
    NotificationPreference,
)
from uplift.orgs.models import Person

_PAUSED: ContextVar[bool] = ContextVar("uplift_notifications_paused", default=False)

_EMAIL_OF = {
    Delivery.IMMEDIATE: Notification.Email.PENDING,
    Delivery.DIGEST: Notification.Email.DIGEST,
    Delivery.OFF: Notification.Email.NONE,
}


@contextmanager
def notifications_paused() -> Iterator[None]:
    """Record and send no notification inside the block (a history written after the fact)."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


@contextmanager
def notifications_resumed() -> Iterator[None]:
    """Notify again inside a paused block (the demo's fresh notices for its people)."""
    token = _PAUSED.set(False)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def delivery_of(*, person: Person, kind: Kind) -> Delivery:
    """How the person wants this kind e-mailed: their choice, else the kind's default."""
    chosen = (
        NotificationPreference.objects.filter(person=person, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return Delivery(chosen) if chosen else SPECS[kind].default


def _clean(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def notify(
    *,
    recipient: Person,
    kind: Kind,
    text: str,
    link: str,
    body: str = "",
    key: str = "",
    by_email: bool = True,
) -> Notification | None:
    """Tell `recipient` about something, with the page (`link`, a path of the site) where it is
    dealt with. `text` is one line (the list's entry and the e-mail's subject); `body` says more
    in the e-mail. A `key` makes it once-only for the recipient: a second notify with the same
    key records nothing (jobs that may run twice). `by_email=False` keeps it in Uplift whatever
    the preference (the demo's notices for its people). Nothing is recorded for someone who can no
    longer sign in, or while notifications are paused; then the answer is None."""
    if _PAUSED.get() or not recipient.is_active or recipient.organisation_id is None:
        return None
    if not link.startswith("/") or link.startswith("//") or len(link) > LINK_MAX:
        raise Invalid("A notification links to a page of Uplift.", field="link", code="bad_link")
    delivery = delivery_of(person=recipient, kind=kind) if by_email else Delivery.OFF
    email = _EMAIL_OF[delivery]
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                organisation_id=recipient.organisation_id,
                recipient=recipient,
                kind=kind,
                text=_clean(text, TEXT_MAX),
                body=body.strip(),
                link=link,
                key=key[:KEY_MAX],
                email=email,
            )
            if email == Notification.Email.PENDING:
                from uplift.notifications.mail import notification_email_send

                notification_email_send.enqueue(notification.pk, site_base())
    except IntegrityError:  # the key was recorded before: once is enough
        return None
    return notification


def notification_read(*, notification: Notification) -> Notification:
    """Mark one notification read; one waiting for the daily e-mail no longer needs it."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        fields = ["read_at"]
        if notification.email in (Notification.Email.DIGEST, Notification.Email.PENDING):
            notification.email = Notification.Email.NONE
            fields.append("email")
        notification.save(update_fields=fields)
    return notification


def notifications_read_all(*, person: Person) -> int:
    """Mark every unread notification of the person read; returns how many."""
    now = timezone.now()
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    with transaction.atomic():
        unread.filter(email__in=(Notification.Email.DIGEST, Notification.Email.PENDING)).update(
            email=Notification.Email.NONE
        )
        return unread.update(read_at=now)


def preferences_set(*, person: Person, choices: dict[Kind, Delivery]) -> None:
    """Keep the person's choice for each kind named (a choice equal to the default is kept too:
    a later change of the default does not change what someone chose)."""
    for kind, delivery in choices.items():
        if kind not in SPECS:
            raise Invalid(f"Uplift sends no notifications of the kind {kind!r}.", field="kind")
        if delivery not in Delivery.values:
            raise Invalid("Choose straight away, the daily e-mail or Uplift only.", field=str(kind))
        NotificationPreference.objects.update_or_create(
            person=person, kind=kind, defaults={"delivery": delivery}
        )
