"""Background jobs: queued on commit, run once, progress recorded, failures kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import World
from uplift.core.jobs import Progress, job_handler, job_start, run_job
from uplift.core.models import Job


@job_handler("test-counting")
def _counting(job: Job, progress: Progress) -> dict[str, Any]:
    total = job.params["n"]
    for done in range(1, total + 1):
        progress(done, total, f"step {done}")
    return {"counted": total}


@job_handler("test-failing")
def _failing(job: Job, progress: Progress) -> dict[str, Any]:
    raise RuntimeError("the export was truncated")


def test_a_job_runs_after_commit_and_reports_progress(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_start(
            kind="test-counting",
            title="Count",
            organisation_id=world.org.pk,
            created_by_id=world.ada.pk,
            params={"n": 3},
        )
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED  # nothing runs before commit
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.message) == (3, 3, "step 3")
    assert job.result == {"counted": 3}
    assert job.percent == 100


def test_running_a_job_twice_does_the_work_once(world: World) -> None:
    job = Job.objects.create(kind="test-counting", title="Count", params={"n": 2})
    run_job.call(job.pk)
    finished = Job.objects.get(pk=job.pk).finished_at
    run_job.call(job.pk)  # a duplicate delivery
    assert Job.objects.get(pk=job.pk).finished_at == finished


def test_a_dedup_key_returns_the_same_job(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = job_start(
            kind="test-counting",
            title="A",
            organisation_id=None,
            created_by_id=None,
            params={"n": 1},
            dedup_key="same",
        )
        second = job_start(
            kind="test-counting",
            title="A",
            organisation_id=None,
            created_by_id=None,
            params={"n": 1},
            dedup_key="same",
        )
    assert first.pk == second.pk
    assert len(callbacks) == 1


def test_a_failing_job_is_recorded_with_its_error(world: World) -> None:
    job = Job.objects.create(kind="test-failing", title="Fail")
    run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "the export was truncated" in job.error
    assert job.finished_at is not None


def test_unknown_kinds_are_refused(world: World) -> None:
    with pytest.raises(ValueError, match="No handler"):
        job_start(kind="nope", title="x", organisation_id=None, created_by_id=None)


def test_invitations_reach_everyone_who_cannot_sign_in_and_only_once(
    client: Client, world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    for person in (world.ann, world.bob):
        person.set_unusable_password()
        person.save()
    client.force_login(world.ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/enablement/invitations/")
    job = Job.objects.get(kind="invitations")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"invited": 2}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.ann.email, world.bob.email])
    assert "/password/reset/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/enablement/invitations/")
    assert len(mail.outbox) == 2  # already invited: not again
    page = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert 'data-status="succeeded"' in page.text
    assert "hx-trigger" not in page.text  # a finished job stops polling


def test_job_progress_page_polls_while_running(client: Client, world: World) -> None:
    job = Job.objects.create(
        kind="test-counting",
        title="Count",
        organisation=world.org,
        created_by=world.ann,
        total=10,
        done=4,
    )
    client.force_login(world.ann)
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").text
    assert 'hx-trigger="every 1s"' in fragment
    assert "40%" in fragment
    assert "<html" not in fragment
    client.force_login(world.art)  # someone else's job
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
