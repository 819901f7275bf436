"""A long load on `uplift serve`: the short load test of `make test` (tests/load/) at full size.

Sets up the demo organisation in a throw-away UPLIFT_HOME, starts the production server (gunicorn,
2 workers, and its task worker) on 127.0.0.1, and runs Locust (tests/load/locustfile.py) in a
process of its own: reps read their home, performance, practices and the feed and give kudos
through the feed's form; managers read their team's pages. Then it checks what the stores hold:
every kudos seen accepted stored exactly once, no points awarded twice. Locust runs on the same
2 cores as the server, so the timings are a floor.

    .venv/bin/python -m benchmarks.bench_load [--users 50] [--seconds 150] [--record]

With --record the result replaces the "load" section of BENCHMARKS.md; it exits non-zero when
anything went wrong.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

from benchmarks.record import record
from tests.load.harness import (
    demo_home_create,
    load_problems,
    load_report,
    locust_run,
    store,
    uplift_server,
)

# Measured by hand before this script existed, on the same kind of machine.
BASELINE = (
    "Baseline (measured by hand, before this benchmark): 50 users for 150 s, 0 errors, "
    "533 of 533 kudos writes stored."
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=150)
    parser.add_argument("--record", action="store_true", help="Write the result to BENCHMARKS.md.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="uplift-bench-load-"))
    home = work / "home"
    print(f"Setting up the demo in {home} …")
    demo_home_create(home)
    logins = store(home, "logins")
    run_id = f"bench-{secrets.token_hex(4)}"
    print(f"Load: {args.users} users for {args.seconds} s …")
    with uplift_server(home, log=work / "server.log") as host:
        run = locust_run(
            host=host,
            users=args.users,
            seconds=args.seconds,
            run=run_id,
            logins=logins,
            work=work / "locust",
        )
        stores = store(home, "report", run_id, "--wait", "120")
    problems = load_problems(run, stores)
    verdict = (
        "No problems."
        if not problems
        else "Problems:\n\n" + "\n".join(f"- {problem}" for problem in problems)
    )
    body = (
        "`uplift serve` (gunicorn, 2 workers of 4 threads, its task worker, SQLite in WAL mode) "
        f"on the demo organisation; Locust on the same machine, {args.users} signed-in users (a "
        "fifth of them managers), each waiting 0.5 to 2 s between actions. Reps read their home, "
        "performance, practices and the kudos feed and give kudos through the feed's form (htmx, "
        "CSRF), each with a message of its own; managers read their team's pages and the feed."
        "\n\n"
        f"{load_report(run, stores)}\n{verdict}\n\n{BASELINE}"
    )
    print(body)
    print(f"\nServer log and Locust's CSV statistics: {work}")
    if args.record:
        record("load", "Concurrent users on one server", body)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
