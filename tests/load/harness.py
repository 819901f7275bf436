"""The pieces of a load run, each a real process: a demo UPLIFT_HOME (`uplift demo --no-serve`),
`uplift serve` on a free port of 127.0.0.1, Locust driving it (tests/load/locustfile.py), and a
look into the stores afterwards (tests/load/store.py).

Used by tests/load/test_load.py (a short run in every `make test`) and by
benchmarks/bench_load.py (a long one, by hand).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
UPLIFT = [sys.executable, "-m", "uplift.cli"]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def uplift_env(home: Path) -> dict[str, str]:
    """Uplift as shipped, on the stores in `home`: no UPLIFT_* or DATABASE_URL from outside (a
    developer's settings would point the run elsewhere or change its limits)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("UPLIFT_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    return env


def _run(command: list[str], *, env: dict[str, str], timeout: float) -> str:
    """A command's output; what it said on stderr when it failed."""
    done = subprocess.run(  # noqa: S603
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        said = done.stderr[-3000:]
        raise RuntimeError(f"{' '.join(command[1:4])} stopped ({done.returncode}):\n{said}")
    return done.stdout


def demo_home_create(home: Path) -> None:
    """The demo organisation in `home`, as `uplift demo` sets it up for a person trying Uplift."""
    _run([*UPLIFT, "demo", "--no-serve"], env=uplift_env(home), timeout=900)


def store(home: Path, *args: str) -> Any:
    """What tests/load/store.py prints, run on the stores in `home`."""
    command = [sys.executable, "-m", "tests.load.store", *args]
    return json.loads(_run(command, env=uplift_env(home), timeout=300))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def uplift_server(home: Path, *, workers: int = 2, log: Path) -> Iterator[str]:
    """`uplift serve` (gunicorn and its task worker) on a free port; yields its base URL. What it
    prints goes to `log`."""
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(  # noqa: S603
            [*UPLIFT, "serve", "--port", str(port), "--workers", str(workers)],
            env=uplift_env(home),
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300  # busy machines start slowly
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                        break
                except OSError as failure:
                    if server.poll() is not None:
                        output.flush()
                        said = log.read_text(encoding="utf-8")[-2000:]
                        raise RuntimeError(f"uplift serve stopped:\n{said}") from failure
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


@dataclass(frozen=True)
class LoadRun:
    users: int
    users_through: int  # users that made the locustfile's MIN_REQUESTS requests
    seconds: float
    requests: int
    failures: int
    requests_per_s: float
    median_ms: float
    p95_ms: float
    errors: list[dict[str, Any]]
    pages: list[dict[str, Any]]
    kudos_attempted: list[str]
    kudos_accepted: list[str]
    kudos_refused: list[dict[str, Any]]

    def table(self) -> str:
        rows = [
            f"| `{p['name']}` | {p['requests']} | {p['failures']} | {p['median_ms']:.0f} | "
            f"{p['p95_ms']:.0f} |"
            for p in self.pages
        ]
        p95 = f"{self.p95_ms:.0f}"
        return "\n".join(
            [
                "| request | count | failures | median ms | p95 ms |",
                "|---|---:|---:|---:|---:|",
                *rows,
                f"| all | {self.requests} | {self.failures} | {self.median_ms:.0f} | {p95} |",
            ]
        )

    def summary(self) -> str:
        return (
            f"{self.users} users for {self.seconds:.0f} s: {self.requests} requests "
            f"({self.requests_per_s:.1f}/s), median {self.median_ms:.0f} ms, "
            f"p95 {self.p95_ms:.0f} ms, {self.failures} failures; kudos "
            f"{len(self.kudos_accepted)} accepted of {len(self.kudos_attempted)} sent"
        )


def locust_run(
    *, host: str, users: int, seconds: int, run: str, logins: dict[str, Any], work: Path
) -> LoadRun:
    """Locust, headless, in a process of its own: `users` users (a fifth of them managers)
    started over a few seconds, for `seconds` seconds and until each has done its share (see
    tests/load/locustfile.py); each finishes what it is doing at the end.
    `logins` is what `store(home, "logins")` printed. Locust's log and CSV statistics go to
    `work`."""
    work.mkdir(parents=True, exist_ok=True)
    logins_file, results_file = work / "logins.json", work / "results.json"
    logins_file.write_text(json.dumps(logins["people"]), encoding="utf-8")
    env = {
        **os.environ,
        "UPLIFT_LOAD_USERS": str(users),
        "UPLIFT_LOAD_SECONDS": str(seconds),
        "UPLIFT_LOAD_LOGINS": str(logins_file),
        "UPLIFT_LOAD_PASSWORD": logins["password"],
        "UPLIFT_LOAD_RUN": run,
        "UPLIFT_LOAD_KUDOS_LIMIT": str(logins["kudos_limit"]),
        "UPLIFT_LOAD_RESULTS": str(results_file),
    }
    command = [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"),
        *(f"--host={host}", "--stop-timeout=15", "--exit-code-on-error=0"),
        *(f"--csv={work / 'locust'}", "--loglevel=WARNING", f"--logfile={work / 'locust.log'}"),
    ]
    results_file.unlink(missing_ok=True)
    _run(command, env=env, timeout=4 * seconds + 120)
    seen = json.loads(results_file.read_text(encoding="utf-8"))
    kudos = seen["kudos"]
    return LoadRun(
        users=users,
        users_through=seen["users_through"],
        seconds=seen["seconds"],
        requests=seen["requests"],
        failures=seen["failures"],
        requests_per_s=seen["requests_per_s"],
        median_ms=seen["median_ms"],
        p95_ms=seen["p95_ms"],
        errors=seen["errors"],
        pages=seen["pages"],
        kudos_attempted=kudos["attempted"],
        kudos_accepted=kudos["accepted"],
        kudos_refused=kudos["refused"],
    )


def load_problems(run: LoadRun, stores: dict[str, Any]) -> list[str]:
    """What went wrong in a load run, in words; empty when nothing did. `stores` is what
    `store(home, "report", RUN)` printed after it."""
    problems: list[str] = []
    if run.users_through < run.users:
        problems.append(
            f"only {run.users_through} of {run.users} users made their requests in time"
        )
    problems += [f"{e['request']}: {e['error']} ({e['times']}x)" for e in run.errors]
    if run.failures and not run.errors:
        problems.append(f"{run.failures} failed requests")
    problems += [f"kudos refused ({k['status']}): {k['body'][:120]!r}" for k in run.kudos_refused]
    if not run.kudos_accepted:
        problems.append("no kudos were accepted")
    stored: dict[str, int] = stores["stored"]
    for message in run.kudos_accepted:
        if stored.get(message, 0) != 1:
            problems.append(f"accepted kudos stored {stored.get(message, 0)} times: {message}")
    unseen = set(stored) - set(run.kudos_accepted)
    if unseen:
        problems.append(f"{len(unseen)} kudos stored that no one saw accepted")
    problems += [f"points awarded twice: {award}" for award in stores["ledger_duplicates"]]
    problems += [f"background task failed: {failed}" for failed in stores["tasks_failed"]]
    if stores["ledger_missing"]:
        problems.append(f"the ledger lacks {stores['ledger_missing']} entries after the worker")
    return problems


def load_report(run: LoadRun, stores: dict[str, Any]) -> str:
    """The run's figures in Markdown: what was done, how fast, and what the stores hold after."""
    stored = sum(stores["stored"].values())
    backlog = stores["tasks_unfinished"]
    caught_up = "caught up" if not backlog else f"{backlog} background tasks still queued"
    return (
        f"{run.summary()}. Stored: {stored} kudos of this run; points ledger "
        f"{stores['ledger_entries']} awards, {len(stores['ledger_duplicates'])} twice; task "
        f"worker {caught_up}.\n\n{run.table()}\n"
    )
