"""The future-leaders view in a real browser, on the demo organisation: the components side by
side, sorting by a component over htmx, each number's explanation, the network and a person's
evidence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_performance import demo_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_reads_sorts_and_drills_into_future_leaders(
    page: Page, live_server: object, screenshot
) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(30_000)  # the demo's pages on a busy two-core machine
    demo_sign_in(page, str(live_server), "/leader/")
    page.get_by_role("link", name="Future leaders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Future leaders")
    expect(page.get_by_test_id("leaders-honesty")).to_contain_text("not talent, potential")
    table = page.get_by_test_id("leaders-table")
    rows = table.locator("tbody tr")
    assert rows.count() > 20
    chart = page.get_by_test_id("network-chart")
    assert int(chart.get_attribute("data-edges") or "0") > 10
    first_contribution = rows.first.locator('td[data-col="contribution"]')
    expect(first_contribution).to_have_attribute("title", re.compile(r"^Contributor on \d+ shared"))
    screenshot("leaders")

    page.get_by_test_id("sort-reach").click()
    expect(page.get_by_test_id("leaders-table")).to_have_attribute("data-sort", "reach")
    expect(page).to_have_url(re.compile(r"sort=reach"))
    reach = [
        int(text.split()[0])
        for text in page.locator(
            '[data-testid="leaders-table"] td[data-col="reach"]'
        ).all_inner_texts()
    ]
    assert reach == sorted(reach, reverse=True)
    assert reach[0] > 0

    page.locator('[data-testid="leaders-table"] tbody tr').first.get_by_text(
        "Where these numbers come from"
    ).click()
    expect(page.locator("details.why[open]")).to_contain_text("distinct colleague(s)")

    page.locator('[data-testid="leaders-table"] tbody tr').first.locator("a").first.click()
    expect(page.get_by_test_id("their-practices").locator("li").first).to_contain_text("Adopted by")
    screenshot("leaders-person")
