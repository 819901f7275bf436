"""The backup file: a tar archive of copies of the stores and the manifest that describes them.

Every file's SHA-256 is computed as it goes into the archive and checked as it comes out; the
manifest comes last, followed by its own checksum, so that a damaged, truncated or foreign file
is refused before anything is restored from it.
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import os
import re
import tarfile
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

FORMAT = "uplift-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_CHECKSUM = "manifest.json.sha256"
_MANIFEST_MAX_BYTES = 16 * 2**20
_CHUNK = 2**20
# The only files a backup holds besides its manifest (names chosen here, never by the archive).
_FILE = re.compile(
    r"^(database/uplift\.(sqlite3|pgdump)"
    r"|analytics/org\d{1,18}/v\d{20}_[0-9a-f]{6}\.(duckdb|duckdb\.wal|pgdump))$"
)


class BackupRefused(Exception):  # noqa: N818  (shown to people as it is)
    """The backup cannot be made or restored; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class FileEntry:
    bytes: int
    sha256: str


@dataclass(frozen=True)
class OrganisationEntry:
    id: int
    slug: str
    name: str
    version: str | None  # the analytics version it points at; None before its first import
    files: list[str] = field(default_factory=list)  # that version's files in the archive


@dataclass(frozen=True)
class Manifest:
    uplift_version: str
    created_at: str
    database_engine: str  # Django's vendor: "sqlite" or "postgresql"
    database_file: str
    analytics_engine: str  # "duckdb" or "postgres"
    migrations: list[tuple[str, str]]  # (app, migration) applied in the copied database
    organisations: list[OrganisationEntry]
    files: dict[str, FileEntry]

    def as_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupRefused("This is not an Uplift backup (its manifest is not one).")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupRefused(
                f"This backup is in format {data.get('format_version')!r}; this version of "
                f"Uplift reads format {FORMAT_VERSION}. Restore it with the version that made it "
                f"({data.get('uplift_version', 'unknown')}) or a later one."
            )
        try:
            return cls(
                uplift_version=str(data["uplift_version"]),
                created_at=str(data["created_at"]),
                database_engine=str(data["database_engine"]),
                database_file=str(data["database_file"]),
                analytics_engine=str(data["analytics_engine"]),
                migrations=[(str(app), str(name)) for app, name in data["migrations"]],
                organisations=[OrganisationEntry(**entry) for entry in data["organisations"]],
                files={name: FileEntry(**entry) for name, entry in data["files"].items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupRefused(f"The backup's manifest is damaged ({exc}).") from exc


class _Hashing:
    """A file being read, whose SHA-256 is computed on the way."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


class ArchiveWriter:
    """Writes the backup beside its final name and renames it into place only once complete,
    so that an interrupted backup never leaves a file that looks like one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        self._tar = tarfile.open(fileobj=self._file, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.files: dict[str, FileEntry] = {}
        self._done = False

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._done:
            self._tar.close()
            self._file.close()
            self.partial.unlink(missing_ok=True)

    def add(self, name: str, source: Path) -> FileEntry:
        if not _FILE.match(name):
            raise ValueError(f"Not a name a backup holds: {name!r}")
        info = tarfile.TarInfo(name)
        info.size = source.stat().st_size
        info.mtime = int(time.time())
        info.mode = 0o600
        with source.open("rb") as handle:
            hashing = _Hashing(handle)
            self._tar.addfile(info, hashing)
        entry = FileEntry(bytes=info.size, sha256=hashing.digest.hexdigest())
        self.files[name] = entry
        return entry

    def finish(self, manifest: Manifest) -> int:
        """Write the manifest and its checksum, and put the file in place; its size."""
        text = json.dumps(manifest.as_dict(), indent=2).encode()
        self._add_bytes(MANIFEST, text)
        self._add_bytes(MANIFEST_CHECKSUM, hashlib.sha256(text).hexdigest().encode())
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self.partial.replace(self.path)
        self._done = True
        return self.path.stat().st_size

    def _add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o600
        self._tar.addfile(info, io.BytesIO(data))


def archive_read(path: Path, into: Path) -> Manifest:
    """Unpack the backup at `path` into the folder `into`, checking every file against the
    manifest. A damaged, truncated or foreign file is refused with the reason."""
    seen: dict[str, FileEntry] = {}
    manifest_text: bytes | None = None
    checksum: bytes | None = None
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupRefused(f"This is not an Uplift backup: it holds {member.name!r}.")
                source = tar.extractfile(member)
                assert source is not None  # noqa: S101  (a regular file has contents)
                if member.name in (MANIFEST, MANIFEST_CHECKSUM):
                    data = source.read(_MANIFEST_MAX_BYTES)
                    if member.name == MANIFEST:
                        manifest_text = data
                    else:
                        checksum = data
                elif _FILE.match(member.name) and member.name not in seen:
                    seen[member.name] = _unpack(source, into / member.name)
                else:
                    raise BackupRefused(f"This is not an Uplift backup: it holds {member.name!r}.")
    except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
        raise BackupRefused(f"The backup file is damaged or incomplete ({exc}).") from exc
    if manifest_text is None or checksum is None:
        raise BackupRefused(
            "The backup file is incomplete: it ends before its manifest (was it cut short while "
            "it was written or copied?)."
        )
    if hashlib.sha256(manifest_text).hexdigest() != checksum.decode(errors="replace").strip():
        raise BackupRefused("The backup's manifest is damaged: its checksum does not match.")
    try:
        manifest = Manifest.from_dict(json.loads(manifest_text))
    except ValueError as exc:
        raise BackupRefused(f"The backup's manifest is damaged ({exc}).") from exc
    _check_files(manifest, seen)
    return manifest


def _unpack(source: IO[bytes], target: Path) -> FileEntry:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return FileEntry(bytes=size, sha256=digest.hexdigest())


def _check_files(manifest: Manifest, seen: dict[str, FileEntry]) -> None:
    named = {manifest.database_file, *(n for o in manifest.organisations for n in o.files)}
    if not named <= set(manifest.files):
        raise BackupRefused("The backup's manifest is damaged: it names files it does not list.")
    missing = sorted(set(manifest.files) - set(seen))
    if missing:
        raise BackupRefused(f"The backup file is incomplete: {', '.join(missing)} is missing.")
    unlisted = sorted(set(seen) - set(manifest.files))
    if unlisted:
        raise BackupRefused(f"The backup holds files its manifest does not list: {unlisted}.")
    damaged = sorted(name for name, entry in manifest.files.items() if seen[name] != entry)
    if damaged:
        raise BackupRefused(
            f"The backup file is damaged: {', '.join(damaged)} does not match its checksum."
        )
