"""Concurrent syncs and requests never award the same event twice (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from uplift.recognition.ledger import ledger_sync, points_balances
from uplift.recognition.models import Kudos, PointsEntry
from uplift.recognition.rules import points_rules_ensure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 6


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the concurrency guarantee is tested on PostgreSQL (UPLIFT_TEST_DB=postgres)")


def _race(work: Callable[[], object]) -> list[BaseException]:
    """Run `work` in THREADS threads released at the same instant; the errors they raised."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            work()
        except BaseException as error:  # noqa: BLE001 (reported to the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _history(world: World) -> int:
    """Records worth points; returns how many ledger entries they earn under the default rules."""
    points_rules_ensure(organisation=world.org)
    practice = practice_make(author=world.ann, title="Mutual plan", contributors=[world.art])
    for person in (world.bob, world.gil, world.mia):
        adoption_make(practice=practice, person=person, on=date(2026, 4, 1))
    for giver in (world.bob, world.gil, world.lou, world.mia):
        Kudos.objects.create(
            organisation=world.org, giver=giver, receiver=world.ann, message="Thanks"
        )
    # shared + approved + 3 adoptions, each for 2 contributors; 4 kudos received
    return 2 * (1 + 1 + 3) + 4


def test_concurrent_syncs_award_each_event_once(world: World) -> None:
    expected = _history(world)
    errors = _race(lambda: ledger_sync(organisation=world.org))
    assert errors == []
    assert PointsEntry.objects.filter(organisation=world.org).count() == expected
    keys = list(PointsEntry.objects.values_list("dedup_key", flat=True))
    assert len(keys) == len(set(keys))
    assert points_balances(organisation=world.org)[world.ann.pk] == 10 + 25 + 3 * 5 + 4 * 2


def test_concurrent_requests_award_each_event_once(world: World) -> None:
    expected = _history(world)

    def request() -> None:
        client = Client()
        client.force_login(world.ada)
        response = client.post("/api/recognition/ledger/sync", {}, content_type="application/json")
        assert response.status_code == 200

    errors = _race(request)
    assert errors == []
    assert PointsEntry.objects.filter(organisation=world.org).count() == expected
