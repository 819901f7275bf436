"""The import page's ready-made mappings: upload a CRM's export as it came, choose its CRM."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from tests.conftest import World
from uplift.core.models import Job

FIXTURES = Path(__file__).parent / "presets"


def uploads(*paths: Path) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes()) for p in paths]


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return tmp_path


def test_the_page_offers_the_ready_made_mappings(client: Client, world: World) -> None:
    client.force_login(world.ada)
    page = client.get("/enablement/imports/").text
    assert 'data-testid="preset-select"' in page
    assert "None: the upload holds its own mapping.toml" in page
    assert '<option value="pipedrive">Pipedrive: deals list export' in page
    assert '<option value="dynamics">Microsoft Dynamics 365 Sales:' in page


def test_an_export_uploaded_as_it_came_imports_through_its_preset(
    client: Client,
    world: World,
    store: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(world.ada)
    files = uploads(*sorted((FIXTURES / "pipedrive").iterdir()))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/enablement/imports/", {"source": "csv", "preset": "pipedrive", "files": files}
        )
    job = Job.objects.get(kind="crm-import")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.title == "Import pipedrive export (2 files)"
    assert job.params["location"].endswith("/preset:pipedrive")
    assert job.result is not None
    inserted = {e["entity"]: e["inserted"] for e in job.result["entities"]}
    assert inserted["opportunities"] == 12
    assert inserted["activities"] == 5
    page = client.get(response["Location"]).text
    assert "[opportunities] read deals-8841203-57.csv (the file matching" in page


@pytest.mark.parametrize(
    ("form", "files", "message"),
    [
        (
            {"source": "salesforce", "preset": "zoho"},
            ["zoho/Deals_2024_05_02.csv"],
            "A ready-made mapping is for another CRM",
        ),
        (
            {"source": "csv", "preset": "zoho"},
            ["close/Close Opportunities Export 2024-05-02.csv"],
            "no file matches &#x27;*deals*.csv&#x27; or &#x27;*deals*.xlsx&#x27;",
        ),
        (
            {"source": "csv", "preset": "zoho", "mapping": True},
            ["zoho/Deals_2024_05_02.csv"],
            "Choose a ready-made mapping or upload a mapping.toml, not both.",
        ),
        (
            {"source": "csv", "preset": "hubspot"},
            ["zoho/Deals_2024_05_02.csv"],
            "Select a valid choice.",
        ),
    ],
)
def test_a_preset_upload_that_does_not_fit_is_refused_on_the_form(
    client: Client,
    world: World,
    store: Path,
    form: dict[str, Any],
    files: list[str],
    message: str,
) -> None:
    client.force_login(world.ada)
    upload = uploads(*(FIXTURES / f for f in files))
    if form.pop("mapping", False):
        upload.append(SimpleUploadedFile("mapping.toml", b'source = "x"\n'))
    response = client.post("/enablement/imports/", {**form, "files": upload})
    assert response.status_code == 400
    assert message in response.text
    assert not Job.objects.exists()
    assert not list((store / "home" / "uploads").glob("*/*"))
