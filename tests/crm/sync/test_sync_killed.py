"""`uplift sync salesforce` killed with SIGKILL (no clean-up runs) while it waits for a page:
run again, it resumes after the pages the killed process landed, never asking for one of them
again, and ends with the tables an uninterrupted sync (a file import of the same records)
gives. Both runs are separate processes on an installation of their own."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.crm.sync.conftest import MAPPING
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.tables import _sql, file_import_tables
from uplift.analytics.canonical import CANONICAL_TABLES

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

ROOT = Path(__file__).resolve().parents[3]
UPLIFT = [sys.executable, "-m", "uplift.cli"]
LANDED_BEFORE_KILL = 6


def _env(home: Path, ca_bundle: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL") and not k.startswith("UPLIFT_")
    }
    env.update(
        UPLIFT_HOME=str(home),
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
        REQUESTS_CA_BUNDLE=str(ca_bundle),  # the local server's throw-away CA
        UPLIFT_JOB_LEASE_SECONDS="2",  # a killed sync's hold runs out quickly
    )
    return env


def _landed(home: Path) -> int:
    try:
        with closing(sqlite3.connect(home / "uplift.sqlite3")) as db:
            return int(db.execute("SELECT count(*) FROM crm_syncpage").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def _until_the_hold_runs_out(home: Path) -> None:
    """Wait for the killed process's hold on its run (UPLIFT_JOB_LEASE_SECONDS) to run out."""
    with closing(sqlite3.connect(home / "uplift.sqlite3")) as db:
        [held_until] = db.execute("SELECT max(held_until) FROM crm_syncrun").fetchone()
    assert held_until, "the killed sync held no run"
    runs_out = datetime.fromisoformat(held_until).replace(tzinfo=UTC)
    deadline = time.monotonic() + 60
    while datetime.now(UTC) <= runs_out:
        assert time.monotonic() < deadline, f"the hold until {held_until} never ran out"
        time.sleep(0.05)


def _tables(home: Path) -> dict[str, list[tuple[object, ...]]]:
    with closing(sqlite3.connect(home / "uplift.sqlite3")) as db:
        org_id, version = db.execute("SELECT id, analytics_store FROM orgs_organisation").fetchone()
    path = home / "analytics" / f"org{org_id}" / f"{version}.duckdb"
    with duckdb.connect(str(path), read_only=True) as store:
        return {
            t.name: store.execute(_sql(t.name, len(t.columns))).fetchall() for t in CANONICAL_TABLES
        }


def test_a_sync_killed_outright_resumes_from_its_last_landed_page(
    salesforce: FakeSalesforce, ca_bundle: Path, export_dir: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = _env(home, ca_bundle)
    subprocess.run([*UPLIFT, "init"], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    # The organisation's connection, with the field mapping a scripted run cannot give.
    connect = (
        "from uplift.crm.services import organisation_for_import as o; "
        "from uplift.crm.sync.services import connection_for_scripted_run as c; "
        "from uplift.crm.sync.connections import connection_settings_update as u; "
        f"u(connection=c(organisation=o(slug=None), kind='salesforce', "
        f"base_url='{salesforce.base_url}'), field_mapping={MAPPING!r})"
    )
    shell = [*UPLIFT, "manage", "shell", "-c", connect]
    subprocess.run(shell, env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    salesforce.page_size = 250
    salesforce.block_after = LANDED_BEFORE_KILL
    args = [
        *UPLIFT,
        "sync",
        "salesforce",
        "--instance-url",
        salesforce.base_url,
        "--access-token",
        salesforce.issue_access_token(),
        "--json",
    ]
    killed = subprocess.Popen(  # noqa: S603  (our own command, no shell)
        args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        for _ in range(1200):  # until the sixth page is landed and the seventh asked for
            if _landed(home) == LANDED_BEFORE_KILL or killed.poll() is not None:
                break
            time.sleep(0.1)
        assert killed.poll() is None, killed.communicate()[1][-2000:]
        assert _landed(home) == LANDED_BEFORE_KILL
    finally:
        killed.kill()
        killed.wait(timeout=60)
    landed = list(salesforce.served.pages)
    assert len(landed) == LANDED_BEFORE_KILL
    salesforce.block_after = None
    salesforce.gate.set()
    _until_the_hold_runs_out(home)

    resumed = subprocess.run(  # noqa: S603  (our own command, no shell)
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )

    assert resumed.returncode == 0, resumed.stderr[-3000:]
    document = json.loads(resumed.stdout)
    assert document["resumed"] is True
    assert not set(salesforce.served.pages[LANDED_BEFORE_KILL:]) & set(landed)
    assert _tables(home) == file_import_tables(export_dir, tmp_path)
