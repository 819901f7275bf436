"""Uploaded exports: saved under UPLIFT_HOME/uploads, zips unpacked safely.

A zip may not write outside its folder (no absolute paths, no `..`, no links), may not hold more
than MAX_FILES files, and may not unpack to more than the upload limit: a hostile archive gets a
clear refusal, never a full disk.
"""

from __future__ import annotations

import shutil
import stat
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.uploadedfile import UploadedFile

MAX_FILES = 200
CHUNK = 1024 * 1024


class UploadRefused(Exception):  # noqa: N818  (a refusal, shown to the person as it is)
    """An upload that cannot be accepted; the message says why."""


def _size(count: int) -> str:
    return f"{count / 2**20:,.0f} MB" if count >= 2**20 else f"{count / 1024:,.0f} KB"


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or base in {".", ".."}:
        raise UploadRefused(f"{name!r} is not a usable file name.")
    return base


def _unzip(archive: Path, into: Path, *, max_bytes: int) -> None:
    try:
        bundle = zipfile.ZipFile(archive)
    except zipfile.BadZipFile as exc:
        raise UploadRefused(f"{archive.name} is not a valid zip file.") from exc
    with bundle:
        members = [m for m in bundle.infolist() if not m.is_dir()]
        if len(members) > MAX_FILES:
            raise UploadRefused(f"{archive.name} holds {len(members)} files; at most {MAX_FILES}.")
        if sum(m.file_size for m in members) > max_bytes:
            raise UploadRefused(f"{archive.name} unpacks to more than {_size(max_bytes)}.")
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts:
                raise UploadRefused(
                    f"{archive.name}: {member.filename!r} points outside the upload."
                )
            if stat.S_ISLNK(member.external_attr >> 16):
                raise UploadRefused(f"{archive.name}: {member.filename!r} is a link.")
            target = into / path.name  # exports are flat: folders inside the zip are ignored
            written = 0
            with bundle.open(member) as source, target.open("wb") as sink:
                while block := source.read(CHUNK):
                    written += len(block)
                    if written > member.file_size or written > max_bytes:
                        raise UploadRefused(
                            f"{archive.name}: {member.filename!r} is larger than it says."
                        )
                    sink.write(block)
    archive.unlink()


def upload_save(*, files: Sequence[UploadedFile[Any]], home: Path, max_bytes: int) -> Path:
    """Save the uploaded files (or one zip) into a new folder; return it. All or nothing."""
    if not files:
        raise UploadRefused("Choose the export's files, or one zip file.")
    if sum(f.size or 0 for f in files) > max_bytes:
        raise UploadRefused(f"The upload is larger than {_size(max_bytes)}.")
    names = [_safe_name(f.name or "") for f in files]
    if len(files) > 1 and any(name.lower().endswith(".zip") for name in names):
        raise UploadRefused("Upload either one zip file or the CSV files, not both.")
    folder = home / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    try:
        for upload, name in zip(files, names, strict=True):
            with (folder / name).open("wb") as sink:
                for block in upload.chunks(CHUNK):
                    sink.write(block)
        for archive in [p for p in folder.iterdir() if p.suffix.lower() == ".zip"]:
            _unzip(archive, folder, max_bytes=max_bytes)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder
