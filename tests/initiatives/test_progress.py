"""Kept or missed from the records, with nobody ticking anything: a debrief completed, a session
held with its attendance, a practice approved, a check-in of an agreed pair, a spotlight posted,
an awards event held."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.initiatives.builders import (
    at,
    days_ago,
    debrief_given,
    launched,
    partnered,
    practice_published,
    session_held,
)
from uplift.awards.services import CategorySpec, award_event_create
from uplift.core.refusals import Conflict, NotAllowed
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import Commitment
from uplift.initiatives.progress import State, commitment_statuses
from uplift.initiatives.services import (
    check_in_log,
    leader_commitments_set,
    pair_decide,
    pair_propose,
    session_schedule,
)
from uplift.recognition.services import spotlight_post

pytestmark = pytest.mark.django_db


def _states(initiative, person, today) -> dict[str, State]:  # type: ignore[no-untyped-def]
    commitments = Commitment.objects.filter(initiative=initiative, person=person).select_related(
        "person"
    )
    statuses = commitment_statuses(initiative, commitments, today=today)
    current = [s for s in statuses if s.starts_on <= today <= s.ends_on or s.ends_on < today]
    return {f"{s.kind}:{s.starts_on}": s.state for s in current}


def test_a_debrief_given_and_a_session_held_keep_the_commitments(world: World) -> None:
    start = days_ago(30)
    initiative = launched(world, starts_on=start)
    partnered(initiative, world.art, {Kind.DEBRIEFS: 1, Kind.SESSIONS_HOSTED: 1}, today=start)
    today = timezone.localdate()
    before = _states(initiative, world.art, today)
    assert before == {f"debriefs:{start}": State.DUE, f"sessions_hosted:{start}": State.DUE}

    debrief_given(world, world.art, days_ago(10))
    session_held(initiative, world.art, [world.ann, world.bob], days_ago(5))

    after = _states(initiative, world.art, today)
    assert after == {f"debriefs:{start}": State.KEPT, f"sessions_hosted:{start}": State.KEPT}
    [debriefs] = [
        s
        for s in commitment_statuses(
            initiative, Commitment.objects.filter(person=world.art, starts_on=start), today=today
        )
        if s.kind == Kind.DEBRIEFS
    ]
    assert debriefs.kept_on == days_ago(10)
    assert debriefs.achieved == 1


def test_a_session_with_only_its_host_or_before_the_period_keeps_nothing(world: World) -> None:
    start = days_ago(30)
    initiative = launched(world, starts_on=start)
    partnered(initiative, world.art, {Kind.SESSIONS_HOSTED: 1}, today=start)
    session_held(initiative, world.art, [], days_ago(3))  # nobody came but the host
    assert _states(initiative, world.art, timezone.localdate()) == {
        f"sessions_hosted:{start}": State.DUE
    }


def test_a_period_over_without_the_records_is_missed(world: World) -> None:
    start = date(2026, 1, 1)
    initiative = launched(world, starts_on=start)
    partnered(initiative, world.bob, {Kind.DEBRIEFS: 2}, today=start)
    debrief_given(world, world.bob, date(2026, 2, 3))  # one of the two
    states = _states(initiative, world.bob, date(2026, 4, 2))
    assert states[f"debriefs:{start}"] == State.MISSED
    assert states[f"debriefs:{date(2026, 4, 1)}"] == State.DUE
    assert _states(initiative, world.bob, date(2026, 2, 1))[f"debriefs:{start}"] == State.DUE


def test_a_practice_approved_crediting_the_partner_keeps_their_practice_commitment(
    world: World,
) -> None:
    start = days_ago(20)
    initiative = launched(world, starts_on=start)
    partnered(initiative, world.bob, {Kind.PRACTICES: 1}, today=start)
    practice_published(world, world.bob, "Mutual close plan")
    assert _states(initiative, world.bob, timezone.localdate()) == {
        f"practices:{start}": State.KEPT
    }


def test_mentoring_counts_once_the_manager_agreed_and_a_check_in_was_logged(
    world: World,
) -> None:
    start = days_ago(20)
    initiative = launched(world, starts_on=start)
    partnered(initiative, world.art, {Kind.MENTEES: 1}, today=start)
    pair = pair_propose(initiative=initiative, mentor=world.art, mentee=world.bob, goal="Discovery")
    with pytest.raises(Conflict):  # not agreed yet
        check_in_log(pair=pair, actor=world.art, held_on=days_ago(2), note="First call review")
    with pytest.raises(NotAllowed):  # Bob's manager is Max, not Mia
        pair_decide(pair=pair, actor=world.mia, agree=True)
    pair_decide(pair=pair, actor=world.max, agree=True)
    assert _states(initiative, world.art, timezone.localdate()) == {f"mentees:{start}": State.DUE}
    with pytest.raises(NotAllowed):
        check_in_log(pair=pair, actor=world.ann, held_on=days_ago(2), note="Not mine")
    check_in_log(pair=pair, actor=world.bob, held_on=days_ago(2), note="Reviewed two calls")
    assert _states(initiative, world.art, timezone.localdate()) == {f"mentees:{start}": State.KEPT}


def test_leaders_keep_theirs_with_spotlights_events_and_sessions_attended(
    world: World,
) -> None:
    start = days_ago(40)
    initiative = launched(world, starts_on=start)
    leader_commitments_set(
        initiative=initiative,
        leader=world.lou,
        counts={Kind.SPOTLIGHTS: 1, Kind.EVENTS: 1, Kind.SESSIONS_ATTENDED: 1},
        today=start,
    )
    practice = practice_published(world, world.art, "Champion map")
    spotlight_post(author=world.lou, contributor=world.art, practice=practice, message="Thanks!")
    award_event_create(
        organisation=world.org,
        created_by=world.lou,
        name="Spring awards",
        held_on=days_ago(1),
        categories=[CategorySpec("Best shared practice", "")],
    )
    session_held(initiative, world.art, [world.lou, world.ann], days_ago(3))
    states = _states(initiative, world.lou, timezone.localdate())
    this_month = [k for k in states if k.startswith("spotlights:")]
    assert states[this_month[-1]] == State.KEPT
    assert states[f"events:{start}"] == State.KEPT
    assert states[f"sessions_attended:{start}"] == State.KEPT


def test_attendance_is_taken_once_the_session_started(world: World) -> None:
    initiative = launched(world)
    session = session_schedule(
        initiative=initiative,
        actor=world.ada,
        host=world.art,
        kind="clinic",
        topic="Price objections",
        scheduled_at=at(timezone.localdate() + timedelta(days=3)),
    )
    from uplift.initiatives.services import session_attendance_record

    with pytest.raises(Exception, match="once the session has started"):
        session_attendance_record(session=session, actor=world.art, people=[world.ann])
