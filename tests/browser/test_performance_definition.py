"""A leader changes what performance means on the demo organisation: previews win rate, saves it,
and Stars & gap then states the new definition. Screenshots at 1280 px and 390 px."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_performance import demo_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_previews_and_switches_to_win_rate(
    page: Page, live_server: object, screenshot: Callable[[str], Path]
) -> None:
    base = str(live_server)
    demo_sign_in(page, base, "/leader/")
    page.goto(f"{base}/leader/performance/")
    page.get_by_test_id("change-definition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What performance means")
    expect(page.get_by_test_id("composite-weights")).to_be_hidden()

    page.get_by_role("radio", name="Win rate").check()
    page.get_by_test_id("preview-button").click()
    expect(page.get_by_test_id("preview-sentence")).to_contain_text(
        "Stars are the top 20% by win rate", timeout=60_000
    )
    expect(page.get_by_test_id("preview-stars").locator("li").first).to_be_visible()
    expect(page.get_by_test_id("preview-changes")).to_be_visible()
    screenshot("performance-definition-preview")

    page.get_by_role("radio", name="Weighted composite").check()
    expect(page.get_by_test_id("composite-weights")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth <= 390")
    screenshot("performance-definition-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    page.get_by_role("radio", name="Win rate").check()
    page.get_by_test_id("save-button").click()
    expect(page).to_have_url(f"{base}/leader/performance/", timeout=120_000)
    expect(page.locator("main")).to_contain_text("Stars are the top 20% by win rate")
    expect(page.locator("main")).to_contain_text(
        "Saved. The stars below follow the new definition."
    )
    screenshot("performance-definition-saved")
