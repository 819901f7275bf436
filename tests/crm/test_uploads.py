"""Uploading an export through the web page: files or a zip, hostile archives refused."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from tests.conftest import World
from tests.crm.salesforce_fixtures import write_export
from uplift.core.models import Job
from uplift.crm.uploads import UploadRefused, upload_save
from uplift.orgs.models import Person


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


def as_uploads(directory: Path) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(directory.iterdir())]


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return tmp_path


def test_files_are_saved_flat_and_zips_unpacked(tmp_path: Path) -> None:
    export = write_export(tmp_path / "export")
    folder = upload_save(files=as_uploads(export), home=tmp_path, max_bytes=10**7)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in export.iterdir())
    archive = zipped({f"nested/{p.name}": p.read_bytes() for p in export.iterdir()})
    folder = upload_save(
        files=[SimpleUploadedFile("x.zip", archive)], home=tmp_path, max_bytes=10**7
    )
    assert "Opportunity.csv" in {p.name for p in folder.iterdir()}
    assert not (folder / "x.zip").exists()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"../evil.csv": b"x"}, "points outside the upload"),
        ({"/etc/evil.csv": b"x"}, "points outside the upload"),
        ({f"f{i}.csv": b"x" for i in range(201)}, "at most 200"),
        ({"huge.csv": b"0" * 2_000_000}, "unpacks to more than"),
    ],
)
def test_hostile_zips_are_refused_and_leave_nothing(
    tmp_path: Path, entries: dict[str, bytes], message: str
) -> None:
    upload = SimpleUploadedFile("x.zip", zipped(entries))
    with pytest.raises(UploadRefused, match=message):
        upload_save(files=[upload], home=tmp_path, max_bytes=1_000_000)
    assert list((tmp_path / "uploads").iterdir()) == []


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UploadRefused, match="not a valid zip"):
        upload_save(files=[SimpleUploadedFile("x.zip", b"PK no")], home=tmp_path, max_bytes=10**6)


def test_an_admin_uploads_an_export_and_sees_the_summary(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(world.ada)
    export = write_export(store / "export")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/enablement/imports/", {"source": "salesforce", "files": as_uploads(export)}
        )
    job = Job.objects.get(kind="crm-import")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED, job.error
    page = client.get(f"/jobs/{job.pk}/").text
    assert 'data-testid="import-summary"' in page
    assert "opportunity owners missing from the users" in page
    assert Person.objects.filter(email="rita@example.com", organisation=world.org).exists()


def test_a_bad_export_fails_the_job_with_the_place_named(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(world.ada)
    export = write_export(store / "export")
    (export / "Account.csv").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/enablement/imports/", {"source": "salesforce", "files": as_uploads(export)})
    job = Job.objects.get(kind="crm-import")
    assert job.status == Job.Status.FAILED
    assert (
        job.error == f"Nothing was imported. Account.csv: is missing from {job.params['location']}"
    )


def test_an_upload_without_files_is_refused_on_the_form(client: Client, world: World) -> None:
    client.force_login(world.ada)
    page = client.post("/enablement/imports/", {"source": "salesforce"}).text
    assert "Choose the export" in page
    assert not Job.objects.exists()


def test_a_forged_source_is_refused(client: Client, world: World) -> None:
    client.force_login(world.ada)
    page = client.post("/enablement/imports/", {"source": "../../etc"}).text
    assert "Select a valid choice" in page
    assert not Job.objects.exists()


def test_the_summary_page_says_how_each_file_was_read_and_where_the_reps_came_from(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """A deals-only export with ';' between fields and a mapping, uploaded as people have it."""
    mapping = (
        'source = "unknowncrm"\n[keys]\nrep = "id"\n[opportunities]\nfile = "deals.csv"\n'
        '[opportunities.columns]\nopportunity_id = "Deal ID"\nowner_id = "Owner"\n'
        'amount_cents = "Value"\n'
        'is_won = { column = "Status", map = { won = true, lost = false } }\n'
        'is_closed = { column = "Status", map = { won = true, lost = true } }\n'
    )
    deals = "Deal ID;Owner;Value;Status\nD1;priya.shah;100;won\nD2;tom.becker;200;lost\n"
    client.force_login(world.ada)
    uploads = [
        SimpleUploadedFile("mapping.toml", mapping.encode()),
        SimpleUploadedFile("deals.csv", deals.encode()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/enablement/imports/", {"source": "csv", "files": uploads})
    job = Job.objects.get(kind="crm-import")
    assert job.status == Job.Status.SUCCEEDED, job.error
    page = client.get(f"/jobs/{job.pk}/").text
    assert "2 reps taken from deal owners: no user file" in page
    assert "deals.csv: &#x27;;&#x27; between fields (detected), utf-8" in page
