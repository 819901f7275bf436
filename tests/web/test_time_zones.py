"""Times are stored in UTC and shown in the viewer's time zone, with the zone named: their own
(account page), else their organisation's (organisation settings, enablement admins). A time typed
into a form is read in the same zone; a notification names the recipient's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags

from tests.coaching.builders import one_on_one
from tests.conftest import World
from uplift.coaching.models import CoachingSession
from uplift.core.refusals import Invalid
from uplift.notifications.models import Notification
from uplift.orgs.services import organisation_time_zone_set, person_time_zone_set
from uplift.orgs.time_zones import moment_for, person_time_zone
from uplift.presenters.worklist_manager import manager_facts, manager_worklist
from uplift.web.tables import cell_text

pytestmark = pytest.mark.django_db

HELD = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)  # a Tuesday in winter: CET is UTC+1


def test_a_person_sees_times_in_their_own_zone_else_the_organisations(world: World) -> None:
    assert person_time_zone(world.ann) == "UTC"  # nobody chose anything yet
    organisation_time_zone_set(organisation=world.org, time_zone="Europe/London")
    world.ann.refresh_from_db()
    assert person_time_zone(world.ann) == "Europe/London"
    person_time_zone_set(person=world.ann, time_zone="Europe/Paris")
    assert person_time_zone(world.ann) == "Europe/Paris"
    person_time_zone_set(person=world.ann, time_zone="")
    assert person_time_zone(world.ann) == "Europe/London"
    with pytest.raises(Invalid, match="Choose a time zone"):
        person_time_zone_set(person=world.ann, time_zone="Mars/Olympus")
    with pytest.raises(Invalid, match="Choose a time zone"):
        organisation_time_zone_set(organisation=world.org, time_zone="")


def test_a_session_shows_in_each_viewers_zone_with_the_zone_named(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    organisation_time_zone_set(organisation=world.org, time_zone="Europe/London")
    person_time_zone_set(person=world.ann, time_zone="Europe/Paris")
    person_time_zone_set(person=world.lou, time_zone="America/New_York")
    session = one_on_one(world.ann, world.mia, at=HELD)
    url = f"/coaching/sessions/{session.pk}/"

    ann = login(world.ann).get(url).content.decode()
    assert "Tuesday 12 January 2027, 09:00 CET" in ann
    client.logout()
    mia = login(world.mia).get(url).content.decode()  # the organisation's zone
    assert "Tuesday 12 January 2027, 08:00 GMT" in mia
    client.logout()
    lou = login(world.lou).get(url).content.decode()
    assert "Tuesday 12 January 2027, 03:00 EST" in lou


def test_a_time_typed_into_a_form_is_read_in_the_viewers_zone(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    person_time_zone_set(person=world.mia, time_zone="Europe/Paris")
    answer = login(world.mia).post(
        "/coaching/sessions/new/",
        {
            "rep": world.ann.pk,
            "kind": CoachingSession.Kind.ONE_ON_ONE,
            "scheduled_at": "2027-01-12T09:00",
            "duration_minutes": 30,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    session = CoachingSession.objects.get(rep=world.ann)
    assert session.scheduled_at == HELD  # 09:00 in Paris is 08:00 UTC
    form = client.get("/coaching/sessions/new/").content.decode()
    assert "Europe/Paris" in form  # the form says which zone a typed time is in


def test_the_account_page_changes_ones_own_zone(world: World, login: Callable[..., Client]) -> None:
    client = login(world.ann)
    page = client.get("/settings/account/").content.decode()
    assert "The organisation&#x27;s: UTC" in page
    assert client.post("/settings/account/", {"time_zone": "Asia/Singapore"}).status_code == 302
    world.ann.refresh_from_db()
    assert world.ann.time_zone == "Asia/Singapore"
    refused = client.post("/settings/account/", {"time_zone": "Mars/Olympus"})
    assert refused.status_code == 400
    world.ann.refresh_from_db()
    assert world.ann.time_zone == "Asia/Singapore"  # nothing changed


def test_only_an_admin_sets_the_organisations_zone(
    world: World, client: Client, login: Callable[..., Client]
) -> None:
    assert login(world.lou).post("/settings/organisation/", {"time_zone": "UTC"}).status_code == 403
    client.logout()
    answer = login(world.ada).post("/settings/organisation/", {"time_zone": "Europe/Lisbon"})
    assert answer.status_code == 302
    world.org.refresh_from_db()
    assert world.org.time_zone == "Europe/Lisbon"


def test_a_notification_names_the_time_in_the_recipients_zone(world: World) -> None:
    person_time_zone_set(person=world.ann, time_zone="America/Los_Angeles")
    one_on_one(world.ann, world.mia, at=HELD)
    told = Notification.objects.get(recipient=world.ann)
    assert "on Tue 12 Jan 2027 at 00:00 PST" in told.text
    assert moment_for(world.mia, HELD) == "Tue 12 Jan 2027 at 08:00 UTC"


def test_the_when_filter_names_zones_without_letters_by_their_offset() -> None:
    template = Template('{{ at|when:"short" }}|{{ nothing|when }}')
    with timezone.override("Asia/Dubai"):  # "+04" has no letters of its own
        text = template.render(Context({"at": HELD, "nothing": None}))
    assert ">12 Jan 12:00 UTC+04</time>|" in text


def test_a_table_cell_names_the_zone_of_its_time() -> None:
    with timezone.override("Europe/Paris"):
        cell = cell_text(HELD)
    assert 'title="Shown in Europe/Paris time"' in cell
    assert ">12 Jan 2027, 09:00 CET</time>" in cell
    # A spreadsheet's column is as wide as the words, not the markup around them.
    assert len(strip_tags(cell)) == len("12 Jan 2027, 09:00 CET")


def test_the_managers_worklist_names_the_zone_of_a_session_to_prepare(world: World) -> None:
    at = timezone.now() + timedelta(days=2)
    one_on_one(world.ann, world.mia, at=at)
    with timezone.override("America/New_York"):
        day = timezone.localdate()
        worklist = manager_worklist(manager_facts(person=world.mia, today=day), today=day)
        local = timezone.localtime(at)
    (detail,) = [row.item.detail for row in worklist.rows if row.item.kind == "session"]
    assert detail.startswith(f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {local:%Z}; ")
    assert local.tzname() in {"EST", "EDT"}
