"""Page latency under concurrent load: `uplift serve` on the demo organisation.

Starts the production server (gunicorn, 2 workers) on 127.0.0.1 with a throw-away UPLIFT_HOME,
signs in as the demo leader, and sends a bounded number of requests from N client threads with
keep-alive connections. The client runs on the same 2 cores as the server, so the figures are a
floor, not a ceiling.

    .venv/bin/python -m benchmarks.bench_pages [--requests 3000] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass

from benchmarks.record import record

UPLIFT = [sys.executable, "-m", "uplift.cli"]


@dataclass
class Result:
    path: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    def row(self) -> str:
        q = statistics.quantiles(self.latencies_ms, n=100)
        rate = self.requests / self.seconds
        p50 = statistics.median(self.latencies_ms)
        return (
            f"| `{self.path}` | {self.requests} | {rate:.0f} | "
            f"{p50:.1f} | {q[94]:.1f} | {q[98]:.1f} | {self.errors} |"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sign_in(port: int, email: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
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
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if session is None:
        raise RuntimeError("sign-in failed")
    return f"sessionid={session.group(1)}"


def load(port: int, path: str, cookie: str, total: int, concurrency: int) -> Result:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [total]

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(path, total, time.perf_counter() - started, latencies, errors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="uplift-bench-pages-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=home, DJANGO_SETTINGS_MODULE="config.settings")
    subprocess.run([*UPLIFT, "demo", "--no-serve"], env=env, check=True, capture_output=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [*UPLIFT, "serve", "--port", str(port), "--workers", "2", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        cookie = sign_in(port, "dana.whitfield@brightwave.example", "uplift-demo")
        for path in ("/healthz", "/leader/", "/api/people"):
            load(port, path, cookie, 100, 4)  # warm up every worker
        results = [
            load(port, path, cookie, args.requests, args.concurrency)
            for path in ("/healthz", "/leader/", "/api/people")
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)

    table = "\n".join(
        [
            "| path | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
            *(r.row() for r in results),
        ]
    )
    body = (
        f"`uplift serve` (gunicorn, 2 gthread workers x 4 threads, SQLite in WAL mode, persistent "
        f"connections) on the demo organisation, signed in as the leader; {args.concurrency} "
        f"concurrent keep-alive clients on the same machine.\n\n{table}\n\n"
        "`/leader/` renders the organisation tree with head counts; `/api/people` returns the "
        "leader's whole private scope as JSON."
    )
    print(body)
    record("pages", "Page latency under concurrent load", body)


if __name__ == "__main__":
    main()
