"""Personal data: the export an admin hands a person, the erasure, and the retention of
coaching notes (cleared by daily work, queued by the worker's periodic pass, once older than
the organisation keeps them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from uplift.audit.models import Action
from uplift.audit.services import audit_record
from uplift.coaching.models import CoachingSession, RolePlayRating
from uplift.core.refusals import Invalid, NotAllowed
from uplift.orgs.daily import daily_work
from uplift.orgs.models import Organisation, Person, Role
from uplift.privacy.erasure import ErasureResult, person_erase
from uplift.privacy.export import export_zip
from uplift.privacy.models import PrivacySettings

MIN_NOTES_DAYS = 30
MAX_NOTES_DAYS = 3650
COACHING_NOTES_CLEAR = "coaching_notes_clear"


def person_export(*, person: Person, by: Person | None, by_words: str = "") -> bytes:
    """The zip of everything Uplift holds about the person; recorded on the audit trail."""
    who = by_words or (by.full_name if by is not None else "the command line")
    data = export_zip(person=person, by=who)
    audit_record(
        action=Action.PERSON_EXPORTED,
        actor=by,
        subject=person,
        organisation_id=person.organisation_id,
        detail=f"{len(data)} bytes",
    )
    return data


def person_erase_confirmed(*, person: Person, by: Person | None, confirm: str) -> ErasureResult:
    """Erase after the admin typed the person's e-mail address to confirm."""
    if by is not None and by.role != Role.ADMIN:
        raise NotAllowed("Only an enablement admin erases a person's data.")
    if confirm.strip().lower() != person.email.lower():
        raise Invalid(
            "Type the person's e-mail address exactly to confirm the erasure.", field="confirm"
        )
    return person_erase(person=person, by=by)


def privacy_settings_of(*, organisation: Organisation) -> PrivacySettings:
    settings, _ = PrivacySettings.objects.get_or_create(organisation=organisation)
    return settings


def privacy_settings_set(*, admin: Person, coaching_notes_days: int | None) -> PrivacySettings:
    """How long coaching notes are kept after their session (None: until erased)."""
    if admin.role != Role.ADMIN or admin.organisation is None:
        raise NotAllowed("Only an enablement admin sets how long coaching notes are kept.")
    if coaching_notes_days is not None and not (
        MIN_NOTES_DAYS <= coaching_notes_days <= MAX_NOTES_DAYS
    ):
        raise Invalid(
            f"Keep coaching notes between {MIN_NOTES_DAYS} and {MAX_NOTES_DAYS} days, "
            "or leave it blank to keep them.",
            field="coaching_notes_days",
        )
    with transaction.atomic():
        settings = privacy_settings_of(organisation=admin.organisation)
        before = settings.coaching_notes_days
        if before != coaching_notes_days:
            settings.coaching_notes_days = coaching_notes_days
            settings.save(update_fields=["coaching_notes_days"])
            audit_record(
                action=Action.SETTINGS_CHANGED,
                actor=admin,
                organisation_id=admin.organisation_id,
                detail=f"coaching notes kept {before or 'always'} → "
                f"{coaching_notes_days or 'always'} days",
            )
    return settings


def coaching_notes_clear(*, organisation: Organisation, today: date) -> int:
    """Clear notes, agendas and role-play feedback of sessions older than the retention on
    `today` (from the start of the day, UTC). Idempotent; the sessions themselves (that coaching
    happened) stay."""
    settings = privacy_settings_of(organisation=organisation)
    if settings.coaching_notes_days is None:
        return 0
    start_of_today = datetime.combine(today, time.min, tzinfo=UTC)
    cutoff = start_of_today - timedelta(days=settings.coaching_notes_days)
    with transaction.atomic():
        old = CoachingSession.objects.filter(organisation=organisation, scheduled_at__lt=cutoff)
        cleared = old.exclude(notes="", agenda="").update(notes="", agenda="")
        RolePlayRating.objects.filter(
            session__organisation=organisation, session__created_at__lt=cutoff
        ).exclude(feedback="").update(feedback="")
        PrivacySettings.objects.filter(pk=settings.pk).update(cleared_on=today)
    return int(cleared)


@daily_work(COACHING_NOTES_CLEAR, title="Old coaching notes cleared")
def coaching_notes_clear_daily(organisation: Organisation, day: date) -> dict[str, Any]:
    return {"sessions_cleared": coaching_notes_clear(organisation=organisation, today=day)}


def data_subject_by_email(*, organisation: Organisation, email: str) -> Person:
    """The person of the organisation with that e-mail address (the command line's lookup)."""
    person = Person.objects.filter(organisation=organisation, email__iexact=email.strip()).first()
    if person is None:
        raise Invalid(f"No one in {organisation.name} has the address {email.strip()!r}.")
    return person
