"""The Content-Security-Policy breaks nothing: on the demo organisation, key pages of a leader and
a rep, the API docs and the admin load with no CSP violation in the console, and what their scripts
do still works (charts, the calculator's slider, the definition form, filters, htmx kudos, and
the message of a rate-limited htmx write)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, expect

from tests.access_cases.development import plans
from tests.browser.conftest import sign_in
from tests.browser.test_performance import demo_sign_in, expect_drawn
from tests.conftest import World
from uplift.orgs.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADER_PAGES = [  # the last ones are the API docs and the admin (the leader is made staff)
    "/leader/",
    "/leader/performance/",
    "/settings/performance/",
    "/recognition/",
    "/practices/",
    "/practices/adoption/",
    "/coaching/team/",
    "/development/leader/",
    "/awards/",
    "/settings/tokens/",
    "/api/docs",
    "/admin/",
    "/admin/orgs/person/",
    "/admin/orgs/apitoken/",
]


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Every console message about the Content Security Policy while the test runs."""
    found: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", record)
    return found


def test_the_leaders_pages_run_under_the_policy(
    page: Page, live_server: object, violations: list[str]
) -> None:
    base = str(live_server)
    login = demo_sign_in(page, base, "/leader/")
    Person.objects.filter(email=login.email).update(is_staff=True, is_superuser=True)
    for path in LEADER_PAGES:
        response = page.goto(f"{base}{path}")
        assert response is not None
        assert response.status == 200, path
        assert "script-src 'self'" in (response.header_value("content-security-policy") or "")
        page.wait_for_load_state("networkidle")
    assert violations == []
    page.goto(f"{base}/api/docs")
    expect(page.locator("#swagger-ui")).to_contain_text("Uplift API")

    # Scripts that must still run: the charts, the calculator's output (an inline handler
    # allowed by its hash) and the definition form's weights (an inline script, likewise).
    page.goto(f"{base}/leader/performance/")
    expect_drawn(page, "chart-ranks", "chart-gap")
    page.get_by_test_id("close-fraction").focus()
    for _ in range(5):  # five steps of five points: 25% -> 50%
        page.keyboard.press("ArrowRight")
    expect(page.locator("#close-fraction-out")).to_have_text("50%")
    page.goto(f"{base}/settings/performance/")
    expect(page.get_by_test_id("composite-weights")).to_be_hidden()
    page.get_by_role("radio", name="Weighted composite").check()
    expect(page.get_by_test_id("composite-weights")).to_be_visible()
    assert violations == []


def test_a_reps_pages_and_htmx_writes_run_under_the_policy(
    page: Page, live_server: object, violations: list[str]
) -> None:
    base = str(live_server)
    demo_sign_in(page, base, "/me/")
    for path in ("/me/", "/me/performance/", "/coaching/progression/", "/development/me/plan/"):
        response = page.goto(f"{base}{path}")
        assert response is not None
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    page.goto(f"{base}/recognition/")
    composer = page.get_by_test_id("kudos-composer")
    composer.locator("select[name=receiver]").select_option(index=1)
    composer.locator("textarea[name=message]").fill("Thanks for sharing your opener!")
    composer.get_by_role("button", name="Send kudos").click()
    expect(page.get_by_test_id("kudos-composer")).to_contain_text("Kudos sent")
    # A filter that submits itself (data-autosubmit, formerly an inline onchange).
    team = page.locator("#feed-team")
    if team.count():
        team.select_option(index=1)
        page.wait_for_load_state("networkidle")
        assert "team=" in page.url
    assert violations == []


def test_a_limited_htmx_write_says_why_and_keeps_the_form(
    page: Page, live_server: object, world: World, settings: Any, violations: list[str]
) -> None:
    settings.UPLIFT_RATE_LIMITS = {**settings.UPLIFT_RATE_LIMITS, "kudos": "1/h"}
    base = str(live_server)
    sign_in(page, base, world.ann)
    page.goto(f"{base}/recognition/")
    for message in ("Thanks for the intro!", "And for the follow-up!"):
        composer = page.get_by_test_id("kudos-composer")
        composer.locator("#kudos-receiver").select_option(str(world.art.pk))
        composer.locator("#kudos-message").fill(message)
        composer.get_by_role("button", name="Send kudos").click()
        if message.startswith("Thanks"):
            expect(page.get_by_test_id("kudos-sent")).to_be_visible()
    expect(page.get_by_test_id("too-many-requests")).to_contain_text("Too many requests")
    expect(page.get_by_test_id("kudos-composer")).to_be_visible()
    assert violations == []


def test_declared_behaviours_replace_the_inline_handlers(
    page: Page, live_server: object, world: World, violations: list[str]
) -> None:
    """data-confirm asks before closing a plan, as the inline onsubmit did."""
    plan = plans(world)["plan"]
    base = str(live_server)
    sign_in(page, base, world.mia)
    page.goto(f"{base}/development/plans/{plan.pk}/")
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        if len(questions) == 1:
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    close = page.get_by_role("button", name="Mark completed")
    close.click()
    expect(close).to_be_visible()  # dismissed: still open
    close.click()
    expect(page.get_by_role("button", name="Mark completed")).to_have_count(0)
    assert questions[0].startswith("Mark this plan completed?")
    assert len(questions) == 2
    assert violations == []
