from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import World
from uplift.development.framework import DEFAULT_SLUGS
from uplift.development.models import Competency, DevelopmentPlan
from uplift.development.services import (
    DevelopmentError,
    competency_framework_ensure,
    milestone_create,
)

pytestmark = pytest.mark.django_db


def test_the_default_framework_has_the_agreed_slugs_and_five_levels(world: World) -> None:
    framework = competency_framework_ensure(organisation=world.org)
    assert [c.slug for c in framework] == list(DEFAULT_SLUGS)
    assert DEFAULT_SLUGS == (
        "prospecting",
        "discovery",
        "qualification",
        "presentation",
        "objection_handling",
        "negotiation",
        "closing",
        "account_growth",
    )
    for competency in framework:
        assert len(competency.levels) == 5
        assert all(text.strip() for text in competency.levels)
        assert [level for level, _, _ in competency.rubric] == [1, 2, 3, 4, 5]


def test_ensuring_twice_keeps_edits_and_adds_nothing(world: World) -> None:
    competency_framework_ensure(organisation=world.org)
    Competency.objects.filter(organisation=world.org, slug="closing").update(name="Closing deals")
    competency_framework_ensure(organisation=world.org)
    assert Competency.objects.filter(organisation=world.org).count() == 8
    assert Competency.objects.get(organisation=world.org, slug="closing").name == "Closing deals"
    competency_framework_ensure(organisation=world.other_org)
    assert Competency.objects.filter(organisation=world.other_org).count() == 8


def test_milestone_create_records_its_source(world: World) -> None:
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win more",
        started_on=date(2026, 9, 1),
    )
    milestone = milestone_create(
        plan=plan,
        title="  Run two discovery role plays ",
        due_on=date(2026, 10, 1),
        created_by=world.mia,
        source="coaching",
    )
    assert milestone.title == "Run two discovery role plays"
    assert milestone.source == "coaching"
    assert list(plan.milestones.all()) == [milestone]
    with pytest.raises(DevelopmentError):
        milestone_create(plan=plan, title=" ", due_on=date(2026, 10, 1), created_by=world.mia)
