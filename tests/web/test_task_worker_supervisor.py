"""`uplift serve`'s task worker supervisor, with stand-in worker commands: it starts a worker
again when it stops, waits longer after each quick failure, and stops it on shutdown.
(tests/core/test_killed_workers.py kills the real worker of a real `uplift serve`.)"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from uplift.web.server import TaskWorkerSupervisor

SLEEPS = [sys.executable, "-c", "import time; time.sleep(600)"]
FAILS = [sys.executable, "-c", "raise SystemExit(3)"]


def _until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def test_a_killed_worker_is_started_again_and_stopped_on_shutdown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = TaskWorkerSupervisor(SLEEPS, shortest_wait=0.01)
    supervisor.start()
    try:
        _until(lambda: supervisor.pid is not None, "the first worker")
        first = supervisor.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        _until(lambda: supervisor.pid not in (None, first), "a second worker")
    finally:
        supervisor.stop()
    second = supervisor.pid
    assert second is not None
    assert not Path(f"/proc/{second}").exists()  # stopped and reaped
    assert supervisor.starts == 2
    assert f"(pid {first}) stopped unexpectedly (killed by SIGKILL)" in caplog.text
    assert caplog.text.count("stopped unexpectedly") == 1  # stopping it on shutdown is expected


def test_a_worker_that_keeps_failing_is_started_again_ever_more_slowly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="uplift.web.server")
    supervisor = TaskWorkerSupervisor(FAILS, shortest_wait=0.01, longest_wait=0.04)
    supervisor.start()
    try:
        _until(lambda: supervisor.starts >= 5, "five starts")
    finally:
        supervisor.stop()
    waits = [record.args[2] for record in caplog.records if "stopped unexpectedly" in record.msg]  # type: ignore[index]
    assert waits[:4] == [0.01, 0.02, 0.04, 0.04]
    assert "exit code 3" in caplog.text


def test_a_worker_that_ignores_the_request_to_stop_is_killed(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    ignores_sigterm = (
        "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "pathlib.Path(sys.argv[1]).touch(); time.sleep(600)"
    )
    stubborn = [sys.executable, "-c", ignores_sigterm, str(ready)]
    supervisor = TaskWorkerSupervisor(stubborn, stop_timeout=0.5)
    supervisor.start()
    _until(ready.exists, "the worker to ignore SIGTERM")
    supervisor.stop()
    assert not Path(f"/proc/{supervisor.pid}").exists()
