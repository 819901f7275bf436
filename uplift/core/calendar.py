"""One calendar invitation (an iCalendar .ics file), as coaching sessions and sharing sessions send
them: a stable UID so that a later download updates the same entry, SEQUENCE rising with each
change, and a cancelled event sent as a cancellation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str
    role: str | None = None  # REQ-PARTICIPANT, CHAIR, …; None for the organiser


@dataclass(frozen=True)
class Invitation:
    product_id: str  # "-//Uplift//Coaching//EN"
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    sequence: int
    cancelled: bool
    organiser: Attendee
    attendees: Sequence[Attendee] = field(default_factory=tuple)
    method: str = "PUBLISH"  # when not cancelled: REQUEST asks each attendee to answer
    link: str = ""  # the page's absolute address


def address(person: Attendee) -> vCalAddress:
    found = vCalAddress(f"mailto:{person.email}")
    found.params["cn"] = vText(person.name)
    if person.role:  # an attendee asked to answer
        found.params["role"] = vText(person.role)
        found.params["partstat"] = vText("NEEDS-ACTION")
        found.params["rsvp"] = vText("TRUE")
    return found


def invitation_ics(invitation: Invitation) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", invitation.product_id)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if invitation.cancelled else invitation.method)
    event = Event()
    event.add("uid", invitation.uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", invitation.starts_at.astimezone(UTC))
    event.add("dtend", invitation.ends_at.astimezone(UTC))
    event.add("summary", invitation.summary)
    event.add("description", invitation.description)
    event.add("sequence", invitation.sequence)
    event.add("status", "CANCELLED" if invitation.cancelled else "CONFIRMED")
    if invitation.link:
        event.add("url", invitation.link)
    event.add("organizer", address(invitation.organiser))
    for attendee in invitation.attendees:
        event.add("attendee", address(attendee))
    calendar.add_component(event)
    payload: bytes = calendar.to_ical()
    return payload
