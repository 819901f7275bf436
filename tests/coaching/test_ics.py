"""The calendar invitation, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from tests.coaching.builders import one_on_one
from tests.conftest import World
from uplift.coaching.ics import session_ics
from uplift.coaching.services import coaching_session_update


def _event(payload: bytes):  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(payload)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def test_the_invitation_has_the_people_time_and_agenda_but_not_the_notes(world: World) -> None:
    at = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    session = one_on_one(
        world.ann,
        world.mia,
        at=at,
        duration_minutes=45,
        agenda="Pipeline review; Acme next steps",
        notes="Ann is thinking about leaving",
    )
    payload = session_ics(session, link="https://uplift.example/coaching/sessions/1/")
    calendar, event = _event(payload)
    assert str(calendar["method"]) == "REQUEST"
    assert event.decoded("dtstart") == at
    assert event.decoded("dtend") == at + timedelta(minutes=45)
    assert str(event["summary"]) == "1:1: Ann Test with Mia Test"
    assert str(event["organizer"]).lower() == "mailto:mia@acme.test"
    assert event["organizer"].params["cn"] == "Mia Test"
    attendees = sorted(str(a).lower() for a in event["attendee"])
    assert attendees == ["mailto:ann@acme.test", "mailto:mia@acme.test"]
    description = str(event["description"])
    assert "Acme next steps" in description
    assert "https://uplift.example/coaching/sessions/1/" in description
    assert "leaving" not in payload.decode()
    assert str(event["uid"]) == f"{session.uid}@uplift.coaching"


def test_the_uid_is_stable_and_the_sequence_rises_when_the_time_moves(world: World) -> None:
    session = one_on_one(world.ann, world.mia)
    _, before = _event(session_ics(session))
    coaching_session_update(session=session, scheduled_at=session.scheduled_at + timedelta(days=1))
    _, after = _event(session_ics(session))
    assert str(after["uid"]) == str(before["uid"])
    assert (int(before["sequence"]), int(after["sequence"])) == (0, 1)


def test_a_cancelled_session_sends_a_cancellation(world: World) -> None:
    session = one_on_one(world.ann, world.mia)
    coaching_session_update(session=session, status="cancelled")
    calendar, event = _event(session_ics(session))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"


def test_a_role_play_session_invites_the_partner_and_raters(world: World) -> None:
    from tests.coaching.builders import scenario
    from uplift.coaching.services import roleplay_create

    session = one_on_one(world.ann, world.mia, kind="role_play")
    roleplay_create(
        scenario=scenario(world.ada),
        rep=world.ann,
        coach=world.mia,
        partner=world.art,
        created_by=world.mia,
        peer_raters=[world.bob],
        coaching_session=session,
    )
    _, event = _event(session_ics(session))
    attendees = sorted(str(a).lower() for a in event["attendee"])
    assert attendees == [
        "mailto:ann@acme.test",
        "mailto:art@acme.test",
        "mailto:bob@acme.test",
        "mailto:mia@acme.test",
    ]
