"""Overdue-milestone reminders: one e-mail per plan to the rep and the manager, at most one
reminder per milestone per day, queued once a day; also through a real SMTP server."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings

from tests.conftest import World
from uplift.development.models import MilestoneReminder, ReminderRun
from uplift.development.reminders import reminders_queue_daily, reminders_send
from uplift.development.services import (
    PlanInput,
    milestone_create,
    milestone_set_done,
    plan_close,
    plan_create,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def _plan_with_milestones(world: World) -> Any:
    plan = plan_create(
        rep=world.ann, manager=world.mia, data=PlanInput(goal="g", started_on=date(2026, 9, 1))
    )
    milestone_create(
        plan=plan, title="Shadow a star", due_on=TODAY - timedelta(days=5), created_by=world.mia
    )
    milestone_create(
        plan=plan,
        title="Role-play the price objection",
        due_on=TODAY - timedelta(days=1),
        created_by=world.mia,
    )
    milestone_create(plan=plan, title="Due today", due_on=TODAY, created_by=world.mia)
    done = milestone_create(
        plan=plan, title="Done already", due_on=TODAY - timedelta(days=9), created_by=world.mia
    )
    milestone_set_done(milestone=done, done_on=TODAY - timedelta(days=9))
    return plan


def test_one_email_to_rep_and_manager_listing_the_overdue_milestones(world: World) -> None:
    _plan_with_milestones(world)
    assert reminders_send(today=TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ann@acme.test", "mia@acme.test"]
    assert message.subject == "Overdue on Ann Test's development plan: Shadow a star and 1 more"
    assert "Shadow a star (due 15 Nov 2026, 5 days ago)" in message.body
    assert "Role-play the price objection (due 19 Nov 2026, 1 days ago)" in message.body
    assert "Due today" not in message.body
    assert "Done already" not in message.body
    assert MilestoneReminder.objects.filter(sent_on=TODAY).count() == 2


def test_at_most_one_reminder_per_milestone_per_day(world: World) -> None:
    _plan_with_milestones(world)
    reminders_send(today=TODAY)
    assert reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 1
    assert reminders_send(today=TODAY + timedelta(days=1)) == 1  # the next day, again
    assert len(mail.outbox) == 2


def test_closed_plans_are_not_reminded(world: World) -> None:
    plan = _plan_with_milestones(world)
    plan_close(plan=plan, status="cancelled", closed_on=TODAY)
    assert reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_reminders_are_queued_once_a_day(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _plan_with_milestones(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_queue_daily(organisation=world.org, today=TODAY)
        assert not reminders_queue_daily(organisation=world.org, today=TODAY)
    assert len(mail.outbox) == 1  # the immediate task backend ran the task once
    assert ReminderRun.objects.filter(organisation=world.org).count() == 1


def test_the_accountability_page_queues_the_days_reminders(
    world: World, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    plan = _plan_with_milestones(world)
    plan.milestones.update(due_on=date(2020, 1, 1))
    client = login(world.mia)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/development/team/").status_code == 200
        assert client.get("/development/team/").status_code == 200
    assert len(mail.outbox) == 1


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_reminders_go_through_a_real_smtp_server(world: World) -> None:
    _plan_with_milestones(world)
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            assert reminders_send(today=TODAY) == 1
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    _, recipients, content = inbox.messages[0]
    assert sorted(recipients) == ["ann@acme.test", "mia@acme.test"]
    assert b"Shadow a star" in content
    assert b"/development/plans/" in content
