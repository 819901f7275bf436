"""Demo history for the audit trail: the last two weeks of sign-ins of the demo logins, and each
demo rep's manager opening the rep's latest coaching notes and plan, so that the admin's and
leader's search has something to find and each rep sees who opened their records.

Events are written as the trail writes them, dated in the past. The step adds nothing when the
organisation already has events of its own (so `uplift demo` can run twice)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from uplift.audit.models import Action, AuditEvent, Door, PrivateRecord
from uplift.coaching.models import CoachingSession
from uplift.demo.steps import DemoState, DemoStep
from uplift.development.models import DevelopmentPlan
from uplift.orgs.models import Person, Role


def _event(**fields: object) -> AuditEvent:
    return AuditEvent(**fields)


@transaction.atomic
def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    if (
        AuditEvent.objects.filter(organisation=organisation)
        .exclude(action=Action.SIGNED_IN)
        .exists()
    ):
        state.notes.append("audit: trail already there; nothing added")
        return
    now = timezone.now()
    logins = list(
        Person.objects.filter(
            organisation=organisation, email__in=[login.email for login in state.logins]
        )
    )
    events: list[AuditEvent] = []
    for n, person in enumerate(logins):
        for days in (13, 9, 6, 2):
            at = now - timedelta(days=days, hours=n % 5, minutes=7 * n)
            events.append(
                _event(
                    organisation=organisation,
                    at=at,
                    action=Action.SIGNED_IN,
                    actor=person,
                    door=Door.PAGE,
                )
            )
    for rep in (p for p in logins if p.role == Role.REP and p.manager_id is not None):
        manager = rep.manager
        session = CoachingSession.objects.filter(rep=rep).order_by("-scheduled_at").first()
        if session is not None:
            events.append(
                _event(
                    organisation=organisation,
                    at=now - timedelta(days=3, hours=2),
                    action=Action.PRIVATE_VIEWED,
                    actor=manager,
                    subject=rep,
                    record=PrivateRecord.COACHING_SESSION,
                    record_id=session.pk,
                    door=Door.PAGE,
                )
            )
        plan = DevelopmentPlan.objects.filter(rep=rep).order_by("-pk").first()
        if plan is not None:
            events.append(
                _event(
                    organisation=organisation,
                    at=now - timedelta(days=1, hours=5),
                    action=Action.PRIVATE_VIEWED,
                    actor=manager,
                    subject=rep,
                    record=PrivateRecord.DEVELOPMENT_PLAN,
                    record_id=plan.pk,
                    door=Door.PAGE,
                )
            )
    AuditEvent.objects.bulk_create(events)
    state.notes.append(f"audit: {len(events)} events of the last two weeks")


DEMO_STEPS: list[DemoStep] = [("Audit trail", seed)]
