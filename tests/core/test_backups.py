"""`uplift backup` and `uplift restore`, run as a person would, on real installations: a round
trip gives back the same data and the same analysis on SQLite + DuckDB and on PostgreSQL; a
damaged, truncated or foreign backup is refused, with a non-zero exit, and changes nothing; an
installation that holds data is not overwritten without --force."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.engines import _ensure_database

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

ROOT = Path(__file__).resolve().parents[2]
UPLIFT = [sys.executable, "-m", "uplift.cli"]
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REPORTS = ("segments", "gap", "scorecards")


def _uplift(
    home: Path, *args: str, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(
        UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(ROOT)
    )
    if database_url:  # both stores in one PostgreSQL database: the hardest case to keep apart
        env.update(DATABASE_URL=database_url, UPLIFT_ANALYTICS_URL=database_url)
    return subprocess.run(  # noqa: S603
        [*UPLIFT, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _ok(home: Path, *args: str, database_url: str | None = None) -> str:
    done = _uplift(home, *args, database_url=database_url)
    assert done.returncode == 0, f"uplift {' '.join(args)}: {done.stderr[-3000:]}"
    return done.stdout


def _installation(home: Path, exports: Path, database_url: str | None = None) -> None:
    """Two imports (so the store has a current and a previous version), an analysis, and a
    second organisation with no CRM data yet."""
    _ok(home, "init", database_url=database_url)
    for export in ("a", "b"):
        _ok(home, "import", "salesforce", str(exports / export), database_url=database_url)
    _ok(home, "analyze", database_url=database_url)
    _ok(
        home,
        "manage",
        "shell",
        "-c",
        "from uplift.orgs.models import Organisation; "
        "Organisation.objects.create(name='Beta', slug='beta')",
        database_url=database_url,
    )


def _reports(home: Path, database_url: str | None = None) -> dict[str, Any]:
    return {
        name: json.loads(
            _ok(
                home,
                "report",
                name,
                "--json",
                "--organisation",
                "default",
                database_url=database_url,
            )
        )
        for name in REPORTS
    }


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from uplift.synthetic import generate_export

    root = tmp_path_factory.mktemp("exports")
    generate_export(root / "a", reps=16, months=6, seed=21)
    generate_export(root / "b", reps=18, months=6, seed=22)
    return root


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory, exports: Path) -> dict[str, Any]:
    """An installation on SQLite + DuckDB, its reports, and a backup of it."""
    home = tmp_path_factory.mktemp("source")
    _installation(home, exports)
    backups = tmp_path_factory.mktemp("backups")
    out = _ok(home, "backup", str(backups))
    [backup] = backups.glob("uplift-backup-*.tar")
    assert str(backup) in out
    return {"home": home, "backup": backup, "reports": _reports(home)}


def _sqlite_rows(home: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(home / "uplift.sqlite3")) as db:
        tables = [
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def _duckdb_files(home: Path) -> dict[str, str]:
    """Every analytics version on disk, by organisation folder and name, with its SHA-256."""
    folder = home / "analytics"
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("org*/*.duckdb"))
    }


def _pointers(home: Path) -> dict[str, str]:
    with closing(sqlite3.connect(home / "uplift.sqlite3")) as db:
        return dict(db.execute("SELECT slug, analytics_store FROM orgs_organisation").fetchall())


def test_a_restored_backup_holds_the_same_data_and_gives_the_same_analysis(
    source: dict[str, Any], tmp_path: Path
) -> None:
    home = tmp_path / "restored"
    out = _ok(home, "restore", str(source["backup"]))
    assert "checksums verified" in out

    assert _sqlite_rows(home) == _sqlite_rows(source["home"])
    pointers = _pointers(home)
    assert pointers == _pointers(source["home"])
    # Only the version each organisation points at is backed up, not the previous one.
    on_disk = _duckdb_files(source["home"])
    assert len(on_disk) == 2
    current = {
        name: digest
        for name, digest in on_disk.items()
        if name.endswith(f"/{pointers['default']}.duckdb")
    }
    assert _duckdb_files(home) == current
    assert pointers["beta"] == ""

    assert _reports(home) == source["reports"]  # the stored analysis
    _ok(home, "analyze", "--organisation", "default")  # and a new one, from the restored data
    assert _reports(home) == source["reports"]


def test_an_installation_with_data_is_not_overwritten_without_force(
    source: dict[str, Any], tmp_path: Path
) -> None:
    home = tmp_path / "restored"
    _ok(home, "restore", str(source["backup"]))
    again = _uplift(home, "restore", str(source["backup"]))
    assert again.returncode == 1
    assert "This installation is not empty" in again.stderr
    assert "--force" in again.stderr
    assert "Traceback" not in again.stderr
    _ok(home, "restore", "--force", str(source["backup"]))
    assert _sqlite_rows(home) == _sqlite_rows(source["home"])
    assert len(_duckdb_files(home)) == 1


def _member(backup: Path, suffix: str) -> tarfile.TarInfo:
    with tarfile.open(backup) as tar:
        return next(m for m in tar.getmembers() if m.name.endswith(suffix))


def _flip_byte(path: Path, offset: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0xFF]))


def _damage(kind: str, backup: Path, damaged: Path) -> None:
    shutil.copyfile(backup, damaged)
    if kind == "cut in half":
        os.truncate(damaged, damaged.stat().st_size // 2)
    elif kind == "cut before its manifest":
        os.truncate(damaged, _member(backup, "manifest.json").offset)
    elif kind == "a flipped byte in the analytics data":
        store = _member(backup, ".duckdb")
        _flip_byte(damaged, store.offset_data + store.size // 2)
    elif kind == "a flipped byte in the database":
        database = _member(backup, "uplift.sqlite3")
        _flip_byte(damaged, database.offset_data + database.size // 3)
    elif kind == "a flipped byte in the manifest":
        manifest = _member(backup, "manifest.json")
        _flip_byte(damaged, manifest.offset_data + 40)
    elif kind == "not a backup":
        damaged.write_text("uplift,backup\n1,2\n")


DAMAGE = {
    "cut in half": "damaged or incomplete",
    "cut before its manifest": "incomplete",
    "a flipped byte in the analytics data": "does not match its checksum",
    "a flipped byte in the database": "does not match its checksum",
    "a flipped byte in the manifest": "manifest is damaged",
    "not a backup": "damaged or incomplete",
}


@pytest.fixture(scope="module")
def empty_installation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("empty")
    _ok(home, "init")
    return home


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_backup_is_refused_and_changes_nothing(
    kind: str, source: dict[str, Any], empty_installation: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.tar"
    _damage(kind, source["backup"], damaged)
    before = (_sqlite_rows(empty_installation), sorted(empty_installation.rglob("*")))
    refused = _uplift(empty_installation, "restore", str(damaged))
    assert refused.returncode == 1
    assert "uplift: restore failed." in refused.stderr
    assert DAMAGE[kind] in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (_sqlite_rows(empty_installation), sorted(empty_installation.rglob("*"))) == before


def test_a_backup_never_replaces_a_file(source: dict[str, Any], tmp_path: Path) -> None:
    taken = tmp_path / "taken.tar"
    taken.write_text("keep me")
    refused = _uplift(source["home"], "backup", str(taken))
    assert refused.returncode == 1
    assert "exists already" in refused.stderr
    assert taken.read_text() == "keep me"


# PostgreSQL: both stores in one database (the application's tables in its schema, each
# organisation's analytics versions in their own schemas).


@pytest.fixture
def postgres_databases() -> Iterator[tuple[str, str]]:
    names = [f"uplift_backup_{role}_{os.getpid()}" for role in ("source", "restored")]
    for name in names:
        problem = _ensure_database(f"{POSTGRES}/{name}")
        if problem:
            if os.environ.get("CI"):
                raise RuntimeError(f"CI must run the PostgreSQL backup test: {problem}")
            pytest.skip(problem)
    yield f"{POSTGRES}/{names[0]}", f"{POSTGRES}/{names[1]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_contents(url: str) -> dict[str, tuple[int, str]]:
    """Every table of every schema but the system's: its row count and a digest of its rows."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
        contents = {}
        for schema, table in tables:
            name = f'"{schema}"."{table}"'
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f"FROM {name} t"
            ).fetchone() or (0, "")
            contents[f"{schema}.{table}"] = (count, digest)
    return contents


