"""Leases on long work: a process that runs a job or an analysis proves it is alive with a
heartbeat, and work whose heartbeat is older than the lease is taken back.

A process killed outright (SIGKILL, out of memory, the machine restarting) runs no clean-up, so
its work would otherwise say "running" for ever. The lease is ``UPLIFT_JOB_LEASE_SECONDS``
(five minutes unless set); heartbeats come far more often, so a few missed ones (a busy database)
never let it run out while the process lives.

Each kind of leased work registers a *reclaimer* that takes back what was abandoned; the worker
runs them all at start-up and every so often after (``reclaim_all``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

Reclaimer = Callable[[], int]
R = TypeVar("R", bound=Reclaimer)
_RECLAIMERS: dict[str, Reclaimer] = {}


def lease_seconds() -> float:
    return float(settings.UPLIFT_JOB_LEASE_SECONDS)


def heartbeat_seconds() -> float:
    """How often running work says it is alive: a quarter of the lease, at most every 30 s."""
    return min(30.0, lease_seconds() / 4)


def reclaim_seconds() -> float:
    """How often a worker looks for abandoned work: half the lease, at most every minute."""
    return min(60.0, lease_seconds() / 2)


def lease_expired_before() -> datetime:
    """Work whose last sign of life is older than this was abandoned."""
    return timezone.now() - timedelta(seconds=lease_seconds())


def abandoned(*, before: datetime, fallbacks: tuple[str, ...]) -> Q:
    """Rows whose last sign of life is older than `before`: the heartbeat, or, for rows written
    before heartbeats existed, the first of `fallbacks` that is set."""
    condition = Q(heartbeat_at__lt=before)
    unset = Q(heartbeat_at__isnull=True)
    for field in fallbacks:
        condition |= unset & Q(**{f"{field}__lt": before})
        unset &= Q(**{f"{field}__isnull": True})
    return condition


@contextmanager
def every(seconds: float, action: Callable[[], object], *, name: str) -> Iterator[None]:
    """Call `action` every `seconds` from a daemon thread while the block runs.

    The thread's database connections are closed after each call, so none outlives it; a call
    that fails is logged, and the next one comes as planned."""
    stop = threading.Event()

    def repeat() -> None:
        while not stop.wait(seconds):
            try:
                action()
            except Exception:
                logger.exception("%s failed; trying again in %.0f s", name, seconds)
            finally:
                connections.close_all()

    thread = threading.Thread(target=repeat, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def reclaimer(name: str) -> Callable[[R], R]:
    """Register a function that takes back abandoned work of one kind and says how much."""

    def register(function: R) -> R:
        _RECLAIMERS[name] = function
        return function

    return register


def reclaim_all() -> dict[str, int]:
    """Take back every kind of abandoned work; how many of each were taken back."""
    taken = {name: function() for name, function in _RECLAIMERS.items()}
    for name, count in taken.items():
        if count:
            logger.warning(
                "took back %d abandoned %s (the process running them stopped)", count, name
            )
    return taken
