"""The audit trail's tables (declared once; the search page, the person's own page and the
downloads draw them)."""

from __future__ import annotations

from django.urls import reverse

from uplift.audit.models import AuditEvent
from uplift.web.tables import Column, Priority, Table


def _who(event: AuditEvent) -> str:
    if event.actor is not None:
        return event.actor.full_name or event.actor.email
    return "Uplift itself" if event.door == "system" else "someone not signed in"


def _whom(event: AuditEvent) -> str | None:
    return (event.subject.full_name or event.subject.email) if event.subject else None


def _what(event: AuditEvent) -> str:
    record = event.get_record_display() if event.record else ""
    parts = [event.get_action_display()]
    if record:
        parts.append(f"({record})")
    return " ".join(parts)


def _subject_link(event: AuditEvent) -> str | None:
    return reverse("person_detail", args=[event.subject_id]) if event.subject_id else None


def audit_table() -> Table[AuditEvent]:
    """Newest first: when, what, who acted, about whom, details and the door it came through."""
    return Table(
        name="audit-table",
        caption="Audit trail",
        columns=(
            Column("at", "When", lambda e: e.at, first_descending=True),
            Column("action", "What", _what),
            Column("actor", "Who", _who, priority=Priority.TABLET),
            Column(
                "subject",
                "About whom",
                _whom,
                link=_subject_link,
                priority=Priority.TABLET,
                no_data=lambda _: "the event is about no one person",
            ),
            Column(
                "detail",
                "Details",
                lambda e: e.detail or None,
                priority=Priority.DESKTOP,
                no_data=lambda _: "the event needs no more words",
            ),
            Column("door", "Through", lambda e: e.get_door_display(), priority=Priority.DESKTOP),
        ),
        default_sort="at",
        descending=True,
        page_size=50,
        empty="No event matches: widen the dates or clear a filter.",
        download="audit_download",
    )


def openings_table() -> Table[AuditEvent]:
    """Who opened or changed the person's own private records, newest first."""
    return Table(
        name="openings-table",
        caption="Who opened or changed your private records",
        columns=(
            Column("at", "When", lambda e: e.at, first_descending=True),
            Column("actor", "Who", _who),
            Column("action", "What", _what, priority=Priority.TABLET),
            Column("door", "Through", lambda e: e.get_door_display(), priority=Priority.DESKTOP),
        ),
        default_sort="at",
        descending=True,
        page_size=25,
        empty=(
            "Nobody but you has opened your coaching notes, assessments, plan or private "
            "scorecard in the time the trail is kept."
        ),
    )
