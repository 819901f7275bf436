"""Hostile and damaged uploads: refused with a clear 400 while they stream in or unpack, and
nothing of them stays on disk; an accepted upload is deleted once its import has run."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from pytest_django.fixtures import Settings

from tests.conftest import World
from tests.crm.salesforce_fixtures import write_export
from tests.crm.test_uploads import as_uploads, zipped
from uplift.core.models import Job
from uplift.crm.uploads import UploadLimit, UploadRefused, upload_save

USERS = b"Id,Name,Email\n005A,Ann,ann@example.com\n"


def _stored(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


def _patched(data: bytes, local_offset: int, central_offset: int, value: int) -> bytes:
    """The zip with a 2-byte field set in the member's local header and central directory entry
    (zipfile itself never writes these values)."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        at = raw.index(signature) + offset
        raw[at : at + 2] = struct.pack("<H", value)
    return bytes(raw)


def _symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        link = zipfile.ZipInfo("User.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def _bad_crc() -> bytes:
    return _stored({"User.csv": USERS}).replace(b"005A,Ann", b"005B,Ann", 1)


HOSTILE_ZIPS: dict[str, tuple[Callable[[], bytes], str]] = {
    "long member name": (lambda: zipped({"a" * 300 + ".csv": USERS}), "longer than 255"),
    "bad CRC": (_bad_crc, "'User.csv' is damaged (Bad CRC-32"),
    "encrypted flag": (lambda: _patched(_stored({"User.csv": USERS}), 6, 8, 1), "is encrypted"),
    "unknown compression": (
        lambda: _patched(_stored({"User.csv": USERS}), 8, 10, 99),
        "compressed with a method Uplift cannot read (method 99)",
    ),
    "truncated": (
        lambda: zipped({"User.csv": USERS * 50})[:-40],
        "not a valid zip file (damaged or cut short)",
    ),
    "absolute member": (lambda: zipped({"/etc/cron.d/x.csv": USERS}), "points outside"),
    "climbing member": (lambda: zipped({"../../User.csv": USERS}), "points outside"),
    "windows climbing member": (lambda: zipped({"..\\User.csv": USERS}), "points outside"),
    "windows drive member": (lambda: zipped({"C:\\User.csv": USERS}), "points outside"),
    "symlink member": (_symlink, "'User.csv' is a link"),
    "same name twice": (
        lambda: zipped({"a/User.csv": USERS, "b/User.csv": USERS}),
        "holds two files named User.csv (a/User.csv and b/User.csv)",
    ),
    "same name in another case": (
        lambda: zipped({"User.csv": USERS, "old/user.csv": USERS}),
        "holds two files named user.csv (User.csv and old/user.csv)",
    ),
    "zip bomb": (
        lambda: zipped({"Opportunity.csv": b"0" * 3_000_000}),
        "compressed more than 100 to 1",
    ),
    "too many members": (lambda: zipped({f"f{i}.csv": b"x" for i in range(201)}), "at most 200"),
    "too large unpacked": (
        lambda: zipped({f"f{i}.csv": bytes(range(256)) * 4000 for i in range(12)}),
        "unpacks to more than",
    ),
}


def _left_on_disk(home: Path) -> list[Path]:
    uploads = home / "uploads"
    return sorted(uploads.rglob("*")) if uploads.exists() else []


@pytest.mark.parametrize("case", HOSTILE_ZIPS, ids=str)
def test_a_hostile_or_damaged_zip_is_refused_and_leaves_nothing(tmp_path: Path, case: str) -> None:
    build, message = HOSTILE_ZIPS[case]
    upload = SimpleUploadedFile("export.zip", build())
    with pytest.raises(UploadRefused, match=r"^export\.zip") as refusal:
        upload_save(files=[upload], home=tmp_path, max_bytes=10_000_000)
    assert message in str(refusal.value)
    assert _left_on_disk(tmp_path) == []


def test_a_member_named_like_the_zip_cannot_overwrite_it(tmp_path: Path) -> None:
    inner = zipped({"User.csv": USERS})
    upload = SimpleUploadedFile("export.zip", zipped({"export.zip": inner, "Account.csv": b"x"}))
    folder = upload_save(files=[upload], home=tmp_path, max_bytes=10_000_000)
    assert sorted(p.name for p in folder.iterdir()) == ["Account.csv", "export.zip"]
    assert (folder / "export.zip").read_bytes() == inner
    assert [p.name for p in (tmp_path / "uploads").iterdir()] == [folder.name]


def test_two_uploaded_files_of_the_same_name_are_refused(tmp_path: Path) -> None:
    files = [SimpleUploadedFile("User.csv", USERS), SimpleUploadedFile("user.csv", USERS)]
    with pytest.raises(UploadRefused, match="same name"):
        upload_save(files=files, home=tmp_path, max_bytes=10_000_000)
    assert _left_on_disk(tmp_path) == []


# --- The size limit, while the upload streams in --------------------------------------------


class Recorder(FileUploadHandler):
    """Stands for the handlers after the limit (memory, temporary file): what reached them."""

    def __init__(self) -> None:
        super().__init__()
        self.files = 0
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.files += 1

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)

    def file_complete(self, file_size: int) -> None:
        return None


