"""Writes for coaching sessions and their action items."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uplift.coaching.errors import CoachingConflict, CoachingError
from uplift.coaching.models import ActionItem, CoachingSession
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Person, Role
from uplift.orgs.time_zones import moment_for

MAX_AGENDA = 5000
MAX_NOTES = 20000


def _check_people(*, rep: Person, coach: Person) -> None:
    if rep.organisation_id is None or rep.organisation_id != coach.organisation_id:
        raise CoachingError("The rep and the coach must belong to the same organisation.")
    if rep.pk == coach.pk:
        raise CoachingError("A rep cannot be their own coach; choose their manager or a colleague.")
    if not coach.is_active:
        raise CoachingError(f"{coach} is no longer active and cannot coach.")
    if coach.role == Role.ADMIN:
        raise CoachingError("Enablement admins do not coach reps; choose a manager or a colleague.")
    if not rep.is_active:
        raise CoachingError(f"{rep} is no longer active.")


def _check_time(*, scheduled_at: datetime, duration_minutes: int) -> None:
    if timezone.is_naive(scheduled_at):
        raise CoachingError("The session time needs a time zone.")
    if not 5 <= duration_minutes <= 480:
        raise CoachingError("A session lasts between 5 and 480 minutes.")


def _check_text(*, agenda: str = "", notes: str = "") -> None:
    if len(agenda) > MAX_AGENDA:
        raise CoachingError(f"The agenda has at most {MAX_AGENDA} characters.")
    if len(notes) > MAX_NOTES:
        raise CoachingError(f"The notes have at most {MAX_NOTES} characters.")


def coaching_session_create(
    *,
    rep: Person,
    coach: Person,
    created_by: Person,
    kind: str = CoachingSession.Kind.ONE_ON_ONE,
    scheduled_at: datetime,
    duration_minutes: int = 30,
    agenda: str = "",
    call_reference: str = "",
    notes: str = "",
    status: str = CoachingSession.Status.PLANNED,
) -> CoachingSession:
    """Schedule a session. The caller has checked that `created_by` is in the rep's chain."""
    if kind not in CoachingSession.Kind.values:
        raise CoachingError(
            f"Unknown kind of session {kind!r}: one of 1:1, call review, role play."
        )
    if status not in CoachingSession.Status.values:
        raise CoachingError(f"Unknown status {status!r}: planned, done or cancelled.")
    _check_people(rep=rep, coach=coach)
    _check_time(scheduled_at=scheduled_at, duration_minutes=duration_minutes)
    _check_text(agenda=agenda, notes=notes)
    organisation = rep.organisation
    if organisation is None:
        raise CoachingError("The rep is not a member of an organisation.")
    session = CoachingSession.objects.create(
        organisation=organisation,
        rep=rep,
        coach=coach,
        kind=kind,
        scheduled_at=scheduled_at,
        duration_minutes=duration_minutes,
        agenda=agenda.strip(),
        call_reference=call_reference.strip()[:300],
        notes=notes.strip(),
        status=status,
        created_by=created_by,
    )
    if status == CoachingSession.Status.PLANNED:
        for person in {rep, coach} - {created_by}:
            notify(
                recipient=person,
                kind=NotificationKind.COACHING_SESSION,
                text=(
                    f"{session.get_kind_display()} with {coach.full_name} for {rep.full_name} "
                    f"on {moment_for(person, scheduled_at)}"
                ),
                link=reverse("coaching_session", args=[session.pk]),
            )
    return session


def coaching_session_update(
    *,
    session: CoachingSession,
    agenda: str | None = None,
    notes: str | None = None,
    status: str | None = None,
    scheduled_at: datetime | None = None,
    duration_minutes: int | None = None,
    call_reference: str | None = None,
) -> CoachingSession:
    """Change what was given; a new time or status raises the invitation's sequence number so
    calendars replace the old event instead of adding a second one."""
    changed: list[str] = []
    calendar_changed = False
    if status is not None and status != session.status:
        if status not in CoachingSession.Status.values:
            raise CoachingError(f"Unknown status {status!r}: planned, done or cancelled.")
        session.status = status
        changed.append("status")
        calendar_changed = True
    if scheduled_at is not None or duration_minutes is not None:
        new_start = scheduled_at or session.scheduled_at
        new_length = duration_minutes or session.duration_minutes
        _check_time(scheduled_at=new_start, duration_minutes=new_length)
        if (new_start, new_length) != (session.scheduled_at, session.duration_minutes):
            session.scheduled_at, session.duration_minutes = new_start, new_length
            changed += ["scheduled_at", "duration_minutes"]
            calendar_changed = True
    if agenda is not None:
        _check_text(agenda=agenda)
        session.agenda = agenda.strip()
        changed.append("agenda")
        calendar_changed = True
    if notes is not None:
        _check_text(notes=notes)
        session.notes = notes.strip()
        changed.append("notes")
    if call_reference is not None:
        session.call_reference = call_reference.strip()[:300]
        changed.append("call_reference")
    if calendar_changed:
        session.sequence += 1
        changed.append("sequence")
    if changed:
        session.save(update_fields=[*changed, "updated_at"])
    return session


def action_item_create(
    *, session: CoachingSession, title: str, due_on: date | None, created_by: Person
) -> ActionItem:
    title = title.strip()
    if not title:
        raise CoachingError("An action item needs a title.")
    if len(title) > 200:
        raise CoachingError("An action item has at most 200 characters.")
    return ActionItem.objects.create(
        session=session, title=title, due_on=due_on, created_by=created_by
    )


def action_item_complete(*, item: ActionItem, done: bool, on: date | None = None) -> ActionItem:
    item.done_on = (on or timezone.localdate()) if done else None
    item.save(update_fields=["done_on"])
    return item


def action_item_to_milestone(*, item: ActionItem, created_by: Person):  # type: ignore[no-untyped-def]
    """Put the action item on the rep's current (active) development plan as a milestone, once.

    Its due date is the item's, or two weeks after the session when it has none."""
    from uplift.development.models import DevelopmentPlan
    from uplift.development.services import DevelopmentError, milestone_create

    with transaction.atomic():
        item = ActionItem.objects.select_for_update().select_related("session__rep").get(pk=item.pk)
        if item.milestone_id is not None:
            raise CoachingConflict(
                "This action item is already a milestone on the plan.", code="already_milestone"
            )
        rep = item.session.rep
        plan = (
            DevelopmentPlan.objects.filter(rep=rep, status=DevelopmentPlan.Status.ACTIVE)
            .order_by("-started_on")
            .first()
        )
        if plan is None:
            raise CoachingConflict(
                f"{rep} has no active development plan yet: start one, then add this item to it.",
                code="no_active_plan",
            )
        due_on = item.due_on or (
            timezone.localtime(item.session.scheduled_at).date() + timedelta(days=14)
        )
        try:
            milestone = milestone_create(
                plan=plan, title=item.title, due_on=due_on, created_by=created_by, source="coaching"
            )
        except DevelopmentError as error:
            raise CoachingConflict(error.message) from error
        item.milestone = milestone
        item.save(update_fields=["milestone"])
    return milestone
