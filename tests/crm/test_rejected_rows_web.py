"""The import page's choice to import the valid rows and get the others back: the counts per file
after the import, the rejects file kept with the import's job, and who may download it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from tests.conftest import World
from tests.crm.test_mapped_spreadsheets import write_export
from tests.crm.test_rejected_rows import SHEET
from tests.factories import PersonFactory
from uplift.core.models import Job
from uplift.crm.models import ImportRecord
from uplift.orgs.models import Role


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return tmp_path


def upload(client: Client, folder: Path, **choices: str) -> Job:
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
    client.post("/enablement/imports/", {"source": "csv", "files": files, **choices})
    return Job.objects.get(kind="crm-import")


@pytest.fixture
def imported(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Job:
    """An admin's upload of the spreadsheet with two bad rows, the box ticked."""
    write_export(store / "export", "xlsx", {"Deals": SHEET})
    client.force_login(world.ada)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, store / "export", skip_invalid="on")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    return job


def test_the_page_offers_the_choice(client: Client, world: World) -> None:
    client.force_login(world.ada)
    page = client.get("/enablement/imports/").text
    assert 'name="skip_invalid"' in page
    assert "Import the valid rows and give me the rejected ones" in page


def test_after_the_import_the_page_shows_the_rejected_rows_per_file_and_offers_them(
    client: Client, imported: Job
) -> None:
    page = client.get(f"/jobs/{imported.pk}/").text
    assert "Rejected 2 rows, each with its reason:" in page
    assert "<li>deals.xlsx: 2 rejected</li>" in page
    assert "<li>users.csv: 0 rejected</li>" in page
    link = f"/enablement/imports/{imported.pk}/rejected-rows.csv"
    assert f'href="{link}"' in page

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"rejected-rows-import-{imported.pk}.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(r["Deal ID"], r["rejected_row"], r["rejected_column"]) for r in rows] == [
        ("12348", "6", "Value"),
        ("1234567890123456.0", "7", "Deal ID"),
    ]


def test_the_import_page_lists_it_in_the_history_with_the_download(
    client: Client, world: World, imported: Job
) -> None:
    record = ImportRecord.objects.get(job=imported)
    assert (record.started_by, record.command_line_user) == (world.ada, "")
    assert (record.source, record.result, record.rows_rejected) == ("csv", "succeeded", 2)
    page = client.get("/enablement/imports/").text
    assert "Ada Test" in page
    assert "Rejected: deals.xlsx 2" in page
    assert f'href="/enablement/imports/{imported.pk}/rejected-rows.csv"' in page


def test_only_the_admins_of_its_organisation_may_download_the_rejected_rows(
    client: Client, world: World, imported: Job
) -> None:
    link = f"/enablement/imports/{imported.pk}/rejected-rows.csv"
    other_admin = PersonFactory(
        organisation=world.other_org, role=Role.ADMIN, email="root@other.test"
    )
    client.force_login(other_admin)
    assert client.get(link).status_code == 404
    client.force_login(world.lou)
    assert client.get(link).status_code == 403
    client.logout()
    assert client.get(link).status_code == 302


def test_an_import_without_rejected_rows_kept_has_nothing_to_download(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    write_export(store / "export", "xlsx")
    client.force_login(world.ada)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, store / "export")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert "Download the rejected rows" not in client.get(f"/jobs/{job.pk}/").text
    assert client.get(f"/enablement/imports/{job.pk}/rejected-rows.csv").status_code == 404


def test_without_the_choice_a_bad_row_fails_the_import_and_the_history_says_why(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    write_export(store / "export", "xlsx", {"Deals": SHEET})
    client.force_login(world.ada)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, store / "export")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Nothing was imported. deals.xlsx, row 7, column Deal ID:")
    record = ImportRecord.objects.get(job=job)
    assert record.result == ImportRecord.Result.FAILED
    page = client.get("/enablement/imports/").text
    assert "deals.xlsx, row 7, column Deal ID:" in page
    assert not (store / "home" / "rejects" / f"job-{job.pk}.csv").exists()
