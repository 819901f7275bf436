"""Which events notify whom: a rating invitation goes to the invited rater (straight away by
default), a practice sent for review to its sponsor, the decision to its authors, a booked
coaching session to the rep; nothing while a history is recorded (the demo's), and the demo's
own step gives its logins their news in Uplift only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import World
from uplift.coaching.services import coaching_session_create
from uplift.demo.notifications import seed
from uplift.demo.organisation import DemoLogin
from uplift.demo.steps import DemoState, capability_steps
from uplift.notifications.kinds import Kind
from uplift.notifications.models import Notification
from uplift.notifications.services import notifications_paused
from uplift.orgs.models import Person
from uplift.recognition.services import kudos_give

pytestmark = pytest.mark.django_db


def _kinds(person: Person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def test_a_session_booked_by_the_manager_notifies_the_rep_only(world: World) -> None:
    coaching_session_create(
        rep=world.ann,
        coach=world.mia,
        created_by=world.mia,
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    assert _kinds(world.ann) == [Kind.COACHING_SESSION]
    assert _kinds(world.mia) == []
    [message] = mail.outbox  # straight away by default
    assert message.to == ["ann@acme.test"]
    assert "/coaching/sessions/" in message.body


def test_nothing_while_a_history_is_recorded_and_the_demo_tells_its_logins(world: World) -> None:
    with notifications_paused():
        kudos_give(giver=world.art, receiver=world.ann, message="Back in March: thank you")
    assert _kinds(world.ann) == []
    state = DemoState(seed=7, organisation=world.org)
    state.logins = [DemoLogin("Rep", world.ann.full_name, world.ann.email, "/me/")]
    seed(state)
    seed(state)  # twice: nothing more
    [notice] = Notification.objects.filter(recipient=world.ann)
    assert notice.text == "Art Test gave you kudos: Back in March: thank you"
    assert notice.email == Notification.Email.NONE  # in Uplift only
    assert mail.outbox == []


def test_the_demo_histories_are_recorded_without_notifying() -> None:
    labels = [label for label, _ in capability_steps()]
    assert "What is new for the demo logins" in labels
    steps = dict(capability_steps())
    assert all(step.__name__ == "run" for step in steps.values())  # each wrapped to pause
