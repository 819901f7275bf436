"""A sharing session as a calendar invitation (an iCalendar .ics file).

The invitation carries the time, the host, the topic and the practice it is about; its UID is the
session's own UUID, so fetching it again after a change (or a cancellation) updates the same
calendar entry, and SEQUENCE rises with each such change. Everyone in the organisation may come:
the host is the organiser and the only attendee named.
"""

from __future__ import annotations

from django.utils import timezone

from uplift.core.calendar import Attendee, Invitation, invitation_ics
from uplift.initiatives.models import SharingSession

PRODUCT_ID = "-//Uplift//Sharing sessions//EN"
UID_DOMAIN = "uplift.initiatives"


def session_uid(session: SharingSession) -> str:
    return f"{session.uid}@{UID_DOMAIN}"


def session_summary(session: SharingSession) -> str:
    return f"{session.get_kind_display()}: {session.topic}"


def session_description(session: SharingSession, *, link: str = "") -> str:
    parts = [f"{session_summary(session)}, hosted by {session.host.full_name}."]
    parts.append(f"Part of the sharing initiative “{session.initiative.name}”.")
    if session.practice is not None:
        parts.append(f"Practice: {session.practice.title}")
    if link:
        parts.append(f"Details and attendance in Uplift: {link}")
    return "\n\n".join(parts)


def session_ics(session: SharingSession, *, link: str = "") -> bytes:
    return invitation_ics(
        Invitation(
            product_id=PRODUCT_ID,
            uid=session_uid(session),
            starts_at=session.scheduled_at,
            ends_at=session.ends_at,
            summary=session_summary(session),
            description=session_description(session, link=link),
            sequence=session.sequence,
            cancelled=session.status == SharingSession.Status.CANCELLED,
            organiser=Attendee(session.host.email, session.host.full_name),
            link=link,
        )
    )


def session_ics_filename(session: SharingSession) -> str:
    when = timezone.localtime(session.scheduled_at).strftime("%Y-%m-%d")
    return f"sharing-{session.kind.replace('_', '-')}-{when}-{session.pk}.ics"
