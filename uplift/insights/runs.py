"""An analysis run's status: started, alive, failed, or interrupted.

A run holds a lease (uplift.core.leases) while it computes: its process writes a heartbeat every
so often and at each step. A process killed outright (SIGKILL, out of memory) cannot say it
failed, so a run whose heartbeat is older than the lease is marked failed for it: "Interrupted
before it finished". Workers do that at start-up and every so often; a new analysis of the
organisation and the pages that list runs do it before they look.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.utils import timezone

from uplift.core.leases import abandoned, every, heartbeat_seconds, lease_expired_before, reclaimer
from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Organisation

INTERRUPTED = "Interrupted before it finished."


def analysis_run_start(*, organisation: Organisation, as_of: date | None) -> AnalysisRun:
    """Record a run that starts now, alive."""
    return AnalysisRun.objects.create(
        organisation=organisation, as_of=as_of, heartbeat_at=timezone.now()
    )


def analysis_run_beat(run: AnalysisRun) -> None:
    """Say the run is alive (a finished or failed run is left as it is)."""
    AnalysisRun.objects.filter(pk=run.pk, status=AnalysisRun.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


@contextmanager
def analysis_run_alive(run: AnalysisRun) -> Iterator[None]:
    """Keep the run's heartbeat going from a background thread while the block runs."""
    with every(
        heartbeat_seconds(), lambda: analysis_run_beat(run), name=f"heartbeat of run {run.pk}"
    ):
        yield


def analysis_run_fail(run: AnalysisRun, error: str) -> None:
    AnalysisRun.objects.filter(pk=run.pk).update(
        status=AnalysisRun.Status.FAILED, error=error, finished_at=timezone.now()
    )


@reclaimer("analysis runs")
def analysis_runs_expire(*, organisation: Organisation | None = None) -> int:
    """Mark failed every running run whose process stopped (of one organisation, or all);
    returns how many."""
    runs = AnalysisRun.objects.filter(status=AnalysisRun.Status.RUNNING).filter(
        abandoned(before=lease_expired_before(), fallbacks=("started_at",))
    )
    if organisation is not None:
        runs = runs.filter(organisation=organisation)
    return runs.update(
        status=AnalysisRun.Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
    )
