"""The API docs work with no network but Uplift's own: /api/docs loads Swagger UI from Uplift's
static files, under the strict Content-Security-Policy, and lists the operations."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_list_the_operations_offline(page: Page, live_server: object) -> None:
    base = str(live_server)
    elsewhere: list[str] = []

    def only_uplift(route: Route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_uplift)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    response = page.goto(f"{base}/api/docs")
    assert response is not None
    assert response.status == 200
    policy = response.header_value("content-security-policy") or ""
    assert "script-src 'self'" in policy
    assert "cdn" not in policy
    # The first request for the schema builds it for every operation: generous on a busy machine.
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=30_000)
    expect(page.locator("#swagger-ui")).to_contain_text("Uplift API")
    expect(page.locator("#swagger-ui")).to_contain_text("/api/reports/gap")
    assert page.locator(".opblock").count() > 100
    assert page.locator('script[src*="/static/vendor/swagger-ui/"]').count() == 1
    assert elsewhere == []
    assert problems == []
    save_screenshot(page, "api-docs-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    save_screenshot(page, "api-docs-390")