@pytest.mark.postgres
def test_a_round_trip_on_postgresql(
    postgres_databases: tuple[str, str], exports: Path, tmp_path: Path
) -> None:
    source_url, restored_url = postgres_databases
    source_home, restored_home = tmp_path / "source", tmp_path / "restored"
    _installation(source_home, exports, database_url=source_url)
    reports = _reports(source_home, database_url=source_url)
    _ok(source_home, "backup", str(tmp_path / "backup.tar"), database_url=source_url)

    _ok(restored_home, "init", database_url=restored_url)  # an empty installation, migrated
    _ok(restored_home, "restore", str(tmp_path / "backup.tar"), database_url=restored_url)

    source, restored = _postgres_contents(source_url), _postgres_contents(restored_url)
    with psycopg.connect(restored_url) as conn:
        org_id, version = conn.execute(
            "SELECT id, analytics_store FROM orgs_organisation WHERE slug = 'default'"
        ).fetchone() or (0, "")
    current = f"org{org_id}_{version}"
    assert len({name.split(".")[0] for name in source if name.startswith("org")}) == 2
    assert _schema(restored, "public") == _schema(source, "public")  # the application's data
    assert _schema(restored, current) == _schema(source, current)  # the version it points at
    assert _schema(source, current)
    assert {name.split(".")[0] for name in restored} == {"public", current}  # and nothing else

    assert _reports(restored_home, database_url=restored_url) == reports
    _ok(restored_home, "analyze", "--organisation", "default", database_url=restored_url)
    assert _reports(restored_home, database_url=restored_url) == reports


def _schema(contents: dict[str, tuple[int, str]], schema: str) -> dict[str, tuple[int, str]]:
    return {name: value for name, value in contents.items() if name.split(".")[0] == schema}
