"""The task worker: runs queued tasks, and takes back work that stopped workers left."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import connections

from uplift.core.leases import every, reclaim_all, reclaim_seconds


def worker_run(*, max_tasks: int | None = None) -> None:
    """Run queued tasks until told to stop (or after `max_tasks`).

    Jobs and analyses that a killed process left are taken back at start-up and every so often
    while the worker runs (uplift.core.leases), so a worker started after a crash picks them up."""
    reclaim_all()
    connections.close_all()
    args: list[Any] = ["--no-startup-delay"]
    if max_tasks is not None:
        args += ["--max-tasks", str(max_tasks)]
    with every(reclaim_seconds(), reclaim_all, name="taking back abandoned work"):
        call_command("db_worker", *args)
