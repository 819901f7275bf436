"""The performance pages in a real browser, on the demo organisation (generated, imported and
analysed as `uplift demo` does): the charts draw, the calculator answers the slider, the trend
switches team, and a rep's page shows no one else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from uplift.demo.organisation import DEMO_PASSWORD, DemoLogin
from uplift.demo.steps import demo_run
from uplift.insights.models import Snapshot
from uplift.insights.selectors import analysis_latest
from uplift.orgs.models import Organisation
from uplift.pipeline.reports import report_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_sign_in(page: Page, base_url: str, home: str) -> DemoLogin:
    """Build the demo organisation and sign in with its login that lands on `home`."""
    state = demo_run(seed=7)
    login = next(login for login in state.logins if login.home == home)
    page.goto(f"{base_url}/login/")
    page.get_by_label("E-mail").fill(login.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}{home}")
    return login


def expect_drawn(page: Page, *chart_ids: str) -> None:
    for chart_id in chart_ids:
        expect(page.locator(f'canvas[data-chart="{chart_id}"]')).to_have_attribute(
            "data-drawn", "true"
        )


def test_the_leader_moves_the_calculator_and_switches_the_trend(
    page: Page, live_server: object, screenshot
) -> None:  # type: ignore[no-untyped-def]
    demo_sign_in(page, str(live_server), "/leader/")
    run = analysis_latest(organisation=Organisation.objects.get(slug="brightwave"))
    assert run is not None
    ranked = len(report_document(name="segments", run=run)["reps"])
    page.get_by_role("link", name="Stars & gap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stars, the gap and what it is worth")
    expect_drawn(page, "chart-ranks", "chart-index", "chart-gap", "chart-trend")
    expect(page.get_by_test_id("gap-honesty")).to_contain_text("not a causal effect")
    rows = page.get_by_test_id("ranked-reps").locator("tbody tr")
    assert ranked > 25  # a long list comes 25 reps a page
    expect(rows).to_have_count(25)
    expect(page.get_by_test_id("ranked-reps-count")).to_have_text(f"1\u201325 of {ranked}")

    opportunity = page.get_by_test_id("opportunity")
    expect(opportunity).to_have_attribute("data-close-fraction", "0.25")
    at_quarter = float(opportunity.get_attribute("data-annual-value") or "nan")
    slider = page.get_by_test_id("close-fraction")
    slider.focus()
    for _ in range(5):  # five steps of five points: 25% -> 50%
        page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("opportunity")).to_have_attribute("data-close-fraction", "0.5")
    at_half = float(page.get_by_test_id("opportunity").get_attribute("data-annual-value") or "0")
    assert at_half == pytest.approx(2 * at_quarter, abs=0.02)
    expect(page.locator("#close-fraction-out")).to_have_text("50%")
    screenshot("performance-leader")
    page.get_by_test_id("ranked-reps-next").click()
    expect(page.get_by_test_id("ranked-reps-count")).to_have_text(
        f"26\u2013{min(50, ranked)} of {ranked}"
    )
    expect(page).to_have_url(re.compile(r"/leader/performance/\?page=2$"))
    expect(rows.first.locator("td").nth(2)).to_have_text("26")
    page.locator("#calculator-heading").locator("..").screenshot(
        path=ARTIFACTS / "performance-leader-calculator.png"
    )

    page.get_by_test_id("trend-team").select_option("NA East SMB 1")
    expect(page.get_by_test_id("trend")).to_have_attribute("data-team", "NA East SMB 1")
    expect_drawn(page, "chart-trend")
    page.locator("#trend-heading").locator("..").screenshot(
        path=ARTIFACTS / "performance-leader-team-trend.png"
    )


def test_the_manager_sees_their_reps_scorecards_and_charts(
    page: Page, live_server: object, screenshot
) -> None:  # type: ignore[no-untyped-def]
    demo_sign_in(page, str(live_server), "/team/")
    page.get_by_role("link", name="Team scorecards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team performance")
    expect_drawn(page, "chart-team-1", "chart-team-2", "chart-team-3", "chart-team-4")
    table = page.get_by_test_id("scorecards")
    expect(table.get_by_test_id("team-average")).to_be_visible()
    expect(table.get_by_test_id("star-benchmark")).to_be_visible()
    assert table.locator("tbody tr").count() >= 2
    screenshot("performance-manager")


def test_the_rep_sees_only_their_own_numbers(page: Page, live_server: object, screenshot) -> None:  # type: ignore[no-untyped-def]
    login = demo_sign_in(page, str(live_server), "/me/")
    page.get_by_role("link", name="My performance").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My performance")
    expect_drawn(page, "chart-mine-1", "chart-mine-2", "chart-mine-3", "chart-my-trend")
    page.get_by_text("Show my band").click()
    expect(page.get_by_test_id("my-band")).to_contain_text("probability of being a star")
    html = page.content()
    segments = Snapshot.objects.filter(kind="segments").latest("pk").data
    others = [r for r in [*segments["reps"], *segments["excluded"]] if r["email"] != login.email]
    assert others
    for rep in others:
        for value in (rep["name"], rep["email"], rep["rep_id"]):
            assert not value or value not in html, f"{value} shown on {login.name}'s page"
    screenshot("performance-rep")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(
        "() => document.documentElement.scrollWidth <= 390"
    )  # no sideways scroll
    screenshot("performance-rep-phone")
