"""An enablement admin imports a workbook Uplift has never seen, without writing a mapping: numeric
deal ids, dates stored as dates and as spreadsheet day numbers, amounts typed with a decimal comma,
German stage words. They accept most proposals, correct two (a column and a word's meaning),
preview, save the mapping, import, and end on the imported data. Each step is looked at on a
desktop and on a phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.analytics_store import organisation_rows
from tests.browser.conftest import sign_in
from tests.conftest import World
from tests.crm.spreadsheet_fixtures import write_workbook
from uplift.crm.models import SavedMapping

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE, DESKTOP = 390, 1280

HEADERS = ["Deal-Nr.", "Bezeichnung", "Verantwortlich", "Betrag", "Status", "Erstellt am"]
HEADERS += ["Abschluss", "Kanal"]
# A spreadsheet's date-time cells hold no time zone.
CREATED = dt.datetime(2024, 1, 5, 9, 30)  # noqa: DTZ001
ROWS = [
    [10001, "Flotte", "Anna Schmidt", "€ 2.900,00", "Gewonnen", CREATED, 45458, "Web"],
    [10002, "Teile", "Jonas Berg", "1.250,50", "Verloren", dt.date(2024, 2, 1), 45463, "Messe"],
    [10003, "Wartung", "Anna Schmidt", "800,00", "Offen", dt.date(2024, 3, 2), None, "Web"],
    [10004, "Pilot", "Lena Vogt", "12.000,00", "Zahlung erhalten", dt.date(2024, 3, 9), 45470],
    [10005, "Schulung", "Jonas Berg", "450,00", "Offen", dt.date(2024, 4, 2), None, "Web"],
]
ROWS[3].append("Partner")


def look_at(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    """Screenshots of the step at 1280 px and 390 px; at 390 px the page must not scroll
    sideways (a wide table scrolls inside its own box)."""
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 860})
        page.wait_for_load_state("networkidle")
        screenshot(f"mapping-wizard-{name}-{width}")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{name} is {scroll} px wide on a {inner} px screen"
    page.set_viewport_size({"width": DESKTOP, "height": 860})


def column(page: Page, header: str) -> object:
    return page.locator(f'[data-testid="wizard-column"][data-header="{header}"]')


def expect_proposals(page: Page) -> None:
    """What Uplift proposes for the workbook, beside each column's first values."""
    proposed = {
        "Deal-Nr.": "opportunity_id",
        "Bezeichnung": "name",
        "Verantwortlich": "owner_id",
        "Betrag": "amount_cents",
        "Erstellt am": "created_date",
        "Abschluss": "",
        "Kanal": "",
    }
    for header, target in proposed.items():
        expect(column(page, header).get_by_test_id("wizard-target")).to_have_value(target)
    expect(column(page, "Betrag").get_by_test_id("wizard-reading")).to_have_value("comma")
    expect(column(page, "Betrag")).to_contain_text("€ 2.900,00")
    expect(page.get_by_label("The column whose words say it")).to_have_value("Status")


def test_admin_maps_and_imports_a_workbook_never_seen_before(
    page: Page,
    live_server: object,
    world: World,
    settings: Settings,
    tmp_path: Path,
    screenshot: Callable[[str], Path],
) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    workbook = write_workbook(tmp_path / "Auftraege.xlsx", {"Aufträge": [HEADERS, *ROWS]})

    sign_in(page, str(live_server), world.ada)
    page.get_by_role("link", name="Imports").click()
    page.get_by_test_id("open-wizard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map and import an export")
    look_at(page, screenshot, "1-upload")
    page.get_by_label("Files", exact=True).set_input_files(str(workbook))
    page.get_by_role("button", name="Upload and read").click()

    # Step 2: the proposals, beside each column's first values.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what each column is")
    expect(page.get_by_test_id("wizard-entity")).to_have_value("opportunities")
    expect_proposals(page)
    look_at(page, screenshot, "2-columns")

    # Two corrections: the day numbers are the close date; a payment received is a won deal.
    column(page, "Abschluss").get_by_test_id("wizard-target").select_option("close_date")
    expect(column(page, "Abschluss").get_by_test_id("wizard-formats")).to_be_visible()
    paid = page.get_by_test_id("wizard-outcome-word").filter(
        has=page.locator('input[value="Zahlung erhalten"]')
    )
    expect(paid.locator("select")).to_have_value("open")
    paid.locator("select").select_option("won")
    # A mistake is said above the form, with every choice made so far kept.
    page.get_by_label("The CRM's name").fill("Aufträge CRM")
    page.get_by_test_id("wizard-to-preview").click()
    expect(page.get_by_test_id("wizard-problems")).to_contain_text("The CRM's name")
    expect(column(page, "Abschluss").get_by_test_id("wizard-target")).to_have_value("close_date")
    expect(paid.locator("select")).to_have_value("won")
    look_at(page, screenshot, "2-mistake")
    page.get_by_label("The CRM's name").fill("auftragscrm")
    page.get_by_test_id("wizard-to-preview").click()

    # Step 3: typed rows, before anything is written.
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview the import")
    expect(page.get_by_test_id("wizard-errors")).to_contain_text("Every row can be read")
    deals = page.locator('[data-testid="wizard-table"][data-table="crm_opportunities"]')
    expect(deals).to_contain_text("5 to import")
    expect(deals).to_contain_text("No data in these rows for: Account, Currency, Stage.")
    first = deals.locator("tbody tr").first
    for shown in ("10001", "name:anna schmidt", "2,900.00", "2024-01-05", "2024-06-15", "won"):
        expect(first).to_contain_text(shown)
    expect(deals.locator("tbody tr").nth(3)).to_contain_text("won")
    look_at(page, screenshot, "3-preview")

    # Step 4: save the mapping and import; the import's own progress and summary.
    page.get_by_label("Save the mapping as").fill("Aufträge CRM")
    page.get_by_test_id("wizard-import").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Finished", timeout=30_000)
    expect(page.get_by_test_id("import-summary")).to_contain_text("opportunities")
    look_at(page, screenshot, "4-imported")

    page.get_by_test_id("import-history-link").click()
    expect(page.get_by_test_id("import-history-entry").first).to_contain_text("Succeeded")
    expect(page.get_by_test_id("saved-mapping")).to_contain_text("Aufträge CRM")
    look_at(page, screenshot, "5-imports-page")
    assert SavedMapping.objects.get().name == "Aufträge CRM"
    rows = organisation_rows(
        world.ada.organisation,
        "SELECT opportunity_id, amount_cents, created_date, close_date, is_won, is_closed, source "
        "FROM crm_opportunities ORDER BY opportunity_id",
    )
    assert [(r[0], r[1], str(r[2]), str(r[3]), r[4], r[5], r[6]) for r in rows] == [
        ("10001", 290000, "2024-01-05", "2024-06-15", True, True, "auftragscrm"),
        ("10002", 125050, "2024-02-01", "2024-06-20", False, True, "auftragscrm"),
        ("10003", 80000, "2024-03-02", "None", False, False, "auftragscrm"),
        ("10004", 1200000, "2024-03-09", "2024-06-27", True, True, "auftragscrm"),
        ("10005", 45000, "2024-04-02", "None", False, False, "auftragscrm"),
    ]
