"""notify: always in Uplift; e-mailed by the person's preference for the kind (straight away,
in the daily e-mail, or not); once per key; nothing while paused. The daily e-mail gathers what
waited, sends once, and skips what was read in Uplift meanwhile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from tests.conftest import World
from uplift.core.links import request_address
from uplift.core.models import Job
from uplift.core.refusals import Invalid
from uplift.notifications.kinds import Delivery, Kind
from uplift.notifications.mail import DIGEST_JOB, digest_queue_daily, digest_send
from uplift.notifications.models import Notification
from uplift.notifications.selectors import preferences_of, unread_count
from uplift.notifications.services import (
    delivery_of,
    notification_read,
    notifications_paused,
    notifications_read_all,
    notifications_resumed,
    notify,
    preferences_set,
)

pytestmark = pytest.mark.django_db


def _kudos(world: World, **extra: Any) -> Notification | None:
    return notify(
        recipient=world.ann,
        kind=extra.pop("kind", Kind.KUDOS),
        text=extra.pop("text", "Art Test gave you kudos: thanks for the demo script"),
        link="/recognition/",
        **extra,
    )


def test_a_kind_s_default_holds_until_the_person_chooses(world: World) -> None:
    assert delivery_of(person=world.ann, kind=Kind.KUDOS) == Delivery.DIGEST
    assert delivery_of(person=world.ann, kind=Kind.RATING_INVITATION) == Delivery.IMMEDIATE
    preferences_set(person=world.ann, choices={Kind.KUDOS: Delivery.IMMEDIATE})
    assert delivery_of(person=world.ann, kind=Kind.KUDOS) == Delivery.IMMEDIATE
    assert delivery_of(person=world.art, kind=Kind.KUDOS) == Delivery.DIGEST  # hers only
    rows = {row.kind: row for row in preferences_of(person=world.ann)}
    assert rows[Kind.KUDOS].chosen
    assert not rows[Kind.BADGE].chosen


def test_straight_away_records_it_and_e_mails_it_once(world: World) -> None:
    notification = _kudos(world, kind=Kind.RATING_INVITATION, text="Score Art's role play")
    assert notification is not None
    notification.refresh_from_db()
    assert notification.email == Notification.Email.SENT
    [message] = mail.outbox
    assert message.to == ["ann@acme.test"]
    assert message.subject == "Score Art's role play"
    assert "/recognition/" in message.body
    assert "/notifications/preferences/" in message.body  # how to change it
    from uplift.notifications.mail import notification_email_send

    assert notification_email_send.call(notification.pk, "http://x") is False  # sent already
    assert len(mail.outbox) == 1


def test_the_daily_e_mail_kind_waits_and_off_is_never_e_mailed(world: World) -> None:
    preferences_set(person=world.ann, choices={Kind.BADGE: Delivery.OFF})
    waiting = _kudos(world)
    off = _kudos(world, kind=Kind.BADGE, text="Lou gave you a badge")
    assert waiting is not None
    assert off is not None
    assert waiting.email == Notification.Email.DIGEST
    assert off.email == Notification.Email.NONE
    assert mail.outbox == []
    assert unread_count(person=world.ann) == 2  # both in Uplift all the same


def test_a_key_makes_it_once_only(world: World) -> None:
    assert _kudos(world, key="kudos:1") is not None
    assert _kudos(world, key="kudos:1") is None
    assert Notification.objects.filter(recipient=world.ann).count() == 1


def test_nothing_while_paused_unless_resumed(world: World) -> None:
    with notifications_paused():
        assert _kudos(world) is None
        with notifications_resumed():
            assert _kudos(world) is not None
    assert Notification.objects.count() == 1


def test_no_notice_for_someone_who_left(world: World) -> None:
    world.ann.is_active = False
    world.ann.save(update_fields=["is_active"])
    assert _kudos(world) is None


def test_a_link_is_a_page_of_uplift(world: World) -> None:
    with pytest.raises(Invalid):
        notify(recipient=world.ann, kind=Kind.KUDOS, text="x", link="https://evil.test/")
    with pytest.raises(Invalid):
        notify(recipient=world.ann, kind=Kind.KUDOS, text="x", link="//evil.test/")


def test_reading_one_or_all(world: World) -> None:
    first, second = _kudos(world), _kudos(world)
    assert first is not None
    assert second is not None
    notification_read(notification=first)
    assert unread_count(person=world.ann) == 1
    first.refresh_from_db()
    assert first.email == Notification.Email.NONE  # read: no daily e-mail needed any more
    assert notifications_read_all(person=world.ann) == 1
    assert unread_count(person=world.ann) == 0


def _yesterday(notification: Notification | None) -> None:
    assert notification is not None
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )


def test_the_daily_e_mail_gathers_what_waited_and_sends_once(world: World) -> None:
    _yesterday(_kudos(world, text="Art Test gave you kudos: the pricing call"))
    _yesterday(_kudos(world, text="Bob Test gave you kudos: the objection script"))
    read = _kudos(world, text="Gil Test gave you kudos: already seen")
    _yesterday(read)
    assert read is not None
    notification_read(notification=read)
    today_s = _kudos(world, text="Today's kudos waits for tomorrow")
    today = timezone.localdate()
    assert digest_send(organisation=world.org, day=today) == 1
    [message] = mail.outbox
    assert message.to == ["ann@acme.test"]
    assert message.subject == "Uplift: 2 things since yesterday"
    assert "the pricing call" in message.body
    assert "the objection script" in message.body
    assert "already seen" not in message.body
    assert "waits for tomorrow" not in message.body
    assert digest_send(organisation=world.org, day=today) == 0  # once
    assert today_s is not None
    today_s.refresh_from_db()
    assert today_s.email == Notification.Email.DIGEST
    assert digest_send(organisation=world.org, day=today + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_the_daily_e_mail_is_one_job_a_day(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _yesterday(_kudos(world))
    with django_capture_on_commit_callbacks(execute=True):
        first = digest_queue_daily(organisation_id=world.org.pk, today=timezone.localdate())
        second = digest_queue_daily(organisation_id=world.org.pk, today=timezone.localdate())
    assert first.pk == second.pk
    assert Job.objects.filter(kind=DIGEST_JOB).count() == 1
    assert len(mail.outbox) == 1


def test_the_daily_e_mail_is_for_that_organisation_only(world: World) -> None:
    notify(recipient=world.otto, kind=Kind.KUDOS, text="Olga gave you kudos", link="/me/")
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1))
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert digest_send(organisation=world.org, day=tomorrow) == 0
    assert digest_send(organisation=world.other_org, day=tomorrow) == 1


@override_settings(UPLIFT_BASE_URL="http://127.0.0.1:8765", UPLIFT_BASE_URL_CONFIGURED=False)
def test_links_go_to_the_address_served_or_the_request_s(world: World) -> None:
    _kudos(world, kind=Kind.RATING_INVITATION, text="served")
    with request_address("http://uplift.test:9000/"):
        _kudos(world, kind=Kind.RATING_INVITATION, text="requested")
    served, requested = mail.outbox
    assert "http://127.0.0.1:8765/recognition/" in served.body
    assert "http://uplift.test:9000/recognition/" in requested.body


@override_settings(UPLIFT_BASE_URL="https://uplift.example.com", UPLIFT_BASE_URL_CONFIGURED=True)
def test_a_configured_address_wins_over_the_request_s(world: World) -> None:
    with request_address("http://10.1.2.3:8000/"):
        _kudos(world, kind=Kind.RATING_INVITATION)
    assert "https://uplift.example.com/recognition/" in mail.outbox[0].body
