"""An enablement admin connects the organisation's CRM from the CRM connections page and runs the
first sync: Salesforce through its authorize page (the local fake sends the browser straight back
with a code), HubSpot through its OAuth app's authorize page (the first sync starts by itself) or
with a private app's token; the leader's performance page fills."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from tests.crm.sync.conftest import (  # noqa: F401  (the fake Salesforce's fixtures)
    ca,
    ca_bundle,
    export_dir,
    https_server,
    org,
    salesforce,
)
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.hubspot_fake import FakeHubSpot
from tests.crm.sync.hubspot_helpers import fake_hubspot
from uplift.crm.models import CrmConnection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tls_page(browser: Browser) -> Iterator[Page]:
    """A page that trusts the fake Salesforce's throw-away certificate."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 860}, locale="en-GB", ignore_https_errors=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def hubspot(tmp_path: Path) -> Iterator[FakeHubSpot]:
    yield from fake_hubspot(tmp_path / "portal")


@pytest.fixture
def stores(settings: Settings, tmp_path: Path) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"


def _sync_now(page: Page, kind: str) -> None:
    page.get_by_test_id(f"connection-{kind}").get_by_test_id("sync-now").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Finished", timeout=60_000)


def _leader_sees_stars(page: Page, base_url: str, world: World) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, world.lou)
    page.goto(f"{base_url}/leader/performance/")
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"[1-9][0-9]* reps ranked on"))


def test_admin_connects_salesforce_and_runs_the_first_sync(
    tls_page: Page,
    live_server: object,
    world: World,
    stores: None,
    salesforce: FakeSalesforce,  # noqa: F811
) -> None:
    page, base_url = tls_page, str(live_server)
    sign_in(page, base_url, world.ada)
    page.get_by_role("link", name="CRM connections").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CRM connections")
    expect(page.get_by_test_id("no-connection")).to_be_visible()
    form = page.get_by_test_id("salesforce-web-form")
    form.get_by_label("Salesforce sign-in address").fill(salesforce.base_url)
    form.get_by_label("Consumer key").fill(salesforce.client_id)
    form.get_by_label("Consumer secret").fill(salesforce.client_secret)
    form.get_by_role("button", name="Connect Salesforce").click()

    expect(page).to_have_url(f"{base_url}/settings/crm/")
    card = page.get_by_test_id("connection-salesforce")
    expect(card.get_by_test_id("connection-status")).to_have_text("Connected")
    save_screenshot(page, "crm-connections-connected")
    _sync_now(page, "salesforce")

    page.goto(f"{base_url}/settings/crm/")
    expect(card.get_by_test_id("last-sync")).to_contain_text("Succeeded, Sync now")
    expect(card.get_by_test_id("last-sync-rows")).to_contain_text("Opportunity")
    save_screenshot(page, "crm-connections-synced")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    save_screenshot(page, "crm-connections-synced-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{base_url}/enablement/imports/")
    expect(page.get_by_test_id("import-history-entry").first).to_contain_text("Salesforce")
    connection = CrmConnection.objects.get(organisation=world.org, kind="salesforce")
    assert connection.last_success_at is not None
    _leader_sees_stars(page, base_url, world)


def test_admin_connects_hubspot_with_a_token_and_runs_the_first_sync(
    page: Page, live_server: object, world: World, stores: None, hubspot: FakeHubSpot
) -> None:
    base_url = str(live_server)
    sign_in(page, base_url, world.ada)
    page.goto(f"{base_url}/settings/crm/")
    page.get_by_text("Or a private app's access token").click()
    form = page.get_by_test_id("hubspot-form")
    form.get_by_label("Private app's access token").fill("pat-test")
    form.get_by_label("HubSpot API address").fill(hubspot.url)
    form.get_by_role("button", name="Connect with the token").click()
    card = page.get_by_test_id("connection-hubspot")
    expect(card.get_by_test_id("connection-status")).to_have_text("Connected")
    expect(page.locator("body")).not_to_contain_text("pat-test")
    _sync_now(page, "hubspot")
    page.goto(f"{base_url}/settings/crm/")
    expect(card.get_by_test_id("last-sync")).to_contain_text("Succeeded")
    _leader_sees_stars(page, base_url, world)


def test_admin_connects_hubspot_through_its_authorize_page_and_the_first_sync_runs(
    page: Page, live_server: object, world: World, stores: None, hubspot: FakeHubSpot
) -> None:
    base_url = str(live_server)
    sign_in(page, base_url, world.ada)
    page.goto(f"{base_url}/settings/crm/")
    form = page.get_by_test_id("hubspot-oauth-form")
    expect(form).to_contain_text(f"{base_url}/crm/hubspot/callback")
    form.get_by_label("App's client ID").fill(hubspot.client[0])
    form.get_by_label("App's client secret").fill(hubspot.client[1])
    form.get_by_label("HubSpot authorize address").fill(f"{hubspot.url}/oauth/authorize")
    form.get_by_label("HubSpot API address").fill(hubspot.url)
    save_screenshot(page, "crm-connections-hubspot-oauth")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    save_screenshot(page, "crm-connections-hubspot-oauth-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    form.get_by_role("button", name="Connect HubSpot").click()

    # HubSpot (the fake) sends the browser back with a code; the first sync is queued.
    expect(page.get_by_test_id("job-status")).to_have_text("Finished", timeout=60_000)
    page.goto(f"{base_url}/settings/crm/")
    card = page.get_by_test_id("connection-hubspot")
    expect(card.get_by_test_id("connection-status")).to_have_text("Connected")
    expect(card.get_by_test_id("last-sync")).to_contain_text("Succeeded")
    expect(page.locator("body")).not_to_contain_text(hubspot.client[1])
    save_screenshot(page, "crm-connections-hubspot-synced")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save_screenshot(page, "crm-connections-hubspot-synced-phone")
    connection = CrmConnection.objects.get(organisation=world.org, kind="hubspot")
    assert connection.auth_kind == CrmConnection.AuthKind.HUBSPOT_OAUTH
    _leader_sees_stars(page, base_url, world)
