"""A worker killed mid-job (SIGKILL: no clean-up runs) does not leave its job running for ever:
the job's lease runs out and the next worker queues it again once, then fails it; and
`uplift serve` starts a new worker when its worker dies.

Real processes on a real installation (SQLite in a temporary UPLIFT_HOME), read directly.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import free_port

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

ROOT = Path(__file__).resolve().parents[2]
UPLIFT = [sys.executable, "-m", "uplift.cli"]
HELPER = [sys.executable, "-m", "tests.core.worker_process"]
LEASE_SECONDS = "2"  # short, so that the tests need not wait minutes for a lease to run out


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(
        UPLIFT_HOME=str(home),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
        UPLIFT_JOB_LEASE_SECONDS=LEASE_SECONDS,
    )
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("installed")
    subprocess.run([*UPLIFT, "init"], env=_env(home), cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    return home


@pytest.fixture
def home(installed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(installed, copy)
    return copy


def _queue(home: Path, kind: str) -> int:
    done = subprocess.run(  # noqa: S603
        [*HELPER, "queue", kind],
        env=_env(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return int(done.stdout.strip())


def _job(home: Path, job_id: int) -> dict[str, Any]:
    with closing(sqlite3.connect(home / "uplift.sqlite3", timeout=20)) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM core_job WHERE id = ?", (job_id,)).fetchone()
    return dict(row)


def _until(condition: Callable[[], Any], what: str, timeout: float = 120) -> Any:
    """Wait for `condition` to be true (generous: CI machines are busy); its value."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)
    return value


@contextmanager
def _worker(home: Path) -> Iterator[subprocess.Popen[bytes]]:
    with (home / "worker.log").open("ab") as log:
        process = subprocess.Popen(  # noqa: S603
            [*HELPER, "worker"], env=_env(home), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def test_a_job_whose_worker_was_killed_is_queued_again_and_finishes(home: Path) -> None:
    with _worker(home) as first:
        job_id = _queue(home, "test-held")
        _until((home / f"held-{job_id}-1").exists, "the first worker to start the job")
        _kill(first)
    assert _job(home, job_id)["status"] == "running"  # nobody is left to say otherwise

    (home / "release").touch()
    with _worker(home):
        job = _until(
            lambda: (j := _job(home, job_id))["status"] in ("succeeded", "failed") and j,
            "the next worker to take the job back and finish it",
        )
    assert job["status"] == "succeeded", job["error"]
    assert job["attempts"] == 2
    assert json.loads(job["result"]) == {"attempt": 2}


def test_a_job_whose_worker_is_killed_twice_fails_saying_why(home: Path) -> None:
    job_id = _queue(home, "test-held")
    for attempt in (1, 2):
        with _worker(home) as worker:
            _until((home / f"held-{job_id}-{attempt}").exists, f"attempt {attempt}")
            _kill(worker)
    with _worker(home):
        job = _until(
            lambda: (j := _job(home, job_id))["status"] != "running" and j,
            "the third worker to give the job up",
        )
    assert job["status"] == "failed"
    assert "The worker running it stopped" in job["error"]
    assert job["attempts"] == 2
    assert not (home / f"held-{job_id}-3").exists()  # not started a third time


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found[int(stat.parent.name)] = (stat.parent / "cmdline").read_text()
        except (OSError, IndexError):
            continue  # it ended while we looked
    return found


def _task_worker(server: subprocess.Popen[bytes], *, other_than: int | None = None) -> int:
    def worker() -> int | None:
        for pid, command in _children(server.pid).items():
            if command.endswith("uplift.cli\0worker\0") and pid != other_than:
                return pid
        assert server.poll() is None, "the server stopped"
        return None

    return int(_until(worker, "the server's task worker"))


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            return bool(json.load(response) == {"status": "ok"})
    except OSError:
        return False


def test_serve_starts_a_new_worker_when_its_worker_dies(home: Path) -> None:
    port = free_port()
    log_path = home / "serve.log"
    with log_path.open("ab") as log:
        server = subprocess.Popen(  # noqa: S603
            [*UPLIFT, "serve", "--port", str(port), "--workers", "1"],
            env=_env(home),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        first = _task_worker(server)
        os.kill(first, signal.SIGKILL)
        second = _task_worker(server, other_than=first)

        job_id = _queue(home, "invitations")
        job = _until(
            lambda: (j := _job(home, job_id))["status"] in ("succeeded", "failed") and j,
            "the new worker to run the next job",
        )
        assert job["status"] == "succeeded", job["error"]
        assert json.loads(job["result"]) == {"invited": 0}
        assert _until(lambda: _healthy(port), "the web server to answer")  # it never noticed
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert not Path(f"/proc/{second}").exists()  # stopped (and reaped) by the server itself
    log = log_path.read_text()
    assert f"task worker (pid {first}) stopped unexpectedly (killed by SIGKILL)" in log, log
    assert "stopped unexpectedly" not in log.split(f"pid {first}) stopped", 1)[1], log
