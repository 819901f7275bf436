"""An analysis run whose process was killed (SIGKILL: nothing can mark it failed) is shown as
interrupted once its lease runs out, instead of running for ever."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.factories import PersonFactory
from uplift.core.leases import reclaim_all
from uplift.insights.models import AnalysisRun
from uplift.insights.runs import INTERRUPTED, analysis_runs_expire

ROOT = Path(__file__).resolve().parents[2]
UPLIFT = [sys.executable, "-m", "uplift.cli"]
LONG_AGO = timedelta(minutes=30)


def _run(world: World, *, heartbeat_age: timedelta, organisation: Any = None) -> AnalysisRun:
    now = timezone.now()
    return AnalysisRun.objects.create(
        organisation=organisation or world.org,
        started_at=now - LONG_AGO,
        heartbeat_at=now - heartbeat_age,
    )


def test_a_run_whose_process_stopped_is_marked_interrupted(world: World) -> None:
    dead = _run(world, heartbeat_age=LONG_AGO)
    alive = _run(world, heartbeat_age=timedelta(seconds=5))
    elsewhere = _run(world, heartbeat_age=LONG_AGO, organisation=world.other_org)
    assert analysis_runs_expire(organisation=world.org) == 1
    dead.refresh_from_db()
    assert (dead.status, dead.error) == (AnalysisRun.Status.FAILED, INTERRUPTED)
    assert dead.finished_at is not None
    assert AnalysisRun.objects.get(pk=alive.pk).status == AnalysisRun.Status.RUNNING
    assert AnalysisRun.objects.get(pk=elsewhere.pk).status == AnalysisRun.Status.RUNNING
    assert reclaim_all()["analysis runs"] == 1  # what a worker does: every organisation
    assert AnalysisRun.objects.get(pk=elsewhere.pk).status == AnalysisRun.Status.FAILED


def test_a_run_from_before_heartbeats_is_judged_by_its_start(world: World) -> None:
    run = _run(world, heartbeat_age=LONG_AGO)
    AnalysisRun.objects.filter(pk=run.pk).update(heartbeat_at=None)
    assert analysis_runs_expire() == 1


def test_the_admin_list_of_runs_shows_an_interrupted_run(client: Client, world: World) -> None:
    run = _run(world, heartbeat_age=LONG_AGO)
    staff = PersonFactory(organisation=world.org, is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get("/admin/insights/analysisrun/").text
    assert INTERRUPTED in page
    assert "Failed" in page
    assert AnalysisRun.objects.get(pk=run.pk).status == AnalysisRun.Status.FAILED


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(
        UPLIFT_HOME=str(home),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
        UPLIFT_JOB_LEASE_SECONDS="2",
    )
    return env


def _uplift(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [*UPLIFT, *args],
        env=_env(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _runs(home: Path) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(home / "uplift.sqlite3", timeout=20)) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM insights_analysisrun ORDER BY id").fetchall()
    return [dict(row) for row in rows]


@pytest.mark.installation  # its own processes: runs once, in the SQLite run
def test_a_killed_uplift_analyze_leaves_a_run_that_shows_as_interrupted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for args in (
        ("init",),
        ("generate", str(tmp_path / "export"), "--reps", "16", "--months", "6"),
        ("import", "salesforce", str(tmp_path / "export")),
    ):
        done = _uplift(home, *args)
        assert done.returncode == 0, done.stderr
    killed = subprocess.run(
        [sys.executable, "-m", "tests.insights.analyze_killer"],
        env=_env(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    [run] = _runs(home)
    assert run["status"] == "running"  # the process could not say otherwise

    last_beat = datetime.fromisoformat(run["heartbeat_at"])
    while datetime.now(last_beat.tzinfo) - last_beat <= timedelta(seconds=2):
        time.sleep(0.2)  # until its lease has run out
    again = _uplift(home, "analyze")
    assert again.returncode == 0, again.stderr
    interrupted, finished = _runs(home)
    assert (interrupted["status"], interrupted["error"]) == ("failed", INTERRUPTED)
    assert interrupted["finished_at"] is not None
    assert finished["status"] == "succeeded"
