"""Every menu page of every role under 50 signed-in users, one page at a time (Locust users).

The run is a list of phases of equal length (UPLIFT_PAGES_PHASE_SECONDS). In each phase every user
reads the same address, as fast as the server answers, with a session of the role whose menu
holds it (users take turns with the role's sessions); then the phase waits for the answers still
coming, so that a slow page's last requests do not fall on the next page; `/healthz` phases come
between the pages',
so that each page is compared with the framework's own pace measured in the same run. Every
answer other than 200 counts as an error.

Run in a process of its own (benchmarks/bench_pages.py starts it): Locust's gevent patches the
standard library. Configured by the environment:

    UPLIFT_PAGES_PLAN           JSON file: {"phases": [{"role", "path"}],
                                "sessions": {role: [cookie]}}
    UPLIFT_PAGES_PHASE_SECONDS  how long each phase lasts
    UPLIFT_PAGES_USERS          how many users at once
    UPLIFT_PAGES_RESULTS        JSON file written at the end: each phase's latencies and errors
"""

from __future__ import annotations

import itertools
import json
import os
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, LoadTestShape, constant, events, task
from locust.env import Environment

PLAN = json.loads(Path(os.environ["UPLIFT_PAGES_PLAN"]).read_text(encoding="utf-8"))
PHASES: list[dict[str, str]] = PLAN["phases"]
SESSIONS: dict[str, list[str]] = PLAN["sessions"]
PHASE_SECONDS = float(os.environ["UPLIFT_PAGES_PHASE_SECONDS"])
USERS = int(os.environ["UPLIFT_PAGES_USERS"])
RESULTS = Path(os.environ["UPLIFT_PAGES_RESULTS"])

_user_numbers = itertools.count()
latencies: list[list[float]] = [[] for _ in PHASES]
errors: list[list[str]] = [[] for _ in PHASES]
durations: list[float] = [0.0 for _ in PHASES]


class Phases:
    """Which phase is on. A phase sends requests for PHASE_SECONDS, then waits for the answers
    still coming (none is cut short or left to slow the next phase); its duration runs from its
    first request to its last answer."""

    current: int | None = None
    in_flight = 0
    done = False


def _conduct() -> None:
    for phase in range(len(PHASES)):
        started = time.monotonic()
        Phases.current = phase
        time.sleep(PHASE_SECONDS)  # gevent's sleep: the users go on meanwhile
        Phases.current = None
        while Phases.in_flight:
            time.sleep(0.01)
        durations[phase] = time.monotonic() - started
    Phases.done = True


class Reader(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        # A new connection for every request, as nginx in front of gunicorn sends them.
        self.client.headers["Connection"] = "close"
        self.number = next(_user_numbers)
        if self.number == USERS - 1:  # every user runs: the first phase begins
            gevent.spawn(_conduct)

    @task
    def read(self) -> None:
        phase = Phases.current
        if phase is None:
            time.sleep(0.01)  # between two phases, or before the first
            return
        role, path = PHASES[phase]["role"], PHASES[phase]["path"]
        cookies = SESSIONS.get(role) or [""]
        cookie = cookies[self.number % len(cookies)]
        self.client.cookies.clear()
        Phases.in_flight += 1
        started = time.perf_counter()
        try:
            with self.client.get(
                path,
                name=path,
                headers={"Cookie": cookie} if cookie else {},
                allow_redirects=False,
                catch_response=True,
            ) as page:
                elapsed_ms = (time.perf_counter() - started) * 1000
                if page.status_code == 200:
                    page.success()
                else:
                    page.failure(f"{page.status_code} {page.headers.get('Location', '')}".strip())
                    errors[phase].append(str(page.status_code))
            latencies[phase].append(elapsed_ms)
        finally:
            Phases.in_flight -= 1


class AllAtOnceThenPhases(LoadTestShape):
    """Every user at once; stop once the last phase has had its answers."""

    def tick(self) -> tuple[int, float] | None:
        return None if Phases.done else (USERS, float(USERS))


@events.quitting.add_listener
def _write_results(environment: Environment, **_: Any) -> None:
    RESULTS.write_text(
        json.dumps(
            {
                "phase_seconds": PHASE_SECONDS,
                "users": USERS,
                "phases": [
                    {
                        **phase,
                        "latencies_ms": latencies[i],
                        "errors": errors[i],
                        "seconds": durations[i],
                    }
                    for i, phase in enumerate(PHASES)
                ],
            }
        ),
        encoding="utf-8",
    )
