"""A coaching session as a calendar invitation (an iCalendar .ics file).

The invitation carries the time, the people and the agenda — never the session's private notes,
which stay in Uplift. Its UID is the session's own UUID, so downloading it again after a change
updates the same calendar entry; SEQUENCE rises with each change of time, status or agenda.
"""

from __future__ import annotations

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from uplift.coaching.models import CoachingSession
from uplift.orgs.models import Person

PRODUCT_ID = "-//Uplift//Coaching//EN"
UID_DOMAIN = "uplift.coaching"


def session_uid(session: CoachingSession) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def session_summary(session: CoachingSession) -> str:
    return f"{session.get_kind_display()}: {session.rep.full_name} with {session.coach.full_name}"


def _address(email: str, name: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def _roleplay_guests(session: CoachingSession) -> list[Person]:
    """For a role-play session: the partners and raters of its role plays, each once."""
    seen = {session.rep_id, session.coach_id}
    guests = []
    for roleplay in session.roleplays.select_related("partner"):
        people = [roleplay.partner, *(r.rater for r in roleplay.ratings.select_related("rater"))]
        for person in people:
            if person.pk not in seen:
                seen.add(person.pk)
                guests.append(person)
    return guests


def session_description(session: CoachingSession, *, link: str = "") -> str:
    parts = [session_summary(session) + "."]
    if session.call_reference:
        parts.append(f"Call: {session.call_reference}")
    if session.agenda:
        parts.append("Agenda:\n" + session.agenda)
    if link:
        parts.append(f"Notes and action items in Uplift: {link}")
    return "\n\n".join(parts)


def session_ics(session: CoachingSession, *, link: str = "") -> bytes:
    """The invitation: organiser the coach, attendees the rep, the coach and, for a role play,
    its partner and raters; the agenda as description. `link` is the session page's absolute
    address, for the description."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    cancelled = session.status == CoachingSession.Status.CANCELLED
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.scheduled_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", session_summary(session))
    event.add("description", session_description(session, link=link))
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if link:
        event.add("url", link)
    event.add("organizer", _address(session.coach.email, session.coach.full_name))
    event.add("attendee", _address(session.rep.email, session.rep.full_name, "REQ-PARTICIPANT"))
    event.add("attendee", _address(session.coach.email, session.coach.full_name, "CHAIR"))
    for person in _roleplay_guests(session):
        event.add("attendee", _address(person.email, person.full_name, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    payload: bytes = calendar.to_ical()
    return payload


def session_ics_filename(session: CoachingSession) -> str:
    when = timezone.localtime(session.scheduled_at).strftime("%Y-%m-%d")
    return f"coaching-{session.kind.replace('_', '-')}-{when}-{session.pk}.ics"
