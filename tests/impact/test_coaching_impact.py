"""Coaching estimated like a practice: each rep's first done session of a kind is their
treatment date, and the rows land under `coaching`, apart from the practices."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from uplift.coaching.models import CoachingSession
from uplift.insights.snapshots import impact_of
from uplift.orgs.models import Organisation, Person, Role
from uplift.pipeline.services import analysis_run

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_done_sessions_are_estimated_as_a_coaching_programme(
    organisation: Organisation,
) -> None:
    reps = list(
        Person.objects.filter(
            organisation=organisation, role=Role.REP, is_active=True, manager__isnull=False
        ).order_by("email")[:30]
    )
    for i, rep in enumerate(reps):
        month = 3 + i % 4  # first 1:1s from March to June 2026, a few reps a month
        for day in (5, 19):
            CoachingSession.objects.create(
                organisation=organisation,
                rep=rep,
                coach=rep.manager,
                created_by=rep.manager,
                kind=CoachingSession.Kind.ONE_ON_ONE,
                status=CoachingSession.Status.DONE,
                scheduled_at=datetime(2026, month, day, 10, tzinfo=UTC),
            )
        CoachingSession.objects.create(  # planned sessions are not coaching received
            organisation=organisation,
            rep=rep,
            coach=rep.manager,
            created_by=rep.manager,
            kind=CoachingSession.Kind.ROLE_PLAY,
            status=CoachingSession.Status.PLANNED,
            scheduled_at=datetime(2026, 5, 1, 10, tzinfo=UTC),
        )
    run = analysis_run(organisation=organisation)
    impact = impact_of(run)
    assert impact is not None
    coaching = impact.coaching
    assert {(row["programme"], row["metric"]) for row in coaching} == {
        ("Coaching: 1:1", "win_rate"),
        ("Coaching: 1:1", "bookings"),
    }
    for row in coaching:
        assert 5 <= row["adopters"] <= 30
        low, high = row["ci"]
        assert low < row["att"] < high
        assert row["event_study"]
    assert not any(r["practice"].startswith("Coaching") for r in impact.practices)
    assert any("first coaching session" in note for note in impact.notes)
