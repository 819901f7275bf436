"""Overdue-milestone reminders: one notification per plan to the rep and one to the manager, each
e-mailed straight away by default, at most one reminder per milestone per day, sent by the
worker's daily pass (not by opening a page); also through a real SMTP server."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings

from tests.conftest import World
from uplift.development.models import MilestoneReminder
from uplift.development.reminders import reminders_send
from uplift.development.services import (
    PlanInput,
    milestone_create,
    milestone_set_done,
    plan_close,
    plan_create,
)
from uplift.notifications.kinds import Delivery, Kind
from uplift.notifications.models import Notification
from uplift.notifications.services import preferences_set

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


def test_the_rep_and_the_manager_each_get_the_overdue_milestones(world: World) -> None:
    plan = _plan_with_milestones(world)
    assert reminders_send(today=TODAY) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@acme.test", "mia@acme.test"]
    for message in mail.outbox:
        assert message.subject == "Overdue on Ann Test's development plan: Shadow a star and 1 more"
        assert "Shadow a star (due 15 Nov 2026, 5 days ago)" in message.body
        assert "Role-play the price objection (due 19 Nov 2026, 1 days ago)" in message.body
        assert "Due today" not in message.body
        assert "Done already" not in message.body
        assert f"/development/plans/{plan.pk}/" in message.body
    assert MilestoneReminder.objects.filter(sent_on=TODAY).count() == 2
    for person in (world.ann, world.mia):
        [notice] = Notification.objects.filter(recipient=person)
        assert notice.kind == Kind.MILESTONE_OVERDUE


def test_a_person_who_chose_the_daily_e_mail_gets_none_straight_away(world: World) -> None:
    _plan_with_milestones(world)
    preferences_set(person=world.mia, choices={Kind.MILESTONE_OVERDUE: Delivery.DIGEST})
    reminders_send(today=TODAY)
    assert [m.to for m in mail.outbox] == [["ann@acme.test"]]
    assert Notification.objects.filter(recipient=world.mia).count() == 1  # in Uplift all the same


def test_at_most_one_reminder_per_milestone_per_day(world: World) -> None:
    _plan_with_milestones(world)
    reminders_send(today=TODAY)
    assert reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 2  # the rep's and the manager's
    assert reminders_send(today=TODAY + timedelta(days=1)) == 1  # the next day, again
    assert len(mail.outbox) == 4


def test_closed_plans_are_not_reminded(world: World) -> None:
    plan = _plan_with_milestones(world)
    plan_close(plan=plan, status="cancelled", closed_on=TODAY)
    assert reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_opening_the_accountability_page_sends_nothing(world: World, login: Any) -> None:
    """The worker's daily pass sends the reminders (tests/orgs/test_daily.py), not a visit."""
    plan = _plan_with_milestones(world)
    plan.milestones.update(due_on=date(2020, 1, 1))
    assert login(world.mia).get("/development/team/").status_code == 200
    assert mail.outbox == []


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
    assert sorted(recipients[0] for _, recipients, _ in inbox.messages) == [
        "ann@acme.test",
        "mia@acme.test",
    ]
    for _, _, content in inbox.messages:
        assert b"Shadow a star" in content
        assert b"/development/plans/" in content
