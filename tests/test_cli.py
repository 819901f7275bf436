"""The `uplift` command, run as a person would: a real process with its own UPLIFT_HOME."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

UPLIFT = [sys.executable, "-m", "uplift.cli"]


def run(home: Path, *args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603
        [*UPLIFT, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("init", "demo", "serve", "worker", "import", "analyze", "report", "generate"):
        assert f"  {command} " in result.stdout


def test_an_unknown_report_is_refused_with_the_names_there_are(tmp_path: Path) -> None:
    result = run(tmp_path, "report", "bookings-by-mood", "--json")
    assert result.returncode == 2
    for name in ("scorecards", "segments", "gap", "drivers", "impact", "team-iq", "leaders"):
        assert name in result.stderr
    assert result.stdout == ""  # never pretend: no JSON, no table


def test_importing_a_missing_directory_fails_cleanly(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    result = run(tmp_path, "import", "salesforce", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "is not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_rejects_unknown_names(tmp_path: Path) -> None:
    result = run(tmp_path, "report", "everything")
    assert result.returncode == 2
    assert "Invalid value" in result.stderr


def test_init_is_idempotent(tmp_path: Path) -> None:
    first = run(tmp_path, "init")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "uplift.sqlite3").exists()
    assert "one store per organisation" in first.stdout
    assert not (tmp_path / "analytics.duckdb").exists()  # no shared store: each has its own
    second = run(tmp_path, "init")
    assert second.returncode == 0, second.stderr
    assert "(0 migration(s) applied)" in second.stdout
    assert "(up to date)" in second.stdout  # the static files are not collected again


def test_init_collects_the_static_files_where_uplift_static_root_says(tmp_path: Path) -> None:
    env_root = tmp_path / "served-by-nginx"
    done = subprocess.run(  # noqa: S603
        [*UPLIFT, "init"],
        env={
            **os.environ,
            "UPLIFT_HOME": str(tmp_path / "home"),
            "UPLIFT_STATIC_ROOT": str(env_root),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (env_root / "staticfiles.json").exists()
    assert list(env_root.glob("vendor/htmx.min.*.js.gz"))  # compressed for WhiteNoise
    assert not (env_root / "django_htmx").exists()  # an app's own copy that no page uses
    assert not (tmp_path / "home" / "static").exists()


def test_demo_sets_up_and_serves_the_app(tmp_path: Path) -> None:
    setup = run(tmp_path, "demo", "--no-serve")
    assert setup.returncode == 0, setup.stderr
    assert "password for all: uplift-demo" in setup.stdout
    for role in ("Leader", "Enablement admin", "Manager, ", "Rep"):
        assert role in setup.stdout
    assert (tmp_path / "demo" / "export-seed-7" / "Opportunity.csv").exists()
    again = run(tmp_path, "demo", "--no-serve")  # idempotent
    assert again.returncode == 0, again.stderr
    assert "(0 new)" in again.stdout

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "UPLIFT_ANALYTICS_URL")}
    env.update(UPLIFT_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    server = subprocess.Popen(  # noqa: S603
        [*UPLIFT, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # generous: CI machines are busy
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                    assert json.load(response) == {"status": "ok"}
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/api/openapi.json", timeout=5) as response:  # noqa: S310
            assert json.load(response)["info"]["title"] == "Uplift API"
        with urllib.request.urlopen(f"{base}/login/", timeout=5) as response:  # noqa: S310
            page = response.read().decode()
        stylesheet = page.split('href="/static/vendor/bootstrap/', 1)[1].split('"', 1)[0]
        with urllib.request.urlopen(  # noqa: S310
            f"{base}/static/vendor/bootstrap/{stylesheet}", timeout=10
        ) as response:
            assert response.headers["Cache-Control"].startswith("max-age=")  # WhiteNoise serves it
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--port", str(free_port()))
    assert result.returncode == 1
    assert "uplift init" in result.stderr
