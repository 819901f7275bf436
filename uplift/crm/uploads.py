"""Uploaded exports: limited while they stream in, saved under UPLIFT_HOME/uploads, zips unpacked
safely, and deleted once the import has run.

The size limit is enforced by `UploadLimit`, the first of the request's upload handlers: a body
announced larger than the limit is refused before a byte is read, and one that turns out larger
is stopped at the chunk that crosses it, so an oversized upload never reaches the disk.

A zip may not write outside its folder (no absolute paths, no `..`, no links), may not hold more
than MAX_FILES files or two files of the same name, may not unpack to more than the upload limit
nor be compressed more than MAX_RATIO to 1, and must be an ordinary zip (not encrypted, deflated
or stored, intact): a hostile or damaged archive gets a clear refusal, never a full disk.
"""

from __future__ import annotations

import lzma
import shutil
import stat
import uuid
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

MAX_FILES = 200
MAX_ENTRIES = 1000  # folders included: the listing itself is bounded too
MAX_RATIO = 100  # CSV exports deflate 5-20 to 1; a zip bomb 1000 to 1
RATIO_FLOOR = 2**20  # below 1 MB unpacked, a high ratio cannot fill a disk
MAX_NAME_BYTES = 255  # what a file system accepts for one name
FORM_ALLOWANCE = 2**16  # the form's other fields and the multipart boundaries
CHUNK = 1024 * 1024
READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_DAMAGE = (zipfile.BadZipFile, EOFError, zlib.error, lzma.LZMAError, OSError, ValueError)


class UploadRefused(Exception):  # noqa: N818  (a refusal, shown to the person as it is)
    """An upload that cannot be accepted; the message says why."""


def _size(count: int) -> str:
    return f"{count / 2**20:,.0f} MB" if count >= 2**20 else f"{count / 1024:,.0f} KB"


