"""The e-mails notifications become: one straight away, or one a day gathering the rest.

Both are idempotent. A notification is e-mailed by the run that moves it on (pending → sent,
digest → digested) with a conditional update, in the same transaction as the sending: a second
delivery of the task, or a second run of the day's digest, finds nothing left to send, and a
sending that fails leaves the notification waiting for the next try.

The worker has no clock of its own, so the day's digest is queued by the first signed-in page of
the day in each organisation (`digest_queue_daily`, a job with a de-duplication key); it gathers
what was recorded before that day began and is still unread, one e-mail per person.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from uplift.core.jobs import Progress, job_handler, job_start
from uplift.core.links import site_base
from uplift.core.models import Job
from uplift.notifications.kinds import Kind
from uplift.notifications.models import Notification
from uplift.orgs.models import Organisation, Person

logger = logging.getLogger(__name__)

DIGEST_JOB = "notification_digest"
DIGEST_MOST = 50  # entries listed in one daily e-mail; the rest are counted, and on the page


def _footer(base: str, why: str) -> list[str]:
    return [
        "",
        "— Uplift",
        f"{why} Choose which e-mails you get: {base}{reverse('notification_preferences')}",
    ]


def _immediate(notification: Notification, base: str) -> EmailMessage:
    person = notification.recipient
    label = Kind(notification.kind).label
    body = [
        f"Hello {person.get_short_name()},",
        "",
        notification.body or notification.text,
        "",
        f"{base}{notification.link}",
        *_footer(base, f"You get “{label}” by e-mail straight away."),
    ]
    return EmailMessage(subject=notification.text, body="\n".join(body), to=[person.email])


@task()
def notification_email_send(notification_id: int, base: str) -> bool:
    """E-mail one notification now (once); `base` is the address its links start with, taken
    when it was recorded. False when it was sent, read or set aside already."""
    with transaction.atomic():
        claimed = Notification.objects.filter(
            pk=notification_id, email=Notification.Email.PENDING, read_at__isnull=True
        ).update(email=Notification.Email.SENT, emailed_at=timezone.now())
        if not claimed:
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        _immediate(notification, base).send()
    return True


def _digest(person: Person, waiting: list[Notification], base: str) -> EmailMessage:
    shown = waiting[:DIGEST_MOST]
    lines = [f"- {n.text}\n  {base}{n.link}" for n in shown]
    more = len(waiting) - len(shown)
    noun = "thing" if len(waiting) == 1 else "things"
    body = [
        f"Hello {person.get_short_name()},",
        "",
        f"{len(waiting)} {noun} in Uplift since your last daily e-mail:",
        "",
        *lines,
        *([f"- and {more} more"] if more else []),
        "",
        f"All your notifications: {base}{reverse('notifications')}",
        *_footer(base, "This is your daily e-mail."),
    ]
    return EmailMessage(
        subject=f"Uplift: {len(waiting)} {noun} since yesterday",
        body="\n".join(body),
        to=[person.email],
    )


def digest_send(*, organisation: Organisation, day: date) -> int:
    """E-mail each person of the organisation the unread notifications waiting for the daily
    e-mail that were recorded before `day` began; returns the number of e-mails sent."""
    day_start = timezone.make_aware(datetime.combine(day, time.min))
    waiting = (
        Notification.objects.filter(
            organisation=organisation,
            email=Notification.Email.DIGEST,
            read_at__isnull=True,
            created_at__lt=day_start,
        )
        .select_related("recipient")
        .order_by("recipient_id", "-created_at", "-pk")
    )
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in waiting:
        by_person[notification.recipient_id].append(notification)
    base, sent = site_base(), 0
    for notifications in by_person.values():
        person = notifications[0].recipient
        ids = [n.pk for n in notifications]
        with transaction.atomic():
            taken = Notification.objects.filter(pk__in=ids, email=Notification.Email.DIGEST).update(
                email=Notification.Email.DIGESTED, emailed_at=timezone.now()
            )
            if taken != len(ids):  # another run is sending these: leave them to it
                transaction.set_rollback(True)
                continue
            if person.is_active:
                _digest(person, notifications, base).send()
                sent += 1
    return sent


@job_handler(DIGEST_JOB)
def run_digest(job: Job, progress: Progress) -> dict[str, Any]:
    organisation = Organisation.objects.get(pk=job.organisation_id or 0)
    progress(0, 1, "Sending the daily e-mails")
    sent = digest_send(organisation=organisation, day=date.fromisoformat(str(job.params["day"])))
    progress(1, 1, "Daily e-mails sent")
    return {"emails": sent}


def digest_queue_daily(*, organisation_id: int, today: date) -> Job:
    """Queue the organisation's daily e-mail for `today`, once (later calls return the job)."""
    return job_start(
        kind=DIGEST_JOB,
        title="Daily notification e-mails",
        organisation_id=organisation_id,
        created_by_id=None,
        params={"day": today.isoformat()},
        dedup_key=f"notification-digest:{organisation_id}:{today.isoformat()}",
    )


_QUEUED_TODAY: set[tuple[int, date]] = set()  # per process: spares the query on every page


def digest_queue_once_a_day(*, organisation_id: int, today: date) -> None:
    """Queue the day's daily e-mails the first time this process is asked that day."""
    if not organisation_id or (organisation_id, today) in _QUEUED_TODAY:
        return
    digest_queue_daily(organisation_id=organisation_id, today=today)
    if len(_QUEUED_TODAY) > 10_000:
        _QUEUED_TODAY.clear()
    _QUEUED_TODAY.add((organisation_id, today))
