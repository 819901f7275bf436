"""An import is visible in both stores or in neither, whenever its process dies; and it does not
hold the application database's write lock while it runs, so people keep writing.

Each trial starts from the same installation (export A imported), runs the import of export B
in its own process and kills it (SIGKILL: no clean-up runs) at a chosen point or moment. Then it
reads both stores directly, not through the application: the CRM users and deals in the version
of the analytics store that the organisation points at, and the people linked to the CRM in the
application database, must be exactly what a complete import leaves, before B or after it.
Finally the import runs again and must finish, leaving only the current and the previous version
on disk.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

from tests.engines import _ensure_database
from uplift.synthetic import generate_export

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

KILLER = [sys.executable, "-m", "tests.crm.import_killer"]
UPLIFT = [sys.executable, "-m", "uplift.cli"]
ROOT = Path(__file__).resolve().parents[2]

# Points inside the import, as MODULE:FUNCTION:before|after:N (the Nth call).
KILL_POINTS = [
    "uplift.crm.importers.runner:version_prepare:after:1",  # the new version is a copy
    "uplift.crm.importers.runner:merge:before:1",
    "uplift.crm.importers.runner:merge:after:3",  # reps, accounts, deals merged, not committed
    "uplift.crm.importers.runner:_write_duckdb:after:1",  # analytics committed, app not yet
    "uplift.crm.services:crm_people_link:after:1",  # people linked, transaction open
    "uplift.crm.services:organisation_store_switch:after:1",  # pointer written, not committed
]
KILL_FRACTIONS = [0.3, 0.6, 0.8, 0.95]


def _env(home: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    env["PYTHONPATH"] = str(ROOT)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _import(
    home: Path, export: Path, point: str | None = None, *, rejects: Path | None = None, **env: str
) -> int:
    args = [*KILLER, str(export), *([point] if point else [])]
    args += [f"--rejects={rejects}"] if rejects else []
    done = subprocess.run(  # noqa: S603
        args,
        env=_env(home, **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode not in (0, -signal.SIGKILL):
        raise AssertionError(done.stderr[-3000:])
    return done.returncode


def _init(home: Path, **env: str) -> None:
    subprocess.run(  # noqa: S603
        [*UPLIFT, "init"], env=_env(home, **env), cwd=ROOT, check=True, capture_output=True
    )


def _state(home: Path) -> dict[str, Any]:
    """What each store holds, read without the application."""
    with closing(sqlite3.connect(home / "uplift.sqlite3")) as db:
        org_id, version = db.execute("SELECT id, analytics_store FROM orgs_organisation").fetchone()
        people = {
            row[0]
            for row in db.execute(
                "SELECT crm_user_id FROM orgs_person "
                "WHERE organisation_id = ? AND crm_user_id != ''",
                (org_id,),
            )
        }
    folder = home / "analytics" / f"org{org_id}"
    with duckdb.connect(str(folder / f"{version}.duckdb"), read_only=True) as store:
        reps = {row[0] for row in store.execute("SELECT rep_id FROM crm_reps").fetchall()}
        deals = store.execute("SELECT count(*) FROM crm_opportunities").fetchall()[0][0]
    versions = sorted(p.stem for p in folder.glob("v*.duckdb"))
    return {"version": version, "people": people, "reps": reps, "deals": deals, "on_disk": versions}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("exports")
    generate_export(root / "a", reps=16, months=6, seed=11)
    generate_export(root / "b", reps=22, months=6, seed=12)  # 6 more users, other deals
    return root / "a", root / "b"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, exports: tuple[Path, Path]) -> Path:
    """An installation with export A imported."""
    home = tmp_path_factory.mktemp("installed")
    _init(home)
    assert _import(home, exports[0]) == 0
    return home


@pytest.fixture(scope="module")
def outcomes(installed: Path, exports: tuple[Path, Path]) -> dict[str, Any]:
    """The state before B and after B, from an import that ran to the end."""
    before = _state(installed)
    home = installed.parent / "complete"
    shutil.copytree(installed, home)
    started = time.perf_counter()
    assert _import(home, exports[1]) == 0
    return {"before": before, "after": _state(home), "seconds": time.perf_counter() - started}


def _check_consistent(state: dict[str, Any], outcomes: dict[str, Any]) -> str:
    """'before' or 'after' when both stores show the same import; fails otherwise."""
    for name in ("before", "after"):
        if all(state[key] == outcomes[name][key] for key in ("reps", "people", "deals")):
            return name
    raise AssertionError(f"a state that no complete import leaves: {state}")


def _recover_and_finish(home: Path, exports: tuple[Path, Path], outcomes: dict[str, Any]) -> None:
    assert _import(home, exports[1]) == 0
    state = _state(home)
    assert _check_consistent(state, outcomes) == "after"
    assert state["version"] in state["on_disk"]
    assert len(state["on_disk"]) <= 2, f"versions an interrupted import left: {state['on_disk']}"


@pytest.fixture
def home(installed: Path, tmp_path: Path) -> Path:
    """A copy of the installation with export A, for one trial."""
    shutil.copytree(installed, tmp_path / "home")
    return tmp_path / "home"


@pytest.mark.parametrize("point", KILL_POINTS)
def test_an_import_killed_at_any_step_leaves_both_stores_consistent(
    point: str, home: Path, exports: tuple[Path, Path], outcomes: dict[str, Any]
) -> None:
    assert outcomes["before"]["reps"] != outcomes["after"]["reps"]  # the trials can tell them apart
    assert _import(home, exports[1], point) == -signal.SIGKILL, f"{point} was never reached"
    assert _check_consistent(_state(home), outcomes) == "before"
    _recover_and_finish(home, exports, outcomes)


@pytest.mark.parametrize(
    "point",
    [
        "uplift.crm.importers.runner:_write_duckdb:after:1",  # before the rows are given back
        "uplift.crm.services:organisation_store_switch:after:1",  # given back, not committed
    ],
)
def test_an_import_skipping_invalid_rows_killed_leaves_both_stores_and_no_rejects_file(
    point: str,
    home: Path,
    exports: tuple[Path, Path],
    outcomes: dict[str, Any],
    tmp_path: Path,
) -> None:
    """Skipping rows changes which rows are imported, not how: B with one unreadable deal more
    is still imported whole or not at all, and its rejects file appears only with it."""
    export = tmp_path / "b-with-a-bad-row"
    shutil.copytree(exports[1], export)
    with (export / "Opportunity.csv").open(encoding="utf-8-sig", newline="") as deals:
        header, *_, last = csv.reader(deals)
    bad = {**dict(zip(header, last, strict=True)), "Id": "0065g00000BADROWAA"}
    bad["CloseDate"] = "tomorrow"
    with (export / "Opportunity.csv").open("a", encoding="utf-8", newline="") as deals:
        csv.DictWriter(deals, header).writerow(bad)
    rejects = tmp_path / "out" / "rejects.csv"
    assert _import(home, export, point, rejects=rejects) == -signal.SIGKILL
    assert _check_consistent(_state(home), outcomes) == "before"
    assert not rejects.exists()
    assert _import(home, export, rejects=rejects) == 0
    assert _check_consistent(_state(home), outcomes) == "after"
    assert rejects.read_text(encoding="utf-8").count("'tomorrow' is not a date") == 1


@pytest.mark.parametrize("fraction", KILL_FRACTIONS)
def test_an_import_killed_at_any_moment_leaves_both_stores_consistent(
    fraction: float, home: Path, exports: tuple[Path, Path], outcomes: dict[str, Any]
) -> None:
    process = subprocess.Popen(  # noqa: S603
        [*KILLER, str(exports[1])],
        env=_env(home),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:  # the kill comes at this fraction of an import's time, or not at all if it has ended
        process.wait(timeout=outcomes["seconds"] * fraction)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    _check_consistent(_state(home), outcomes)  # before or after: the kill may come late
    _recover_and_finish(home, exports, outcomes)


WRITER = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from uplift.orgs.models import Person
from uplift.recognition.models import Kudos
from uplift.recognition.services import kudos_give

stop = Path(sys.argv[1])
giver, receiver = Person.objects.filter(is_active=True, organisation__isnull=False)[:2]
written, failures, latencies = 0, [], []
while not stop.exists():
    began = time.perf_counter()
    try:
        kudos_give(giver=giver, receiver=receiver, message=f"Thanks, number {written + 1}")
        written += 1
    except Exception as exc:
        failures.append(repr(exc))
    latencies.append(time.perf_counter() - began)
    time.sleep(0.02)
stored = Kudos.objects.filter(giver=giver).count()
print(json.dumps({"written": written, "failures": failures, "stored": stored,
                  "slowest": max(latencies), "attempts": len(latencies)}))
"""


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for an installation's application data, dropped afterwards."""
    name = f"uplift_import_writes_{os.getpid()}"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    problem = _ensure_database(url)
    if problem:
        if os.environ.get("CI"):
            raise RuntimeError(problem)
        pytest.skip(problem)
    yield url
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_people_keep_writing_while_an_import_runs(
    database: str,
    exports: tuple[Path, Path],
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env: dict[str, str] = {}
    if database == "postgres":
        env["database_url"] = request.getfixturevalue("postgres_database")
    home = tmp_path / "home"
    _init(home, **env)
    assert _import(home, exports[0], **env) == 0
    big = tmp_path_factory.mktemp("big") / "export"
    generate_export(big, reps=50, months=9, seed=13)

    stop = tmp_path / "stop"
    writer = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", WRITER, str(stop)],
        env=_env(home, **env),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    began = time.perf_counter()
    assert _import(home, big, **env) == 0
    import_seconds = time.perf_counter() - began
    stop.touch()
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err[-3000:]
    result = json.loads(out.strip().splitlines()[-1])
    with capsys.disabled():  # reported, never asserted: timings depend on the machine
        print(  # noqa: T201
            f"\n{database}: import {import_seconds:.1f} s; {result['written']} kudos written "
            f"during it, slowest write {result['slowest'] * 1000:.0f} ms"
        )
    assert result["failures"] == []
    assert result["written"] > 0
    assert result["stored"] == result["written"]
