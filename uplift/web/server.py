"""`uplift serve`: gunicorn in front of the Django app, with an optional task worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


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


def _start_task_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "uplift.cli", "worker"], env=os.environ.copy())


def serve_forever(*, host: str, port: int, workers: int, with_worker: bool) -> None:
    task_worker = _start_task_worker() if with_worker else None
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    sys.stdout.write(f"Uplift is serving on http://{host}:{port}/  (Ctrl+C to stop)\n")
    sys.stdout.flush()
    try:
        _UpliftServer(
            {
                "bind": bind,
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 60,
                "graceful_timeout": 10,
                "accesslog": "-",
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "uplift",
            }
        ).run()
    finally:
        if task_worker is not None and task_worker.poll() is None:
            task_worker.send_signal(signal.SIGTERM)
            try:
                task_worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                task_worker.kill()
