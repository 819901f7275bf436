"""Every menu page of every role at 50 signed-in users, beside `/healthz`, on SQLite and PostgreSQL.

For each database: sets up the demo organisation (`uplift demo --no-serve`) in a throw-away
UPLIFT_HOME, starts `uplift serve` (gunicorn, 2 workers of 4 threads) on 127.0.0.1, signs in
people of each role (leader, manager, rep, enablement admin), reads each page a few times to warm
the workers, then runs Locust (benchmarks/locust_pages.py) in a process of its own: 50 users read
one page at a time, phase after phase (each sends requests for a few seconds, then waits for
their answers, and lasts from its first request to its last answer), each page with the sessions
of the role whose menu holds it, with `/healthz` phases in between. Each page's throughput and
99th percentile are compared with `/healthz`'s in the same run (all its phases together): the
goal is at least half its throughput and at most three times its p99. Locust runs on the same 2
cores as the server, so the figures are a floor; the ratios are what counts.

    .venv/bin/python -m benchmarks.bench_pages [--database sqlite|postgres|both]
        [--users 50] [--phase-seconds 6] [--work DIR] [--record]

--work keeps the demo installations in DIR and reuses them on the next run. With --record the
result replaces the "pages" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.record import record

REPO = Path(__file__).resolve().parent.parent
UPLIFT = [sys.executable, "-m", "uplift.cli"]
POSTGRES = "postgres://postgres@127.0.0.1:5432"
HEALTHZ = "/healthz"
PAGES_BETWEEN_HEALTHZ = 6
GOAL_THROUGHPUT = 0.5  # of /healthz's requests per second, at least
GOAL_P99 = 3.0  # times /healthz's p99, at most


@dataclass(frozen=True)
class PageResult:
    role: str
    label: str
    path: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[98]


def uplift_env(home: Path, database_url: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("UPLIFT_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(command: list[str], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(  # noqa: S603
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[1:4])} stopped:\n{done.stderr[-3000:]}")
    return done.stdout


def postgres_database(name: str, *, fresh: bool) -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def installation(work: Path, database: str) -> dict[str, str]:
    """The demo organisation on `database`, set up once per work directory."""
    home = work / f"{database}-home"
    ready = home / ".bench-demo-ready"
    url = None
    if database == "postgres":
        name = f"uplift_bench_pages_{zlib.crc32(str(work).encode()):08x}"
        url = postgres_database(name, fresh=not ready.exists())
    env = uplift_env(home, url)
    if not ready.exists():
        print(f"{database}: setting up the demo in {home} …", flush=True)
        _run([*UPLIFT, "demo", "--no-serve"], env, timeout=1800)
        ready.touch()
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(env: dict[str, str], log: Path) -> Iterator[int]:
    port = free_port()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(  # noqa: S603
            [*UPLIFT, "serve", "--port", str(port), "--workers", "2", "--no-worker"],
            env=env,
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 300
            while get(port, HEALTHZ, "")[0] != 200:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"uplift serve did not start: see {log}")
                time.sleep(0.3)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def get(port: int, path: str, cookie: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    except OSError:
        return 0, ""
    finally:
        conn.close()


def sign_in(port: int, email: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if csrf_cookie is None or token is None:
        raise RuntimeError("the sign-in page did not set a CSRF token")
    body = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie.group(1)}",
            "Referer": f"http://127.0.0.1:{port}/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    cookies = response.getheader("Set-Cookie") or ""
    session = re.search(r"sessionid=([^;]+)", cookies)
    if session is None:
        raise RuntimeError(f"{email} could not sign in ({response.status})")
    # Signing in renews the CSRF secret; a browser sends the new one with every page after.
    renewed = re.search(r"csrftoken=([^;]+)", cookies)
    csrf = renewed.group(1) if renewed else csrf_cookie.group(1)
    return f"sessionid={session.group(1)}; csrftoken={csrf}"


def phases_for(plan: dict[str, Any]) -> list[dict[str, str]]:
    """Each role's menu pages in menu order, with a /healthz phase first and after every few."""
    pages = [
        {"role": role, "label": page["label"], "path": page["path"]}
        for role, what in plan["roles"].items()
        for page in what["pages"]
    ]
    phases: list[dict[str, str]] = []
    for start in range(0, len(pages), PAGES_BETWEEN_HEALTHZ):
        phases.append({"role": "", "label": "health check", "path": HEALTHZ})
        phases.extend(pages[start : start + PAGES_BETWEEN_HEALTHZ])
    phases.append({"role": "", "label": "health check", "path": HEALTHZ})
    return phases


