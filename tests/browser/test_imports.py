"""An enablement admin uploads a Salesforce export as a zip and watches it import."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import sign_in
from tests.conftest import World
from tests.crm.salesforce_fixtures import write_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_uploads_a_zip_and_sees_the_import_summary(
    page: Page,
    live_server: object,
    world: World,
    settings: Settings,
    tmp_path: Path,
    screenshot: Callable[[str], Path],
) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    export = write_export(tmp_path / "export")
    archive = tmp_path / "salesforce-export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in export.iterdir():
            bundle.write(path, path.name)

    sign_in(page, str(live_server), world.ada)
    page.get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import CRM data")
    page.get_by_label(re.compile("Salesforce export")).check()
    page.get_by_label("Files", exact=True).set_input_files(str(archive))
    screenshot("import-form")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Finished", timeout=30_000)
    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text("opportunities")
    expect(summary).to_contain_text("opportunity owners missing from the users")
    screenshot("import-finished")

    page.goto(f"{live_server}/enablement/imports/")
    expect(
        page.get_by_test_id("import-history-entry").filter(has_text="Salesforce import")
    ).to_contain_text("Succeeded")
