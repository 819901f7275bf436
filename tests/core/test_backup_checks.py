"""What `uplift restore` refuses before it changes anything, checked in one process: backups of
another kind of installation, of a newer Uplift, and archives that are not Uplift's.
(tests/core/test_backups.py runs the commands end to end.)"""

from __future__ import annotations

import io
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest
from django.db import connection

from uplift.backups.archive import (
    BackupRefused,
    FileEntry,
    Manifest,
    OrganisationEntry,
    archive_read,
)
from uplift.backups.services import _check_installation_fits

MANIFEST = Manifest(
    uplift_version="0.1.0",
    created_at="2026-12-04T02:00:00+00:00",
    database_engine="sqlite",
    database_file="database/uplift.sqlite3",
    analytics_engine="duckdb",
    migrations=[("core", "0001_initial")],
    organisations=[OrganisationEntry(id=1, slug="acme", name="Acme", version=None)],
    files={"database/uplift.sqlite3": FileEntry(bytes=1, sha256="0" * 64)},
)


def _of_this_installation() -> Manifest:
    return replace(MANIFEST, database_engine=connection.vendor)  # the suite runs on both


def test_a_backup_of_this_kind_of_installation_fits(db: None) -> None:
    _check_installation_fits(_of_this_installation())


def test_a_backup_of_another_kind_of_installation_is_refused(db: None) -> None:
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    with pytest.raises(BackupRefused, match=f"holds a {other} application database"):
        _check_installation_fits(replace(MANIFEST, database_engine=other))
    with pytest.raises(BackupRefused, match="holds postgres analytics stores"):
        _check_installation_fits(replace(_of_this_installation(), analytics_engine="postgres"))


def test_a_backup_of_a_newer_uplift_is_refused(db: None) -> None:
    newer = replace(
        _of_this_installation(), uplift_version="9.0", migrations=[("core", "0099_from_the_future")]
    )
    with pytest.raises(BackupRefused, match=r"newer Uplift \(9.0\).*core.0099_from_the_future"):
        _check_installation_fits(newer)


def _archive(path: Path, names: list[str]) -> None:
    with tarfile.open(path, "w") as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            info.size = 2
            tar.addfile(info, io.BytesIO(b"hi"))


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/srv/evil", "database/other.sqlite3"])
def test_an_archive_holding_other_files_is_refused_without_writing_them(
    name: str, tmp_path: Path
) -> None:
    _archive(tmp_path / "foreign.tar", [name])
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    with pytest.raises(BackupRefused, match="not an Uplift backup"):
        archive_read(tmp_path / "foreign.tar", unpacked)
    assert not any(unpacked.iterdir())
    assert not (tmp_path / "evil").exists()
