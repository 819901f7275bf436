"""The bell, the notifications page (open, mark read, mark all read) and the preferences page;
the events that notify: kudos, a rating invitation, a practice sent for review."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from uplift.core.models import Job
from uplift.notifications import mail as notification_mail
from uplift.notifications.kinds import Delivery, Kind
from uplift.notifications.models import Notification
from uplift.notifications.selectors import preferences_of, unread_count
from uplift.notifications.services import notify
from uplift.recognition.services import kudos_give

pytestmark = pytest.mark.django_db


def _notice(world: World, text: str = "Art Test gave you kudos: thanks") -> Notification:
    found = notify(recipient=world.ann, kind=Kind.KUDOS, text=text, link="/recognition/")
    assert found is not None
    return found


def test_the_bell_counts_the_unread(world: World, login: Any) -> None:
    client: Client = login(world.ann)
    quiet = client.get("/notifications/bell/").content.decode()
    assert 'data-testid="bell-count"' not in quiet
    assert "none unread" in quiet
    _notice(world)
    _notice(world)
    bell = client.get("/notifications/bell/").content.decode()
    assert 'data-testid="bell-count">2<' in bell
    assert "every 60s" in bell
    assert "load" not in bell


def test_the_first_page_of_the_day_queues_the_daily_e_mails_once(world: World, login: Any) -> None:
    notification_mail._QUEUED_TODAY.clear()
    client: Client = login(world.ann)
    client.get("/notifications/bell/")
    client.get("/notifications/bell/")
    assert Job.objects.filter(kind=notification_mail.DIGEST_JOB).count() == 1


def test_the_page_lists_and_opening_one_marks_it_read(world: World, login: Any) -> None:
    notice = _notice(world, "Art Test gave you kudos: the pricing call")
    client: Client = login(world.ann)
    page = client.get("/notifications/").content.decode()
    assert "the pricing call" in page
    assert "Mark all read" in page
    # When it came, in words, and the moment itself in the reader's zone, named, on hover.
    assert re.search(r'<time datetime="[^"]+" title="\w{3} \d+ \w{3} \d{4}, \d\d:\d\d \w+">', page)
    assert " ago</time>" in page
    opened = client.get(f"/notifications/{notice.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == "/recognition/"
    notice.refresh_from_db()
    assert notice.is_read
    unread = client.get("/notifications/?show=unread").content.decode()
    assert "Nothing unread" in unread


def test_mark_read_with_htmx_answers_the_entry_and_rings_the_bell(world: World, login: Any) -> None:
    notice = _notice(world)
    client: Client = login(world.ann)
    answer = client.post(f"/notifications/{notice.pk}/read/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert answer["HX-Trigger"] == "notifications-changed"
    assert "Mark read" not in answer.content.decode()
    assert unread_count(person=world.ann) == 0


def test_mark_all_read(world: World, login: Any) -> None:
    _notice(world)
    _notice(world)
    client: Client = login(world.ann)
    assert client.post("/notifications/read-all/").status_code == 302
    assert unread_count(person=world.ann) == 0


def test_nobody_reads_another_s_notifications(world: World, login: Any) -> None:
    notice = _notice(world)
    client: Client = login(world.mia)  # her manager
    assert "thanks" not in client.get("/notifications/").content.decode()
    assert client.get(f"/notifications/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_preferences_are_chosen_per_kind(world: World, login: Any) -> None:
    client: Client = login(world.ann)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Kudos for you" in page
    assert "In the daily e-mail" in page
    choices = {row.kind.value: row.delivery.value for row in preferences_of(person=world.ann)}
    choices[Kind.KUDOS.value] = Delivery.IMMEDIATE.value
    assert client.post("/notifications/preferences/", choices).status_code == 302
    rows = {row.kind: row for row in preferences_of(person=world.ann)}
    assert rows[Kind.KUDOS].delivery == Delivery.IMMEDIATE
    choices[Kind.KUDOS.value] = "sometimes"
    assert client.post("/notifications/preferences/", choices).status_code == 400


def test_kudos_notify_the_receiver(world: World) -> None:
    kudos = kudos_give(giver=world.art, receiver=world.ann, message="Thanks for the pricing script")
    [notice] = Notification.objects.filter(recipient=world.ann)
    assert notice.kind == Kind.KUDOS
    assert notice.text == "Art Test gave you kudos: Thanks for the pricing script"
    assert notice.link == f"/recognition/#kudos-{kudos.pk}"
    assert notice.email == Notification.Email.DIGEST
    assert mail.outbox == []


def test_the_api_lists_reads_and_sets_preferences(world: World, client: Client) -> None:
    notice = _notice(world)
    notice.created_at = timezone.now() - timedelta(minutes=5)
    notice.save(update_fields=["created_at"])
    client.force_login(world.ann)
    listed = client.get("/api/notifications").json()
    assert listed["unread"] == 1
    assert listed["notifications"][0]["link"].endswith("/recognition/")
    assert listed["notifications"][0]["link"].startswith("http")
    assert listed["next"] is None
    kinds = client.get("/api/notifications/preferences").json()["items"]
    assert "kudos" in {row["kind"] for row in kinds}
    read = client.post(f"/api/notifications/{notice.pk}/read", content_type="application/json")
    assert read.json()["read_at"] is not None
    chosen = client.put(
        "/api/notifications/preferences",
        {"preferences": [{"kind": "kudos", "delivery": "off"}]},
        content_type="application/json",
    ).json()
    kudos = next(row for row in chosen if row["kind"] == "kudos")
    assert kudos == {**kudos, "delivery": "off", "chosen": True}
    bad = client.put(
        "/api/notifications/preferences",
        {"preferences": [{"kind": "kudos", "delivery": "sometimes"}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
