"""The lease on running jobs, in one process: a job whose heartbeat is older than the lease is
queued again once and failed after that, wherever it is read; a live one is left alone.
(tests/core/test_killed_workers.py kills real workers.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.core.test_jobs import _counting  # noqa: F401  (registers "test-counting")
from uplift.core.jobs import WORKER_STOPPED, Progress, job_handler, jobs_reclaim, run_job
from uplift.core.leases import every, heartbeat_seconds, reclaim_all
from uplift.core.models import Job

LONG_AGO = timedelta(minutes=30)


def _running(world: World, *, attempts: int, heartbeat_age: timedelta, **extra: Any) -> Job:
    now = timezone.now()
    return Job.objects.create(
        kind="test-counting",
        title="Count",
        organisation=world.org,
        created_by=world.ann,
        params={"n": 2},
        status=Job.Status.RUNNING,
        attempts=attempts,
        started_at=now - LONG_AGO,
        heartbeat_at=now - heartbeat_age,
        **extra,
    )


def test_a_job_whose_worker_stopped_runs_again_once(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    job = _running(world, attempts=1, heartbeat_age=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):  # the tests' tasks run at once
        assert jobs_reclaim() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert job.result == {"counted": 2}


def test_a_job_whose_worker_stopped_twice_fails_with_the_reason(world: World) -> None:
    job = _running(world, attempts=2, heartbeat_age=LONG_AGO)
    assert jobs_reclaim() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == WORKER_STOPPED
    assert "The worker running it stopped" in job.error
    assert job.finished_at is not None


def test_a_job_with_a_recent_heartbeat_is_left_alone(world: World) -> None:
    job = _running(world, attempts=1, heartbeat_age=timedelta(seconds=5))
    assert jobs_reclaim() == 0
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_running_job_from_before_heartbeats_is_judged_by_its_start(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    job = _running(world, attempts=0, heartbeat_age=LONG_AGO)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert reclaim_all()["jobs"] == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED


def test_the_progress_page_shows_an_abandoned_job_failed_without_a_worker(
    client: Client, world: World
) -> None:
    job = _running(world, attempts=2, heartbeat_age=LONG_AGO)
    client.force_login(world.ann)
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").text
    assert 'data-status="failed"' in fragment
    assert "The worker running it stopped" in fragment
    assert "hx-trigger" not in fragment  # stops polling
    assert Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).exists()


def test_the_api_shows_an_abandoned_job_queued_again(client: Client, world: World) -> None:
    job = _running(world, attempts=1, heartbeat_age=LONG_AGO)
    client.force_login(world.ann)
    body = client.get(f"/api/jobs/{job.pk}").json()
    assert body["status"] == "queued"
    assert body["message"] == "Started again: the worker running it stopped."


@job_handler("test-taken-back")
def _taken_back(job: Job, progress: Progress) -> dict[str, Any]:
    # Meanwhile its lease ran out (its worker was frozen, not dead) and it was taken back.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, message="taken back")
    return {"late": 1}


def test_a_late_result_of_a_job_taken_back_is_not_written(world: World) -> None:
    job = Job.objects.create(kind="test-taken-back", title="Late")
    run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED  # its next attempt writes the result
    assert job.result == {}
    assert job.finished_at is None


def test_progress_reports_refresh_the_heartbeat(world: World) -> None:
    job = Job.objects.create(kind="test-counting", title="Count", params={"n": 3})
    run_job.call(job.pk)
    job.refresh_from_db()
    assert job.heartbeat_at is not None
    assert job.started_at is not None
    assert job.heartbeat_at >= job.started_at


def test_every_calls_the_action_until_the_block_ends() -> None:
    calls = threading.Semaphore(0)
    with every(0.01, calls.release, name="test"):
        for _ in range(3):
            assert calls.acquire(timeout=30)
    count_after = sum(calls.acquire(blocking=False) for _ in range(100))
    assert count_after <= 1  # at most one call was on its way when the block ended


def test_a_failing_action_is_logged_and_tried_again(caplog: pytest.LogCaptureFixture) -> None:
    calls = threading.Semaphore(0)

    def flaky() -> None:
        calls.release()
        raise RuntimeError("database is locked")

    with every(0.01, flaky, name="flaky heartbeat"):
        assert calls.acquire(timeout=30)
        assert calls.acquire(timeout=30)
    assert "flaky heartbeat failed" in caplog.text


def test_the_lease_comes_from_the_settings(settings: Any) -> None:
    settings.UPLIFT_JOB_LEASE_SECONDS = 300
    assert heartbeat_seconds() == 30
    settings.UPLIFT_JOB_LEASE_SECONDS = 8
    assert heartbeat_seconds() == 2
