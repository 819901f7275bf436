"""The coaching pages, the Stars & gap page, a star's profile and the debrief pages on a 390 px
phone, on the demo organisation: nothing widens the page past the screen (no sideways scroll of
the whole document), and the wide tables fold their less important columns under the name; at
1280 px they are the full tables. Stars & gap and the star profile fit at both widths without a
table scrolling sideways either."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot
from tests.browser.test_debriefs import warm
from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import demo_run
from uplift.orgs.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE, DESKTOP = 390, 1280


def open_at(page: Page, url: str, width: int, name: str) -> None:
    page.set_viewport_size({"width": width, "height": 860})
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    save_screenshot(page, f"{name}-{width}")


def assert_no_sideways_scroll(page: Page, url: str) -> None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{url} is {scroll} px wide on a {inner} px screen"


def assert_tables_fit(page: Page, url: str) -> None:
    """No table of the page needs scrolling inside its own box either."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.table-responsive')]
            .filter(box => box.scrollWidth > box.clientWidth)
            .map(box => box.querySelector('table').dataset.testid || box.closest('section').id)"""
    )
    assert wide == [], f"{url}: {wide} scroll sideways"


def sign_in_as(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size({"width": DESKTOP, "height": 860})
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def test_the_pages_fit_a_phone_and_stay_tables_on_a_desktop(
    page: Page, live_server: object
) -> None:
    state = demo_run(seed=7)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(30_000)
    manager = next(login for login in state.logins if login.home == "/team/")
    leader = next(login for login in state.logins if login.home == "/leader/")
    rep = Person.objects.filter(manager__email=manager.email).order_by("full_name").first()
    assert rep is not None

    sign_in_as(page, base, manager.email)
    cadence = page.get_by_test_id("cadence-table")
    open_at(page, f"{base}/coaching/team/", PHONE, "coaching-team")
    assert_no_sideways_scroll(page, "/coaching/team/")
    assert_tables_fit(page, "/coaching/team/")
    expect(cadence.locator("thead th:visible")).to_have_text([re.compile(r"^Person"), "Actions"])
    first = cadence.locator("tbody tr").first
    expect(first.locator(".dt-fold:visible")).to_have_count(4)
    expect(first.locator(".dt-folds")).to_contain_text("Done, last 90 days")
    expect(first.get_by_role("link", name="Schedule")).to_be_visible()
    open_at(page, f"{base}/coaching/team/", DESKTOP, "coaching-team")
    expect(cadence.locator("thead th:visible")).to_have_text(
        [
            re.compile(r"^Person"),
            re.compile(r"^Team"),
            re.compile(r"^Done, last 90 days"),
            re.compile(r"^Last session"),
            re.compile(r"^Next planned"),
            "Actions",
        ]
    )
    expect(first.locator(".dt-fold:visible")).to_have_count(0)
    for path, name in (
        ("/coaching/", "coaching-mine"),
        ("/coaching/calibration/", "coaching-calibration"),
        ("/coaching/scenarios/", "coaching-scenarios"),
        (f"/coaching/people/{rep.pk}/progression/", "coaching-progression"),
    ):
        open_at(page, f"{base}{path}", PHONE, name)
        assert_no_sideways_scroll(page, path)
    open_at(page, f"{base}/coaching/", PHONE, "coaching-mine")
    assert_tables_fit(page, "/coaching/")

    sign_in_as(page, base, leader.email)
    profile, action = stars_and_gap_at_both_widths(page, base)
    star_profile_at_both_widths(page, base, profile)
    for path, name in (
        ("/coaching/team/", "leader-coaching-team"),
        ("/debriefs/", "debriefs"),
        ("/stars/", "star-profiles"),
        (action, "star-debrief-action"),
    ):
        open_at(page, f"{base}{path}", PHONE, name)
        assert_no_sideways_scroll(page, path)


FOREST_TITLE = (
    "Chart.getChart(document.querySelector('[data-chart=\"chart-gap\"]'))"
    ".options.scales.x.title.text"
)


def fits_at(page: Page, url: str, width: int, name: str) -> None:
    open_at(page, url, width, name)
    assert_no_sideways_scroll(page, url)
    assert_tables_fit(page, url)


def stars_and_gap_at_both_widths(page: Page, base: str) -> tuple[str, str]:
    """On a phone the ranked reps keep rep, band and rank, with the other numbers and a star's
    debrief folded under the name, and the gap keeps its four main columns with the interval
    folded under the metric; on a desktop they are columns. Returns a star's profile and debrief
    links."""
    url = f"{base}/leader/performance/"
    ranking = page.get_by_test_id("ranked-reps")
    gap_table = page.get_by_test_id("gap")
    star = ranking.locator('tr[data-band="star"]').first
    fits_at(page, url, PHONE, "stars-and-gap")
    expect(ranking.locator("thead th:visible")).to_have_text(
        [re.compile(r"^Rep\b"), re.compile(r"^Band\b"), re.compile(r"^Rank\b")]
    )
    expect(star.locator(".band-badge")).to_have_text("star")
    expect(star.locator(".dt-fold:visible").first).to_contain_text("Chance of being a star")
    expect(star.get_by_test_id("star-actions").get_by_role("link")).to_be_visible()
    expect(gap_table.locator("thead th:visible")).to_have_text(["Metric", "Stars", "Core", "Gap"])
    expect(gap_table.locator(".dt-fold:visible").first).to_contain_text("95% interval")
    assert isinstance(page.evaluate(FOREST_TITLE), list)  # the axis title wraps on a phone
    fits_at(page, url, DESKTOP, "stars-and-gap")
    expect(star.get_by_test_id("star-actions")).to_be_hidden()
    expect(star.locator(".dt-fold:visible")).to_have_count(0)
    expect(ranking.locator("thead th:visible")).to_have_count(9)
    expect(gap_table.locator("thead th:visible")).to_have_count(6)
    profile = star.get_by_test_id("star-profile-link").get_attribute("href")
    debrief = star.locator("td [data-testid=star-debrief], td [data-testid=schedule-with-star]")
    action = debrief.get_attribute("href")
    assert profile is not None
    assert action is not None
    return profile, action


def star_profile_at_both_widths(page: Page, base: str, profile: str) -> None:
    """On a phone the standings fold their bar, percentiles and q under each row."""
    standings = page.get_by_test_id("standings")
    fits_at(page, f"{base}{profile}", PHONE, "star-profile")
    expect(standings.locator("thead th:visible")).to_have_text(["Behaviour", "Star", "Core median"])
    folded = standings.get_by_test_id("folded-standing").first
    expect(folded).to_contain_text("percentile in the core")
    fits_at(page, f"{base}{profile}", DESKTOP, "star-profile")
    expect(standings.locator("thead th:visible")).to_have_count(7)
    expect(folded).to_be_hidden()
