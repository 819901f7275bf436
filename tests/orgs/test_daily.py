"""Daily work on the worker's clock: its periodic pass queues, once per organisation and day (the
organisation's own), the audit trail's prune, the clearing of old coaching notes and the overdue
milestone reminders, and they run although nobody signs in or opens a page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from uplift.audit.jobs import AUDIT_PRUNE
from uplift.audit.models import Action, AuditEvent
from uplift.audit.services import audit_retention_set
from uplift.coaching.models import CoachingSession
from uplift.core.leases import reclaim_all
from uplift.core.models import Job
from uplift.development.reminders import MILESTONE_REMINDERS
from uplift.development.services import PlanInput, milestone_create, plan_create
from uplift.orgs.daily import daily_jobs_queue, daily_key, daily_kinds
from uplift.orgs.selectors import jobs_recent
from uplift.privacy.services import COACHING_NOTES_CLEAR, privacy_settings_set

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
TODAY = date(2026, 11, 20)
KINDS = {AUDIT_PRUNE, COACHING_NOTES_CLEAR, MILESTONE_REMINDERS}


def _queued(world: World) -> set[str]:
    return set(Job.objects.filter(organisation=world.org).values_list("dedup_key", flat=True))


def test_the_pass_queues_each_kind_once_per_organisation_and_day(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    assert set(daily_kinds()) >= KINDS
    with django_capture_on_commit_callbacks(execute=True):
        first = daily_jobs_queue(now=NOW)
        later_that_day = daily_jobs_queue(now=NOW + timedelta(hours=14))
    assert {(j.organisation_id, j.kind) for j in first} == {
        (org.pk, kind) for org in (world.org, world.other_org) for kind in daily_kinds()
    }
    assert later_that_day == []
    assert _queued(world) == {
        daily_key(kind=kind, organisation_id=world.org.pk, day=TODAY) for kind in daily_kinds()
    }
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.SUCCEEDED}
    with django_capture_on_commit_callbacks(execute=True):
        next_day = daily_jobs_queue(now=NOW + timedelta(days=1))
    assert {j.params["day"] for j in next_day} == {"2026-11-21"}
    assert len(next_day) == len(first)


def test_the_day_is_the_organisations_own(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.org.time_zone = "Pacific/Auckland"  # 13 hours ahead of UTC in November
    world.org.save(update_fields=["time_zone"])
    late_evening_utc = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        jobs = daily_jobs_queue(now=late_evening_utc)
    days = {(j.organisation_id, j.params["day"]) for j in jobs}
    assert days == {(world.org.pk, "2026-11-21"), (world.other_org.pk, "2026-11-20")}


def test_the_workers_periodic_pass_queues_the_days_work(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert reclaim_all()["daily work"] == 0  # nothing taken back; the day's work queued
    assert {j.kind for j in Job.objects.filter(organisation=world.org)} == set(daily_kinds())


def test_the_days_work_runs_with_nobody_signed_in(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    audit_retention_set(admin=world.ada, days=90)
    old_event = AuditEvent.objects.create(  # the prune counts from the clock's now
        organisation=world.org,
        action=Action.SIGNED_IN,
        actor=world.ann,
        at=timezone.now() - timedelta(days=91),
    )
    privacy_settings_set(admin=world.ada, coaching_notes_days=30)
    old, recent = (
        CoachingSession.objects.create(
            organisation=world.org,
            rep=world.ann,
            coach=world.mia,
            scheduled_at=NOW - timedelta(days=days),
            notes="Talked through the renewal.",
            agenda="Renewal",
        )
        for days in (31, 29)
    )
    plan = plan_create(
        rep=world.ann, manager=world.mia, data=PlanInput(goal="g", started_on=date(2026, 9, 1))
    )
    milestone_create(
        plan=plan, title="Shadow a star", due_on=TODAY - timedelta(days=2), created_by=world.mia
    )
    with django_capture_on_commit_callbacks(execute=True):
        daily_jobs_queue(now=NOW)

    assert not AuditEvent.objects.filter(pk=old_event.pk).exists()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.notes, old.agenda) == ("", "")
    assert recent.notes == "Talked through the renewal."
    assert sorted(m.to[0] for m in mail.outbox) == [world.ann.email, world.mia.email]
    results = {j.kind: j.result for j in Job.objects.filter(organisation=world.org, kind__in=KINDS)}
    assert results == {
        AUDIT_PRUNE: {"removed": 1},
        COACHING_NOTES_CLEAR: {"sessions_cleared": 1},
        MILESTONE_REMINDERS: {"plans_reminded": 1},
    }


def test_the_admins_recent_jobs_are_not_crowded_out_by_daily_work(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for days in range(5):
            daily_jobs_queue(now=NOW + timedelta(days=days))
    assert list(jobs_recent(organisation=world.org)) == []
    assert len(jobs_recent(organisation=world.org, kind=AUDIT_PRUNE)) == 5


def test_signing_in_queues_no_daily_work(world: World) -> None:
    assert Client().login(request=HttpRequest(), username=world.ann.email, password=TEST_PASSWORD)
    assert not Job.objects.filter(kind__in=KINDS).exists()
