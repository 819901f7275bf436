"""The demo history: kudos over recent months, spotlights, the ledger synced; idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from uplift.demo.recognition import KUDOS_COUNT, seed
from uplift.demo.steps import DemoState
from uplift.recognition.ledger import points_balances
from uplift.recognition.models import BadgeAward, Kudos, PointsEntry, Spotlight


def test_the_demo_seeds_recognition_once(world: World) -> None:
    first = practice_make(author=world.ann, title="Champion letter", contributors=[world.art])
    second = practice_make(author=world.gil, title="Mutual plan")
    adoption_make(practice=first, person=world.bob, on=date(2026, 5, 1))
    adoption_make(practice=second, person=world.bob, on=date(2026, 6, 1))
    state = DemoState(seed=7, organisation=world.org)

    seed(state)
    counts = (
        Kudos.objects.count(),
        Spotlight.objects.count(),
        PointsEntry.objects.count(),
        BadgeAward.objects.count(),
    )
    seed(state)

    assert counts == (
        Kudos.objects.count(),
        Spotlight.objects.count(),
        PointsEntry.objects.count(),
        BadgeAward.objects.count(),
    )
    assert KUDOS_COUNT - 5 <= counts[0] <= KUDOS_COUNT
    spotlights = Spotlight.objects.order_by("created_at")
    assert [s.author for s in spotlights] == [world.lou, world.lou]
    assert {s.practice for s in spotlights} == {first, second}
    assert Kudos.objects.filter(practice__isnull=False).exists()
    oldest = Kudos.objects.order_by("created_at").first()
    assert oldest is not None
    assert oldest.created_at < timezone.now() - timedelta(days=30)
    assert BadgeAward.objects.filter(level__badge__slug="leaders-pick").count() == 1
    assert sum(points_balances(organisation=world.org).values()) == sum(
        PointsEntry.objects.values_list("points", flat=True)
    )
