"""A short load on a real server: reps and managers of the demo organisation use `uplift serve`
at once (Locust: 20 users for 25 s, and until each has made a few requests) and nothing goes
wrong: no server error, no connection error, no unexpected refusal, every kudos the users saw
accepted is stored exactly once, and the points ledger awards nothing twice. Timings are printed
and kept in test-artifacts/load/, never asserted.

Runs once, in the SQLite run of `make test` (marker `load`): the server uses its own file-based
UPLIFT_HOME whatever database the rest of the suite is on. A longer load by hand:
`python -m benchmarks.bench_load`.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.load.harness import (
    demo_home_create,
    load_problems,
    load_report,
    locust_run,
    store,
    uplift_server,
)

pytestmark = pytest.mark.load

USERS = 20
SECONDS = 25
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "load"


def test_concurrent_reps_and_managers_get_no_errors_and_every_kudos_is_stored_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    home = tmp_path / "home"
    demo_home_create(home)
    logins = store(home, "logins")
    run_id = f"load-{secrets.token_hex(4)}"
    with uplift_server(home, log=ARTIFACTS / "server.log") as host:
        run = locust_run(
            host=host, users=USERS, seconds=SECONDS, run=run_id, logins=logins, work=ARTIFACTS
        )
        stores = store(home, "report", run_id, "--wait", "30")
    report = load_report(run, stores)
    (ARTIFACTS / "summary.md").write_text(report, encoding="utf-8")
    with capsys.disabled():
        print(f"\n{report}")  # noqa: T201  (timings are reported, never asserted)

    assert load_problems(run, stores) == []
