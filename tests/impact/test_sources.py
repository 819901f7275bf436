"""What the Team Sales IQ reads from the application: manager assessments, role-play rubric
scores, adoptions and contributions, each with its date."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.conftest import World
from tests.practices.builders import approved
from uplift.coaching.models import RolePlayScenario
from uplift.coaching.services.roleplays import roleplay_create, roleplay_score_submit
from uplift.coaching.services.scenarios import RubricItemInput, ScenarioInput, scenario_create
from uplift.development.models import Assessment
from uplift.development.services import assessment_create, competency_framework_ensure
from uplift.pipeline.analyses.team_iq.sources import (
    SourceCounts,
    contribution_records,
    roster,
    skill_observations,
)
from uplift.practices.models import Adoption

pytestmark = pytest.mark.django_db


def test_manager_assessments_and_submitted_role_play_scores_are_read(world: World) -> None:
    framework = competency_framework_ensure(organisation=world.org)
    assessment_create(
        subject=world.ann,
        rater=world.mia,
        kind=Assessment.Kind.MANAGER,
        assessed_on=date(2026, 3, 2),
        ratings={c.pk: (3, "") for c in framework},
    )
    assessment_create(
        subject=world.ann,
        rater=world.ann,
        kind=Assessment.Kind.SELF,
        assessed_on=date(2026, 3, 3),
        ratings={c.pk: (5, "") for c in framework},
    )
    scenario = scenario_create(
        organisation=world.org,
        created_by=world.mia,
        data=ScenarioInput(
            title="Price objection",
            competency="objection_handling",
            buyer_persona="A CFO",
            situation="Renewal",
            objections="Too expensive",
            success_criteria="Holds price",
            rubric=[
                RubricItemInput("objection_handling", "Holds price", ["1", "2", "3", "4", "5"]),
                RubricItemInput("closing", "Asks for the deal", ["1", "2", "3", "4", "5"]),
            ],
        ),
        status=RolePlayScenario.Status.PUBLISHED,
    )
    held = datetime(2026, 4, 14, 10, tzinfo=UTC)
    roleplay = roleplay_create(
        scenario=scenario,
        rep=world.ann,
        coach=world.mia,
        partner=None,
        created_by=world.mia,
        held_at=held,
    )
    items = list(scenario.rubric_items.order_by("position"))
    roleplay_score_submit(
        roleplay=roleplay, rater=world.mia, scores={items[0].pk: 4, items[1].pk: 2}
    )
    counts = SourceCounts()
    found = skill_observations(organisation=world.org, counts=counts)
    assessments = [s for s in found if s.source == "assessment"]
    plays = sorted((s.competency, s.level, s.on) for s in found if s.source == "role_play")
    assert len(assessments) == len(framework)  # the self assessment does not count
    assert {s.level for s in assessments} == {3.0}
    assert plays == [
        ("closing", 2.0, date(2026, 4, 14)),
        ("objection_handling", 4.0, date(2026, 4, 14)),
    ]
    assert (counts.assessment_ratings, counts.role_play_scores) == (len(framework), 2)


def test_a_contribution_counts_from_the_first_adoption_when_that_is_earlier(world: World) -> None:
    card = approved(world.ann, world.lou)
    Adoption.objects.create(practice=card, person=world.bob, practising_on=date(2025, 9, 1))
    assert contribution_records(organisation=world.org) == [
        (world.ann.pk, card.title, date(2025, 9, 1))
    ]


def test_the_roster_is_active_reps_in_a_team(world: World) -> None:
    world.gil.is_active = False
    world.gil.save()
    assert sorted(roster(organisation=world.org)) == sorted(
        [(world.ann.pk, "Alpha"), (world.art.pk, "Alpha"), (world.bob.pk, "Beta")]
    )
