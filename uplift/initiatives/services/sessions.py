"""Writes for sharing sessions: scheduling, attendance, notes, and the practice draft the notes
become, credited to the host."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from uplift.core.refusals import NotAllowed
from uplift.initiatives import access
from uplift.initiatives.errors import InitiativeConflict, InitiativeError
from uplift.initiatives.models import Attendance, Initiative, SharingSession
from uplift.orgs.models import Person, Role
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice
from uplift.practices.services import practice_draft_create

MAX_TOPIC = 200
MAX_NOTES = 20_000


def _check_host(initiative: Initiative, host: Person) -> None:
    if host.organisation_id != initiative.organisation_id or not host.is_active:
        raise InitiativeError("The host is an active member of your organisation.", field="host")
    if host.role == Role.ADMIN:
        raise InitiativeError(
            "Sessions are hosted by the people who sell or lead; enablement runs the cadence.",
            field="host",
        )


def _check_time(scheduled_at: datetime, duration_minutes: int) -> None:
    if timezone.is_naive(scheduled_at):
        raise InitiativeError("The session time needs a time zone.", field="scheduled_at")
    if not 15 <= duration_minutes <= 240:
        raise InitiativeError(
            "A session lasts between 15 and 240 minutes.", field="duration_minutes"
        )


@transaction.atomic
def session_schedule(
    *,
    initiative: Initiative,
    actor: Person,
    host: Person,
    kind: str,
    topic: str,
    scheduled_at: datetime,
    duration_minutes: int = 45,
    practice: Practice | None = None,
) -> SharingSession:
    """Schedule a session. A partner schedules the sessions they host; the initiative's leaders
    and owner schedule any host's."""
    if not access.can_schedule_session(actor, initiative):
        raise NotAllowed("The initiative's partners, leaders and owner schedule its sessions.")
    if host.pk != actor.pk and not access.can_run_initiative(actor, initiative):
        raise NotAllowed("Partners schedule the sessions they host themselves.")
    if kind not in SharingSession.Kind.values:
        raise InitiativeError("Choose the kind of session.", field="kind")
    topic = " ".join(topic.split())
    if not topic:
        raise InitiativeError("Say what the session is about.", field="topic")
    if len(topic) > MAX_TOPIC:
        raise InitiativeError(f"A topic has at most {MAX_TOPIC} characters.", field="topic")
    if practice is not None and practice.organisation_id != initiative.organisation_id:
        raise InitiativeError("Choose a practice of your library.", field="practice")
    _check_host(initiative, host)
    _check_time(scheduled_at, duration_minutes)
    return SharingSession.objects.create(
        initiative=initiative,
        kind=kind,
        host=host,
        topic=topic,
        practice=practice,
        scheduled_at=scheduled_at,
        duration_minutes=duration_minutes,
        created_by=actor,
    )


@transaction.atomic
def session_cancel(*, session: SharingSession, actor: Person) -> SharingSession:
    """Call a planned session off; calendars that downloaded the invitation get the cancellation
    the next time they fetch it (same UID, a higher SEQUENCE)."""
    if not access.can_run_session(actor, session):
        raise NotAllowed("The host and the initiative's leaders and owner call a session off.")
    if session.status != SharingSession.Status.PLANNED:
        raise InitiativeConflict("Only a planned session can be called off.", code="not_planned")
    session.status = SharingSession.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    return session


@transaction.atomic
def session_attendance_record(
    *, session: SharingSession, actor: Person, people: Iterable[Person]
) -> SharingSession:
    """Who came: the attendance is replaced by `people`, and a session anyone came to is held.
    Attendance is recorded once the session has started."""
    if not access.can_run_session(actor, session):
        raise NotAllowed("The host and the initiative's leaders and owner record attendance.")
    if session.status == SharingSession.Status.CANCELLED:
        raise InitiativeConflict("This session was called off.", code="cancelled")
    if session.scheduled_at > timezone.now():
        raise InitiativeError("Attendance is recorded once the session has started.")
    chosen = list(dict.fromkeys(people))
    for person in chosen:
        if person.organisation_id != session.initiative.organisation_id:
            raise InitiativeError(f"{person} is not a member of your organisation.")
    session.attendance.exclude(person__in=chosen).delete()
    known = set(session.attendance.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(session=session, person=person, recorded_by=actor)
        for person in chosen
        if person.pk not in known
    )
    held = bool(chosen)
    status = SharingSession.Status.HELD if held else SharingSession.Status.PLANNED
    if status != session.status:
        session.status = status
        session.save(update_fields=["status"])
    return session


def session_notes_save(*, session: SharingSession, actor: Person, notes: str) -> SharingSession:
    if not access.can_run_session(actor, session):
        raise NotAllowed("The host and the initiative's leaders and owner keep the notes.")
    if len(notes) > MAX_NOTES:
        raise InitiativeError(f"Notes have at most {MAX_NOTES:,} characters.", field="notes")
    session.notes = notes.strip()
    session.save(update_fields=["notes"])
    return session


def session_draft_content(session: SharingSession) -> CardContent:
    """The draft a session's notes suggest: its topic as the title, the notes as the steps."""
    return CardContent(title=session.topic, steps=session.notes)


@transaction.atomic
def session_practice_draft(
    *, session: SharingSession, actor: Person, content: CardContent
) -> Practice:
    """Turn the session's notes into a practice draft credited to the host, once. Only the host
    does it: the draft is theirs, to finish and submit for review."""
    if actor.pk != session.host_id:
        raise NotAllowed("The host turns the notes of their session into a practice draft.")
    session = SharingSession.objects.select_for_update().get(pk=session.pk)
    if session.draft_practice_id is not None:
        raise InitiativeConflict(
            "This session's notes are a practice draft already.", code="drafted"
        )
    if session.status != SharingSession.Status.HELD:
        raise InitiativeError("Record who came first: the notes of a held session become a draft.")
    practice = practice_draft_create(
        organisation=session.initiative.organisation, author=actor, content=content
    )
    session.draft_practice = practice
    session.save(update_fields=["draft_practice"])
    return practice
