"""Reminders before a commitment falls due go to its person, once; a missed commitment is raised
with the sponsor only, once; the team's chat hears how many fall due, never who."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail

from tests.conftest import World
from tests.initiatives.builders import launched, partnered
from uplift.core.models import Job
from uplift.initiatives.kinds import Kind
from uplift.initiatives.reminders import JOB_KIND, reminders_send
from uplift.orgs.daily import daily_jobs_queue
from uplift.recognition.models import RecognitionSettings

pytestmark = pytest.mark.django_db

START = date(2026, 1, 1)  # quarters end on 31 March, 30 June, ...


@pytest.fixture
def committed(world: World):  # type: ignore[no-untyped-def]
    initiative = launched(world, starts_on=START)
    partnered(initiative, world.art, {Kind.DEBRIEFS: 1}, today=START)
    return initiative


def test_a_commitment_due_within_a_week_is_reminded_to_its_person_once(
    world: World, committed: Any
) -> None:
    assert reminders_send(organisation=world.org, today=date(2026, 3, 1))["reminders"] == 0
    sent = reminders_send(organisation=world.org, today=date(2026, 3, 26))
    assert sent["reminders"] == 1
    [message] = [m for m in mail.outbox if m.subject.startswith("Due soon")]
    assert message.to == ["art@acme.test"]
    assert "Debriefs given: 0 of 1" in message.body
    assert reminders_send(organisation=world.org, today=date(2026, 3, 27))["reminders"] == 0


def test_a_missed_commitment_is_raised_with_the_sponsor_only(world: World, committed: Any) -> None:
    sent = reminders_send(organisation=world.org, today=date(2026, 4, 2))
    assert sent["missed"] == 1
    missed = [m for m in mail.outbox if m.subject.startswith("Missed")]
    assert [m.to for m in missed] == [["lou@acme.test"]]
    assert "Art Test, Debriefs given: 0 of 1" in missed[0].body
    assert all("art@acme.test" not in m.to for m in missed)
    again = reminders_send(organisation=world.org, today=date(2026, 4, 3))
    assert again["missed"] == 0


def test_the_chat_hears_how_many_fall_due_not_who(
    world: World, committed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    RecognitionSettings.objects.create(
        organisation=world.org, slack_webhook_url="https://hooks.slack.test/services/T/B/X"
    )
    posted: list[dict[str, Any]] = []

    def post(_url: str, payload: dict[str, Any], **_options: object) -> int:
        posted.append(payload)
        return 200

    monkeypatch.setattr("uplift.recognition.webhooks.post_json", post)
    reminders_send(organisation=world.org, today=date(2026, 3, 26))
    reminders_send(organisation=world.org, today=date(2026, 3, 27))  # the same week: once
    assert len(posted) == 1
    text = str(posted[0])
    assert "1 commitment(s) of 1 people fall due" in text
    assert "Art" not in text


def test_the_workers_daily_pass_queues_the_day_s_run_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    now = datetime.combine(START + timedelta(days=3), time(9), tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        daily_jobs_queue(now=now)
        daily_jobs_queue(now=now + timedelta(hours=2))
    [job] = Job.objects.filter(kind=JOB_KIND, organisation=world.org)
    assert job.params == {"day": (START + timedelta(days=3)).isoformat()}
    assert job.status == Job.Status.SUCCEEDED
