"""Recognition syncs asked for while one is already waiting in the queue are one sync."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.conftest import World
from uplift.recognition.services import kudos_give, recognition_sync_queue

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _waiting() -> list[dict[str, object]]:
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path__endswith="recognition_sync_task").values_list(
            "args_kwargs", flat=True
        )
    )


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_many_kudos_queue_one_sync_per_organisation(world: World) -> None:
    for n in range(5):
        kudos_give(giver=world.bob, receiver=world.ann, message=f"thanks for the help {n}")
    recognition_sync_queue(organisation=world.other_org)
    waiting = _waiting()
    assert sorted(w["args"] for w in waiting) == sorted([[world.org.pk], [world.other_org.pk]])


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_sync_that_has_started_does_not_absorb_later_requests(world: World) -> None:
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    recognition_sync_queue(organisation=world.org)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # a worker has picked it up
    recognition_sync_queue(organisation=world.org)  # it may have read the records already
    assert len(_waiting()) == 2