def measure(env: dict[str, str], work: Path, users: int, phase_seconds: float) -> dict[str, Any]:
    """One database's run: the pages' results, /healthz's, and the load average around it."""
    plan = json.loads(_run([sys.executable, "-m", "benchmarks.pages_plan"], env, timeout=300))
    phases = phases_for(plan)
    with server(env, work / "server.log") as port:
        sessions = {
            role: [sign_in(port, email, plan["password"]) for email in what["emails"]]
            for role, what in plan["roles"].items()
        }
        for phase in phases:  # warm both workers: templates, caches, connections
            for cookie in (sessions.get(phase["role"]) or [""])[:2] * 2:
                status, _ = get(port, phase["path"], cookie)
                if status != 200:
                    raise RuntimeError(f"{phase['path']} answered {status} to its {phase['role']}")
        plan_file, results_file = work / "locust-plan.json", work / "locust-results.json"
        plan_file.write_text(json.dumps({"phases": phases, "sessions": sessions}), "utf-8")
        results_file.unlink(missing_ok=True)
        load_before = os.getloadavg()[0]
        locust_env = {
            **os.environ,
            "UPLIFT_PAGES_PLAN": str(plan_file),
            "UPLIFT_PAGES_PHASE_SECONDS": str(phase_seconds),
            "UPLIFT_PAGES_USERS": str(users),
            "UPLIFT_PAGES_RESULTS": str(results_file),
        }
        command = [
            *(sys.executable, "-m", "locust", "-f", str(REPO / "benchmarks" / "locust_pages.py")),
            *("--headless", "--only-summary", f"--host=http://127.0.0.1:{port}"),
            *("--stop-timeout=30", "--exit-code-on-error=0", "--loglevel=WARNING"),
            f"--logfile={work / 'locust.log'}",
        ]
        _run(command, locust_env, timeout=phase_seconds * len(phases) * 3 + 300)
        load_after = os.getloadavg()[0]
    seen = json.loads(results_file.read_text(encoding="utf-8"))
    results = [
        PageResult(
            role=phase["role"],
            label=phase["label"],
            path=phase["path"],
            requests=len(phase["latencies_ms"]),
            seconds=phase["seconds"],
            latencies_ms=phase["latencies_ms"],
            errors=len(phase["errors"]),
        )
        for phase in seen["phases"]
    ]
    health = [r for r in results if r.path == HEALTHZ]
    healthz = PageResult(
        role="",
        label="health check",
        path=HEALTHZ,
        requests=sum(r.requests for r in health),
        seconds=sum(r.seconds for r in health),
        latencies_ms=[ms for r in health for ms in r.latencies_ms],
        errors=sum(r.errors for r in health),
    )
    return {
        "healthz": healthz,
        "pages": [r for r in results if r.path != HEALTHZ],
        "load": (load_before, load_after),
    }


def table(run: dict[str, Any]) -> str:
    healthz: PageResult = run["healthz"]
    rows = [
        (
            "| role | page | requests | req/s | p50 ms | p99 ms | req/s ÷ /healthz | "
            "p99 ÷ /healthz | errors | goal |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|",
        (
            f"| — | `/healthz` | {healthz.requests} | {healthz.rate:.0f} | {healthz.p50:.0f} | "
            f"{healthz.p99:.0f} | 1.00 | 1.00 | {healthz.errors} | |"
        ),
    ]
    for page in run["pages"]:
        rate_ratio = page.rate / healthz.rate
        p99_ratio = page.p99 / healthz.p99
        met = rate_ratio >= GOAL_THROUGHPUT and p99_ratio <= GOAL_P99 and not page.errors
        rows.append(
            f"| {page.role} | {page.label} `{page.path}` | {page.requests} | {page.rate:.0f} | "
            f"{page.p50:.0f} | {page.p99:.0f} | {rate_ratio:.2f} | {p99_ratio:.1f} | "
            f"{page.errors} | {'✓' if met else '✗'} |"
        )
    met_count = sum(row.endswith("✓ |") for row in rows)
    before, after = run["load"]
    return (
        "\n".join(rows)
        + f"\n\n{met_count} of {len(run['pages'])} pages meet the goal. Load average (1 minute) "
        f"{before:.1f} before Locust started and {after:.1f} after."
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--phase-seconds", type=float, default=6.0)
    parser.add_argument("--work", type=Path, default=None, help="Keep the installations here.")
    parser.add_argument("--record", action="store_true", help="Write the result to BENCHMARKS.md.")
    args = parser.parse_args()

    work = (args.work or Path(tempfile.mkdtemp(prefix="uplift-bench-pages-"))).resolve()
    databases = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    sections = []
    for database in databases:
        env = installation(work, database)
        run_dir = work / f"{database}-run"
        run_dir.mkdir(parents=True, exist_ok=True)
        print(f"{database}: {args.users} users, {args.phase_seconds:.0f} s a page …", flush=True)
        run = measure(env, run_dir, args.users, args.phase_seconds)
        section = f"### {'SQLite (WAL)' if database == 'sqlite' else 'PostgreSQL'}\n\n{table(run)}"
        print(section, flush=True)
        sections.append(section)
    body = (
        "`uplift serve` (gunicorn, 2 gthread workers of 4 threads, persistent database "
        "connections, the local-memory cache) on the demo organisation. Locust on the same "
        f"machine: {args.users} users read one page at a time, sending requests for "
        f"{args.phase_seconds:.0f} s and then waiting for every answer (the phase's time runs "
        "to its last answer), "
        "each with a signed-in session of the role whose menu holds the page (up to 3 leaders, 6 "
        "managers, 12 reps, the enablement admin; a new connection per request, as nginx sends "
        "them), with `/healthz` phases between every six pages; `/healthz`'s row is all its "
        "phases together. The goal for every page: at least half `/healthz`'s requests per "
        "second and at most three times its p99, with no errors. Run with "
        "`python -m benchmarks.bench_pages --record`.\n\n" + "\n\n".join(sections)
    )
    if args.record:
        record("pages", "Every menu page under 50 signed-in users", body)


if __name__ == "__main__":
    main()