def _parse(body_bytes: int, max_bytes: int) -> Recorder:
    upload = SimpleUploadedFile("Opportunity.csv", b"x" * body_bytes)
    body = encode_multipart(BOUNDARY, {"source": "salesforce", "files": upload})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    recorder = Recorder()
    parser = MultiPartParser(
        meta, io.BytesIO(body), [UploadLimit(max_bytes=max_bytes), recorder], "utf-8"
    )
    with pytest.raises(UploadRefused, match="The upload is larger than"):
        parser.parse()
    return recorder


def test_a_body_announced_too_large_is_refused_before_any_of_it_is_read() -> None:
    recorder = _parse(body_bytes=200_000, max_bytes=100_000)
    assert (recorder.files, recorder.received) == (0, 0)


def test_an_upload_that_grows_past_the_limit_is_stopped_before_the_bytes_over_it_go_on() -> None:
    recorder = _parse(body_bytes=120_000, max_bytes=100_000)  # announced within the allowance
    assert recorder.received <= 100_000


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return tmp_path / "home"


@pytest.fixture
def reached_disk(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes that reached Django's own upload handlers (memory or a temporary file)."""
    received: list[int] = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def record(self: Any, raw_data: bytes, start: int, original: Any = original) -> Any:
            received.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", record)
    return received


def test_the_import_page_refuses_an_upload_over_the_limit_before_it_reaches_disk(
    client: Client, world: World, store: Path, settings: Settings, reached_disk: list[int]
) -> None:
    settings.UPLIFT_UPLOAD_MAX_BYTES = 50_000
    client.force_login(world.ada)
    upload = SimpleUploadedFile("Opportunity.csv", b"x" * 60_000)
    response = client.post("/enablement/imports/", {"source": "salesforce", "files": [upload]})
    assert response.status_code in (400, 413)  # 413: refused on its Content-Length alone
    if response.status_code == 400:
        assert "The upload is larger than 49 KB." in response.text
    assert sum(reached_disk) == 0
    assert not Job.objects.exists()
    assert _left_on_disk(store) == []


@pytest.mark.parametrize("case", HOSTILE_ZIPS, ids=str)
def test_the_import_page_answers_a_hostile_zip_with_400_and_keeps_nothing(
    client: Client, world: World, store: Path, settings: Settings, case: str
) -> None:
    build, message = HOSTILE_ZIPS[case]
    settings.UPLIFT_UPLOAD_MAX_BYTES = 10_000_000
    client.force_login(world.ada)
    upload = SimpleUploadedFile("export.zip", build())
    response = client.post("/enablement/imports/", {"source": "salesforce", "files": [upload]})
    assert response.status_code == 400
    assert message in response.text.replace("&#x27;", "'")
    assert not Job.objects.exists()
    assert _left_on_disk(store) == []


MAPPING_READING_A_SERVER_FILE = b"""
[reps]
file = "/etc/passwd"
columns = { rep_id = "Id" }
"""


def test_an_uploaded_mapping_that_names_a_server_file_is_refused_with_400(
    client: Client, world: World, store: Path
) -> None:
    client.force_login(world.ada)
    upload = SimpleUploadedFile("mapping.toml", MAPPING_READING_A_SERVER_FILE)
    response = client.post("/enablement/imports/", {"source": "csv", "files": [upload]})
    assert response.status_code == 400
    assert "[reps] file: &#x27;/etc/passwd&#x27;: name a file beside the mapping" in response.text
    assert not Job.objects.exists()
    assert _left_on_disk(store) == []


@pytest.mark.parametrize("break_it", [False, True], ids=["imported", "refused"])
def test_an_uploaded_export_is_deleted_once_its_import_has_run(
    client: Client,
    world: World,
    store: Path,
    tmp_path: Path,
    break_it: bool,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(world.ada)
    export = write_export(tmp_path / "export")
    if break_it:
        (export / "Account.csv").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/enablement/imports/", {"source": "salesforce", "files": as_uploads(export)})
    job = Job.objects.get(kind="crm-import")
    assert job.status == (Job.Status.FAILED if break_it else Job.Status.SUCCEEDED), job.error
    assert _left_on_disk(store) == []
    assert sorted(p.name for p in export.iterdir())  # a folder outside the uploads is kept
