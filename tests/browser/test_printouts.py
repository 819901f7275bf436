"""The "Download PDF" link of Stars & gap, a development plan and an initiative's health, in a
real browser at 1280 px and 390 px: there, not pushing the page sideways, and downloading a PDF
named for what it holds."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.access_cases.development import plans
from tests.access_cases.initiatives import objects as initiatives
from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from tests.insights.snapshots import analysis_store, link_crm_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download_from(page: Page, url: str, name: str) -> str:
    """Open the page at both widths, then download its PDF; the file's name."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        link = page.get_by_test_id("download-pdf")
        expect(link).to_be_visible()
        expect(link).to_have_text("Download PDF")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{url} scrolls sideways at {width} px"
        save_screenshot(page, f"{name}-{width}")
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    return download.value.suggested_filename


def test_the_pages_offer_their_pdf(page: Page, live_server: object, world: World) -> None:
    base = str(live_server)
    link_crm_ids(world)
    run = analysis_store(organisation=world.org)
    plan = plans(world)["plan"]
    initiative = initiatives(world)["i"]

    sign_in(page, base, world.lou)
    name = download_from(page, f"{base}/leader/performance/", "stars-and-gap-pdf-link")
    assert name == f"acme-stars-and-the-gap-{run.as_of}.pdf"
    name = download_from(page, f"{base}/initiatives/{initiative.pk}/health/", "health-pdf-link")
    assert name.startswith("acme-initiative-health-share-what-works-")

    page.context.clear_cookies()
    sign_in(page, base, world.ann)
    name = download_from(page, f"{base}/development/plans/{plan.pk}/", "plan-pdf-link")
    assert name.startswith("acme-development-plan-ann-test-")
