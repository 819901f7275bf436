"""Queueing work that only needs doing once, however often it is asked for.

A sync that brings derived records up to date reads everything when it runs, so ten requests
for it while it waits in the queue need one run, not ten: under load every kudos asked for its
own full recognition sync, and the queue fell far behind the people writing them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def _already_waiting(task: Any, args: tuple[Any, ...]) -> bool:
    """Is the same task with the same arguments queued and not yet started?"""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return False  # run at once (tests, `UPLIFT_TASKS=immediate`): nothing ever waits

    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY
    ).values_list("args_kwargs", flat=True)
    wanted = {"args": list(args), "kwargs": {}}
    return any(queued == wanted for queued in waiting)


def enqueue_once_on_commit(task: Any, *args: Any) -> None:
    """After the current transaction commits, queue `task(*args)` unless it is waiting already.
    Only for tasks whose run covers every request made before it starts."""

    def enqueue() -> None:
        if not _already_waiting(task, args):
            task.enqueue(*args)

    transaction.on_commit(enqueue)
