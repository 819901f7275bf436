"""A coaching session as a calendar invitation (an iCalendar .ics file).

The invitation carries the time, the people and the agenda — never the session's private notes,
which stay in Uplift. Its UID is the session's own UUID, so downloading it again after a change
updates the same calendar entry; SEQUENCE rises with each change of time, status or agenda.
"""

from __future__ import annotations

from django.utils import timezone

from uplift.coaching.models import CoachingSession
from uplift.core.calendar import Attendee, Invitation, invitation_ics
from uplift.orgs.models import Person

PRODUCT_ID = "-//Uplift//Coaching//EN"
UID_DOMAIN = "uplift.coaching"


def session_uid(session: CoachingSession) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def session_summary(session: CoachingSession) -> str:
    return f"{session.get_kind_display()}: {session.rep.full_name} with {session.coach.full_name}"


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
    coach = Attendee(session.coach.email, session.coach.full_name)
    guests = [Attendee(session.rep.email, session.rep.full_name, "REQ-PARTICIPANT")]
    guests.append(Attendee(coach.email, coach.name, "CHAIR"))
    guests += [Attendee(p.email, p.full_name, "REQ-PARTICIPANT") for p in _roleplay_guests(session)]
    return invitation_ics(
        Invitation(
            product_id=PRODUCT_ID,
            uid=session_uid(session),
            starts_at=session.scheduled_at,
            ends_at=session.ends_at,
            summary=session_summary(session),
            description=session_description(session, link=link),
            sequence=session.sequence,
            cancelled=session.status == CoachingSession.Status.CANCELLED,
            organiser=coach,
            attendees=guests,
            method="REQUEST",
            link=link,
        )
    )


def session_ics_filename(session: CoachingSession) -> str:
    when = timezone.localtime(session.scheduled_at).strftime("%Y-%m-%d")
    return f"coaching-{session.kind.replace('_', '-')}-{when}-{session.pk}.ics"
