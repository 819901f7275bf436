"""`uplift serve`: gunicorn in front of the Django app, with a supervised task worker beside it."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


class _UpliftServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Loaded in each worker after the fork, so no database handle is shared between processes.
        from config.wsgi import application

        return application


TASK_WORKER = [sys.executable, "-m", "uplift.cli", "worker"]


def _how_it_ended(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


class TaskWorkerSupervisor:
    """Keeps one task worker process running: starts it, starts another when it stops without
    being asked (waiting longer after each quick failure, up to `longest_wait` seconds), and
    stops it cleanly on shutdown.

    A worker that ran for `steady_after` seconds before it stopped is started again after the
    shortest wait: only a worker that keeps failing at start-up is slowed down."""

    def __init__(
        self,
        command: list[str] | None = None,
        *,
        shortest_wait: float = 1.0,
        longest_wait: float = 60.0,
        steady_after: float = 60.0,
        stop_timeout: float = 10.0,
    ) -> None:
        self.command = command or TASK_WORKER
        self.shortest_wait = shortest_wait
        self.longest_wait = longest_wait
        self.steady_after = steady_after
        self.stop_timeout = stop_timeout
        self.starts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._supervise, name="task worker", daemon=True)

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._process.pid if self._process is not None else None

    def start(self) -> None:
        self._thread.start()

    def _spawn(self) -> subprocess.Popen[bytes] | None:
        with self._lock:
            if self._stopping.is_set():
                return None
            self._process = subprocess.Popen(self.command, env=os.environ.copy())  # noqa: S603
            self.starts += 1
            logger.info("started the task worker (pid %s)", self._process.pid)
            return self._process

    def _supervise(self) -> None:
        wait = self.shortest_wait
        while True:
            began = time.monotonic()
            process = self._spawn()
            if process is None:
                return
            # gunicorn's arbiter reaps every child it is told of; if it reaps this one first, the
            # wait still returns (with the exit status lost, as 0).
            returncode = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - began >= self.steady_after:
                wait = self.shortest_wait
            logger.warning(
                "the task worker (pid %s) stopped unexpectedly (%s); starting another in %.0f s",
                process.pid,
                _how_it_ended(returncode),
                wait,
            )
            if self._stopping.wait(wait):
                return
            wait = min(wait * 2, self.longest_wait)

    def stop(self) -> None:
        """Stop the worker: SIGTERM lets it finish the task in hand; it is killed after
        `stop_timeout` seconds (the task then runs again: its lease runs out)."""
        self._stopping.set()
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                logger.warning("the task worker (pid %s) did not stop in time: killed", process.pid)
                process.kill()
                process.wait()
        if self._thread.is_alive():
            self._thread.join(timeout=self.stop_timeout)


def _output_to(log: Path) -> None:
    """From now on, what this process and the processes it starts write to stderr (the server's
    errors, Django's log, the task worker's) goes to `log`: the terminal keeps what was printed."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as file:
        os.dup2(file.fileno(), sys.stderr.fileno())


def serve_forever(
    *, host: str, port: int, workers: int, with_worker: bool, logs: Path | None = None
) -> None:
    """Serve until stopped. With `logs` (a folder), the access log goes to `access.log` there and
    everything else the server, its workers and the task worker write to `server.log`, so the
    terminal keeps what was printed before (the demo's logins)."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    sys.stdout.write(f"Uplift is serving on http://{host}:{port}/  (Ctrl+C to stop)\n")
    sys.stdout.flush()
    access = "-"
    if logs is not None:
        access = str(logs / "access.log")
        _output_to(logs / "server.log")
    task_worker = TaskWorkerSupervisor() if with_worker else None
    if task_worker is not None:
        task_worker.start()
    try:
        _UpliftServer(
            {
                "bind": bind,
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 60,
                "graceful_timeout": 10,
                # Idle connections stay open longer than a reverse proxy's or browser's own idle
                # timeout, so neither reuses a connection the server has just closed (gunicorn's
                # default of 2 s dropped the odd request under load).
                "keepalive": 75,
                "accesslog": access,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "uplift",
            }
        ).run()
    finally:
        if task_worker is not None:
            task_worker.stop()