class UploadLimit(FileUploadHandler):
    """Refuses an upload larger than `max_bytes` while it streams in, before the handlers after
    it (memory, temporary file) see the bytes over the limit."""

    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0

    def _refuse(self) -> UploadRefused:
        return UploadRefused(f"The upload is larger than {_size(self.max_bytes)}.")

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803  (Django's name)
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        if content_length > self.max_bytes + FORM_ALLOWANCE:
            raise self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            raise self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or base in {".", ".."}:
        raise UploadRefused(f"{name!r} is not a usable file name.")
    if len(base.encode()) > MAX_NAME_BYTES:
        raise UploadRefused(f"{name[:40]!r}… has a name longer than {MAX_NAME_BYTES} characters.")
    return base


def _member_name(archive: str, member: zipfile.ZipInfo) -> str:
    """The member's file name once unpacked (exports are flat: the zip's folders are dropped)."""
    shown = member.filename if len(member.filename) <= 80 else member.filename[:77] + "..."
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or PureWindowsPath(member.filename).drive:
        raise UploadRefused(f"{archive}: {shown!r} points outside the upload.")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise UploadRefused(f"{archive}: {shown!r} is a link.")
    if member.flag_bits & 0x1:
        raise UploadRefused(f"{archive}: {shown!r} is encrypted; zip it without a password.")
    if member.compress_type not in READABLE:
        raise UploadRefused(
            f"{archive}: {shown!r} is compressed with a method Uplift cannot read "
            f"(method {member.compress_type}); zip it again with the usual (deflate) method."
        )
    try:
        return _safe_name(member.filename)
    except UploadRefused as refusal:
        raise UploadRefused(f"{archive}: {refusal}") from refusal


def _members(archive: str, bundle: zipfile.ZipFile, max_bytes: int) -> list[tuple[Any, str]]:
    """(member, name to write) for every file of the zip, after every check that needs no data."""
    entries = bundle.infolist()
    members = [m for m in entries if not m.is_dir()]
    if len(members) > MAX_FILES or len(entries) > MAX_ENTRIES:
        raise UploadRefused(f"{archive} holds {len(members)} files; at most {MAX_FILES}.")
    if sum(m.file_size for m in members) > max_bytes:
        raise UploadRefused(f"{archive} unpacks to more than {_size(max_bytes)}.")
    named = [(member, _member_name(archive, member)) for member in members]
    seen: dict[str, str] = {}
    for member, name in named:
        earlier = seen.setdefault(name.lower(), member.filename)
        if earlier != member.filename:
            raise UploadRefused(
                f"{archive} holds two files named {name} ({earlier} and {member.filename}); "
                "keep the one to import."
            )
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * member.compress_size:
            raise UploadRefused(_too_compressed(archive, member))
    return named


def _too_compressed(archive: str, member: zipfile.ZipInfo) -> str:
    return (
        f"{archive}: {member.filename!r} is compressed more than {MAX_RATIO} to 1, "
        "which no CRM export is; it is refused as a zip bomb."
    )


def _unpack(
    bundle: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, *, room: int, shown: str
) -> int:
    """Write one member to `target`, trusting none of the sizes the zip declares; the bytes
    written. `room` is what is left of the upload's limit."""
    written = 0
    with bundle.open(member) as source, target.open("wb") as sink:
        while block := source.read(CHUNK):
            written += len(block)
            if written > room:
                raise UploadRefused(f"{shown} unpacks to more than the upload limit.")
            if written > member.file_size:
                raise UploadRefused(f"{shown}: {member.filename!r} is larger than it says.")
            if written > RATIO_FLOOR and written > MAX_RATIO * member.compress_size:
                raise UploadRefused(_too_compressed(shown, member))
            sink.write(block)
    return written


def _unzip(archive: Path, into: Path, *, max_bytes: int, shown: str) -> None:
    try:
        bundle = zipfile.ZipFile(archive)
    except _DAMAGE as exc:
        raise UploadRefused(f"{shown} is not a valid zip file (damaged or cut short).") from exc
    room = max_bytes
    with bundle:
        for member, name in _members(shown, bundle, max_bytes):
            try:
                room -= _unpack(bundle, member, into / name, room=room, shown=shown)
            except _DAMAGE as exc:
                raise UploadRefused(f"{shown}: {member.filename!r} is damaged ({exc}).") from exc


def upload_save(*, files: Sequence[UploadedFile[Any]], home: Path, max_bytes: int) -> Path:
    """Save the uploaded files (or one zip) into a new folder; return it. All or nothing: after a
    refusal nothing of the upload is left on disk."""
    if not files:
        raise UploadRefused("Choose the export's files, or one zip file.")
    if sum(f.size or 0 for f in files) > max_bytes:
        raise UploadRefused(f"The upload is larger than {_size(max_bytes)}.")
    names = [_safe_name(f.name or "") for f in files]
    if len(files) > 1 and any(name.lower().endswith(".zip") for name in names):
        raise UploadRefused("Upload either one zip file or the CSV files, not both.")
    if len({name.lower() for name in names}) < len(names):
        raise UploadRefused("Two of the files have the same name; upload each file once.")
    token = uuid.uuid4().hex
    folder = home / "uploads" / token
    folder.mkdir(parents=True)
    archive = home / "uploads" / f"{token}.zip"  # beside the folder: no member can overwrite it
    try:
        for upload, name in zip(files, names, strict=True):
            target = archive if name.lower().endswith(".zip") else folder / name
            with target.open("wb") as sink:
                for block in upload.chunks(CHUNK):
                    sink.write(block)
        if archive.exists():
            _unzip(archive, folder, max_bytes=max_bytes, shown=names[0])
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        archive.unlink(missing_ok=True)
    return folder


def upload_discard(location: Path, *, home: Path) -> None:
    """Delete the upload folder that holds `location` once its import has run (whatever the
    outcome). A location outside UPLIFT_HOME/uploads (a folder of the command line) is kept."""
    uploads = (home / "uploads").resolve()
    try:
        inside = location.resolve().relative_to(uploads)
    except ValueError:
        return
    if inside.parts:
        shutil.rmtree(uploads / inside.parts[0], ignore_errors=True)
