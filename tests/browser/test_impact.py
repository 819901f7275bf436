"""The impact pages in a real browser on a generated organisation (deals, dated adoptions,
contributors and manager assessments, analysed): the leader's dashboard draws its charts and
switches team; a practice's impact shows its effect, event study and credit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, save_screenshot, sign_in
from tests.factories import PersonFactory
from tests.impact.conftest import analysed, assessed, contributors, organisation  # noqa: F401
from uplift.core.plain_words import SAME_WIN_RATE, impact_words
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import impact_of, team_iq_of
from uplift.orgs.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drawn(page: Page, *chart_ids: str) -> None:
    for chart_id in chart_ids:
        expect(page.locator(f'canvas[data-chart="{chart_id}"]')).to_have_attribute(
            "data-drawn", "true"
        )


def test_the_leaders_impact_dashboard_and_a_practices_impact(
    page: Page,
    live_server: object,
    analysed: AnalysisRun,  # noqa: F811
) -> None:
    leader = PersonFactory(
        organisation=analysed.organisation, role=Role.LEADER, email="leader@generated.test"
    )
    impact, iq = impact_of(analysed), team_iq_of(analysed)
    assert impact is not None
    assert iq is not None
    base = str(live_server)
    page.set_default_timeout(30_000)  # a busy machine is slow to answer the first request
    sign_in(page, base, leader)
    page.goto(f"{base}/leader/impact/")  # by address, whatever the navigation's shape
    expect(page.get_by_role("heading", level=1)).to_contain_text("did the shared practices")
    _drawn(page, "chart-effects", "chart-iq", "chart-gap-closure")
    practices = {row["practice"] for row in impact.practices}
    expect(page.get_by_test_id("impact-table").locator("tbody tr")).to_have_count(len(practices))
    expect(page.get_by_test_id("iq")).to_have_attribute("data-team", "all")
    expect(page.get_by_test_id("iq-table").locator("tbody tr")).to_have_count(5)
    save_screenshot(page, "impact-dashboard")

    team = next(g["team"] for g in iq.gap_closure if g["team"] != "all" and g["months_used"])
    page.get_by_test_id("iq-team").select_option(team)
    expect(page.get_by_test_id("iq")).to_have_attribute("data-team", team)
    expect(page.get_by_test_id("gap-closure")).to_have_attribute("data-team", team)
    _drawn(page, "chart-iq", "chart-gap-closure")
    page.locator("#iq-heading").locator("..").screenshot(path=str(ARTIFACTS / "impact-team-iq.png"))

    first = min(practices)
    page.get_by_test_id("impact-table").get_by_role("link", name=first).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(first)
    row = next(r for r in impact.practices if r["practice"] == first and r["metric"] == "win_rate")
    effect = page.get_by_test_id("effect-win_rate")
    plain = impact_words(row["reading"], row["ci"], same_within=SAME_WIN_RATE).words
    expect(effect.get_by_test_id("reading")).to_have_text(plain)
    expect(effect.get_by_test_id("att")).to_have_text(f"{row['att'] * 100:+.1f} pts")
    expect(effect.get_by_test_id("in-words")).to_contain_text("adopted it: win rate")
    for metric in ("win_rate", "bookings"):  # the event study sits behind "How is this computed?"
        page.get_by_test_id(f"effect-{metric}").get_by_text("How is this computed?").click()
    _drawn(page, "chart-event-win_rate", "chart-event-bookings")
    expect(page.get_by_test_id("credit")).to_contain_text("share")
    expect(effect.get_by_test_id("pre-trend-words")).to_contain_text("Before adopting")
    save_screenshot(page, "impact-practice")
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "impact-practice-390")
