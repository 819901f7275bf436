"""A small history for the future-leaders view: Ann shares a practice Art and Bob adopt (with a
measured effect), Mia shares one nobody adopted, Gil thanks Ann for help, Art coaches Bob
once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.conftest import World
from uplift.coaching.models import CoachingSession
from uplift.pipeline.analyses import AnalysisContext
from uplift.pipeline.analyses.leaders import leaders_compute
from uplift.practices.models import Adoption, Practice
from uplift.recognition.models import Kudos


def history(world: World) -> dict[str, Any]:
    shared = Practice.objects.create(
        organisation=world.org,
        title="Mutual action plan",
        status=Practice.Status.APPROVED,
        created_by=world.ann,
    )
    shared.contributors.add(world.ann)
    lonely = Practice.objects.create(
        organisation=world.org,
        title="Call prep card",
        status=Practice.Status.IN_REVIEW,
        created_by=world.mia,
    )
    lonely.contributors.add(world.mia)
    for person in (world.art, world.bob):
        Adoption.objects.create(
            practice=shared,
            person=person,
            stage=Adoption.Stage.HABITUAL,
            practising_on=date(2026, 2, 1),
        )
    Adoption.objects.create(practice=lonely, person=world.gil, stage=Adoption.Stage.PLANNED)
    Kudos.objects.create(
        organisation=world.org,
        giver=world.gil,
        receiver=world.ann,
        reason=Kudos.Reason.HELP,
        message="Thanks for the pricing walk-through",
    )
    Kudos.objects.create(
        organisation=world.org,
        giver=world.bob,
        receiver=world.ann,
        reason=Kudos.Reason.GENERAL,
        message="Great quarter",
    )
    CoachingSession.objects.create(
        organisation=world.org,
        rep=world.bob,
        coach=world.art,
        kind=CoachingSession.Kind.CALL_REVIEW,
        scheduled_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
        status=CoachingSession.Status.DONE,
    )
    impact = {
        "as_of": "2026-06-30",
        "practices": [
            {
                "practice": shared.title,
                "practice_id": shared.pk,
                "metric": "win_rate",
                "att": 0.05,
                "ci": [0.01, 0.09],
                "adopters": 2,
                "unit": "fraction",
            }
        ],
    }
    return {"shared": shared, "lonely": lonely, "impact": impact}


def compute(world: World, impact: dict[str, Any] | None) -> dict[str, Any]:
    context = AnalysisContext(
        backend=None,  # type: ignore[arg-type]  # the leaders part reads no CRM table
        organisation=world.org,
        as_of=date(2026, 6, 30),
        performance={},
        earlier={"impact": impact} if impact else {},
    )
    return leaders_compute(context)


@pytest.fixture
def leaders_doc(world: World) -> dict[str, Any]:
    return compute(world, history(world)["impact"])
