"""Coaching sessions: scheduling, updates, action items and their way onto the rep's plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.coaching.builders import one_on_one
from tests.conftest import World
from uplift.coaching.errors import CoachingError
from uplift.coaching.models import CoachingSession
from uplift.coaching.services import (
    action_item_complete,
    action_item_create,
    action_item_to_milestone,
    coaching_session_create,
    coaching_session_update,
)
from uplift.development.models import DevelopmentPlan, Milestone


def plan_for(world: World) -> DevelopmentPlan:
    return DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win bigger deals",
        started_on=date(2026, 9, 1),
    )


def test_a_session_is_scheduled_with_its_kind_agenda_and_status(world: World) -> None:
    at = timezone.now() + timedelta(days=3)
    session = coaching_session_create(
        rep=world.ann,
        coach=world.mia,
        created_by=world.mia,
        kind="call_review",
        scheduled_at=at,
        duration_minutes=45,
        agenda="Acme discovery call",
        call_reference="Acme",
    )
    assert session.organisation == world.org
    assert session.get_kind_display() == "Call review"
    assert session.status == CoachingSession.Status.PLANNED
    assert session.ends_at - session.scheduled_at == timedelta(minutes=45)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "lunch"}, "Unknown kind"),
        ({"duration_minutes": 2}, "between 5 and 480"),
        ({"coach_is_rep": True}, "own coach"),
        ({"other_firm": True}, "same organisation"),
    ],
)
def test_bad_sessions_are_refused_with_a_reason(
    world: World, change: dict[str, object], message: str
) -> None:
    coach = world.ann if change.pop("coach_is_rep", False) else world.mia
    coach = world.olga if change.pop("other_firm", False) else coach
    with pytest.raises(CoachingError, match=message):
        coaching_session_create(
            rep=world.ann,
            coach=coach,
            created_by=world.mia,
            scheduled_at=timezone.now(),
            **change,  # type: ignore[arg-type]
        )


def test_a_new_time_or_status_raises_the_invitation_sequence_but_notes_do_not(
    world: World,
) -> None:
    session = one_on_one(world.ann, world.mia)
    coaching_session_update(session=session, notes="Ann wants to lead the next demo.")
    assert session.sequence == 0
    coaching_session_update(session=session, scheduled_at=session.scheduled_at + timedelta(hours=1))
    coaching_session_update(session=session, status="done")
    session.refresh_from_db()
    assert (session.sequence, session.status) == (2, "done")
    assert session.notes == "Ann wants to lead the next demo."
    with pytest.raises(CoachingError, match="Unknown status"):
        coaching_session_update(session=session, status="postponed")


def test_an_action_item_becomes_a_milestone_on_the_reps_active_plan_once(world: World) -> None:
    session = one_on_one(world.ann, world.mia)
    item = action_item_create(
        session=session,
        title="Run a mutual close plan on Acme",
        due_on=date(2026, 12, 15),
        created_by=world.mia,
    )
    with pytest.raises(CoachingError, match="no active development plan"):
        action_item_to_milestone(item=item, created_by=world.mia)
    plan = plan_for(world)
    milestone = action_item_to_milestone(item=item, created_by=world.mia)
    assert (milestone.plan, milestone.title, milestone.due_on, milestone.source) == (
        plan,
        "Run a mutual close plan on Acme",
        date(2026, 12, 15),
        "coaching",
    )
    item.refresh_from_db()
    assert item.milestone == milestone
    with pytest.raises(CoachingError, match="already a milestone"):
        action_item_to_milestone(item=item, created_by=world.mia)
    assert Milestone.objects.filter(plan=plan).count() == 1


def test_an_item_without_a_due_date_is_due_two_weeks_after_the_session(world: World) -> None:
    plan_for(world)
    session = one_on_one(world.ann, world.mia)
    item = action_item_create(session=session, title="Call Bob", due_on=None, created_by=world.mia)
    milestone = action_item_to_milestone(item=item, created_by=world.mia)
    expected = timezone.localtime(session.scheduled_at).date() + timedelta(days=14)
    assert milestone.due_on == expected


def test_action_items_are_ticked_off_and_reopened(world: World) -> None:
    item = action_item_create(
        session=one_on_one(world.ann, world.mia),
        title="Send recap",
        due_on=None,
        created_by=world.mia,
    )
    action_item_complete(item=item, done=True, on=date(2026, 11, 20))
    assert item.done_on == date(2026, 11, 20)
    action_item_complete(item=item, done=False)
    assert item.done_on is None
    with pytest.raises(CoachingError, match="needs a title"):
        action_item_create(session=item.session, title="  ", due_on=None, created_by=world.mia)
