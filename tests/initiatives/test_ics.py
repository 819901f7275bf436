"""A sharing session's calendar invitation: the time, the host and the topic, the same UID after
a change, and a cancellation that replaces the event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.conftest import World
from tests.initiatives.builders import at, launched
from uplift.initiatives.ics import session_ics
from uplift.initiatives.services import session_cancel, session_schedule

pytestmark = pytest.mark.django_db


def test_the_invitation_names_the_session_and_cancels_it_later(
    world: World, client: Client
) -> None:
    initiative = launched(world)
    session = session_schedule(
        initiative=initiative,
        actor=world.ada,
        host=world.art,
        kind="win_story",
        topic="The renewal we nearly lost",
        scheduled_at=at(timezone.localdate() + timedelta(days=2), 15),
        duration_minutes=30,
    )
    [event] = Calendar.from_ical(session_ics(session, link="https://uplift.test/s/1")).walk(
        "VEVENT"
    )
    assert str(event["summary"]) == "Win-story huddle: The renewal we nearly lost"
    assert event["dtend"].dt - event["dtstart"].dt == timedelta(minutes=30)
    assert str(event["organizer"]) == "mailto:art@acme.test"
    assert "Share what works" in str(event["description"])
    uid = str(event["uid"])

    session_cancel(session=session, actor=world.art)
    calendar = Calendar.from_ical(session_ics(session))
    [cancelled] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["uid"]) == uid
    assert int(cancelled["sequence"]) == 1

    client.force_login(world.bob)  # anyone in the organisation may come
    response = client.get(f"/initiatives/sessions/{session.pk}/invite.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VCALENDAR" in response.content
