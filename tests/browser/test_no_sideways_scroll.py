"""Every page of every role's menu, on the demo organisation, at 1280 px, at a tablet's 768 px
(where the top bar's search, bell and user menu share the width) and at 390 px: the page
never scrolls sideways (a wide table may scroll inside its own box, never the whole page). And a
leader sorts Stars & gap by a column, the order survives a reload, and the CSV they download
holds the same reps in the same order."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot
from tests.browser.test_debriefs import warm
from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import demo_run
from uplift.orgs.models import Role
from uplift.web.navigation import nav_items_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 768, 390)
HOMES = {
    Role.LEADER: "/leader/",
    Role.MANAGER: "/team/",
    Role.ADMIN: "/enablement/",
    Role.REP: "/me/",
}
SIDEWAYS = "[document.scrollingElement.scrollWidth, window.innerWidth]"


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def test_no_menu_page_of_any_role_scrolls_sideways(page: Page, live_server: object) -> None:
    state = demo_run(seed=7)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(60_000)  # the demo's pages on a busy two-core machine
    wide: list[str] = []
    walked = 0
    for role, home in HOMES.items():
        login = next(login for login in state.logins if login.home == home)
        sign_in(page, base, login.email)
        for item in nav_items_for(role):
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 860})
                response = page.goto(f"{base}{item.url}")
                assert response is not None
                assert response.status == 200, f"{role} {item.url}"
                page.wait_for_load_state("networkidle")
                scroll, inner = page.evaluate(SIDEWAYS)
                walked += 1
                if scroll > inner:
                    name = f"sideways-{role}-{item.url_name}-{width}"
                    save_screenshot(page, name)
                    wide.append(f"{role} {item.url} at {width} px: {scroll} px wide")
    assert walked >= 150  # four roles' menus, three widths each
    assert wide == []


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_leader_sorts_stars_and_gap_and_downloads_it_as_shown(
    page: Page, live_server: object
) -> None:
    state = demo_run(seed=7)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(60_000)
    leader = next(login for login in state.logins if login.home == "/leader/")
    sign_in(page, base, leader.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stars & gap").click()
    ranking = page.get_by_test_id("ranked-reps")
    expect(ranking).to_have_attribute("data-sort", "rank")

    ranking.get_by_test_id("sort-n").click()  # closed deals, most first
    expect(ranking).to_have_attribute("data-sort", "n")
    expect(page).to_have_url(re.compile(r"/leader/performance/\?sort=n$"))
    deals = [
        int(cell.replace(",", "")) for cell in ranking.locator('td[data-col="n"]').all_inner_texts()
    ]
    assert len(deals) == 25
    assert deals == sorted(deals, reverse=True)
    first = ranking.locator("tbody tr").first.locator("th a").first.inner_text()
    save_screenshot(page, "stars-and-gap-sorted")

    page.reload()  # the address keeps the order
    expect(page.get_by_test_id("ranked-reps")).to_have_attribute("data-sort", "n")
    expect(ranking.locator("tbody tr").first.locator("th a").first).to_have_text(first)

    with page.expect_download() as caught:
        page.get_by_test_id("ranked-reps-csv").click()
    download = caught.value
    assert re.fullmatch(r"ranked-reps-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    path = download.path()
    assert path is not None
    rows = _csv(path.read_bytes())
    heading, body = rows[0], rows[1:]
    assert heading[0] == "Rep"
    closed = heading.index("Closed deals")
    assert body[0][0] == first
    assert len(body) > 25  # every ranked rep the leader sees, not one page
    counts = [int(row[closed]) for row in body]
    assert counts == sorted(counts, reverse=True)
