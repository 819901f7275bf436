"""`uplift manage check --deploy` is clean with the production environment docs/deploy.md gives
(and was not without it), run as an administrator would: a fresh process with that environment."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.installation  # its own processes: runs once, in the SQLite run

DEPLOY_DOC = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"
MARKER = "<!-- production-environment"


def documented_environment() -> dict[str, str]:
    """The KEY=VALUE lines of the fenced block that follows the marker in docs/deploy.md."""
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    block = re.search(r"```ini\n(.*?)```", text[text.index(MARKER) :], re.DOTALL)
    assert block is not None, "docs/deploy.md lost its production environment block"
    pairs = (line.split("=", 1) for line in block.group(1).splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def _check_deploy(environment: dict[str, str], home: Path) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("UPLIFT_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env = {**base, **environment, "UPLIFT_HOME": str(home)}
    command = [sys.executable, "-m", "uplift.cli", "manage", "check", "--deploy"]
    return subprocess.run(  # noqa: S603  (our own command, no shell)
        [*command, "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_documented_production_environment_passes_the_deploy_check(tmp_path: Path) -> None:
    environment = documented_environment()
    assert "CHANGE-ME" in environment["UPLIFT_SECRET_KEY"]  # a placeholder, never a real key
    environment["UPLIFT_SECRET_KEY"] = secrets.token_urlsafe(50)
    result = _check_deploy(environment, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_it_the_deploy_check_names_what_is_missing(tmp_path: Path) -> None:
    environment = {"UPLIFT_SECRET_KEY": secrets.token_urlsafe(50)}
    result = _check_deploy(environment, tmp_path)
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "name",
    [
        "UPLIFT_BEHIND_TLS_PROXY",
        "UPLIFT_HSTS_SECONDS",
        "UPLIFT_ALLOWED_HOSTS",
        "UPLIFT_CSRF_TRUSTED_ORIGINS",
        "UPLIFT_BASE_URL",
        "UPLIFT_CACHE_URL",
        "DATABASE_URL",
    ],
)
def test_the_documented_environment_sets(name: str) -> None:
    assert documented_environment()[name]
