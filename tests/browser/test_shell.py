"""Each role signs in through the real login page, lands on its home page and finds its way round
the menu: a sidebar of sections on a desktop, an offcanvas menu on a phone. Screenshots of the
menu go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from tests.insights.snapshots import analysis_store, link_crm_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Per role: a page under one of its entries, that entry, its section and the sections shown.
MENU_CASES = [
    (
        "rep",
        "/practices/mine/",
        "My practices",
        "Practices",
        ["Performance", "Practices", "Development", "Recognition"],
    ),
    (
        "manager",
        "/coaching/team/",
        "Coaching",
        "Development",
        ["Performance", "Practices", "Development", "Recognition"],
    ),
    (
        "leader",
        "/leader/performance/",
        "Stars & gap",
        "Performance",
        ["Performance", "Practices", "Development", "Recognition", "Admin"],  # the audit trail
    ),
    (
        "admin",
        "/enablement/imports/",
        "Imports",
        "Admin",
        ["Practices", "Development", "Recognition", "Admin"],
    ),
]


@pytest.mark.parametrize(
    ("role", "path", "heading"),
    [
        ("rep", "/me/", "Hello, Ann"),
        ("manager", "/team/", "My team"),
        ("leader", "/leader/", "Acme"),
        ("admin", "/enablement/", "Enablement"),
    ],
)
def test_each_role_lands_on_its_home(
    page: Page,
    live_server: object,
    world: World,
    screenshot: Callable[[str], Path],
    role: str,
    path: str,
    heading: str,
) -> None:
    base = str(live_server)
    sign_in(page, base, world.by_role()[role])
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.get_by_test_id("user-menu")).to_contain_text(world.by_role()[role].full_name)
    screenshot(f"home-{role}")


def test_login_page_and_a_failed_attempt(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{live_server}/leader/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/leader/$"))
    screenshot("login")
    page.get_by_label("E-mail").fill(world.lou.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct e-mail and password")
    screenshot("login-failed")


def test_keyboard_users_can_skip_to_content_and_see_focus(
    page: Page, live_server: object, world: World
) -> None:
    sign_in(page, str(live_server), world.ann)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_a_rep_cannot_open_the_leader_page(page: Page, live_server: object, world: World) -> None:
    sign_in(page, str(live_server), world.ann)
    response = page.goto(f"{live_server}/leader/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("not for your role")


def test_sign_out_from_the_user_menu(page: Page, live_server: object, world: World) -> None:
    sign_in(page, str(live_server), world.mia)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in to Uplift")
    page.goto(f"{live_server}/team/")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_small_screens_get_a_menu_button(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, str(live_server), world.lou)
    toggle = page.get_by_role("button", name="Show navigation")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(page.get_by_role("link", name="Organisation")).to_be_visible()
    screenshot("leader-mobile")


def test_invitations_progress_in_the_browser(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    for person in (world.ann, world.bob, world.gil):
        person.set_unusable_password()
        person.save()
    sign_in(page, str(live_server), world.ada)
    page.get_by_role("button", name="Invite everyone who cannot sign in yet").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Finished")
    expect(page.locator(".job-progress")).to_contain_text("Invited")
    screenshot("job-finished")


def _check_menu(page: Page, entry: str, section: str, sections: list[str]) -> None:
    menu = page.get_by_role("navigation", name="Main")
    titles = menu.locator(".nav-section-title")
    expect(titles).to_have_text(sections)
    current = menu.locator("a[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_text(entry)
    expect(menu.locator(".nav-section.is-current .nav-section-title")).to_have_text([section])


@pytest.mark.parametrize(("role", "path", "entry", "section", "sections"), MENU_CASES)
def test_the_desktop_sidebar_shows_the_roles_sections_and_marks_the_page(
    page: Page,
    live_server: object,
    world: World,
    role: str,
    path: str,
    entry: str,
    section: str,
    sections: list[str],
) -> None:
    base = str(live_server)
    sign_in(page, base, world.by_role()[role])
    page.goto(f"{base}{path}")
    expect(page.get_by_role("button", name="Show navigation")).to_be_hidden()
    expect(page.get_by_test_id("sidebar")).to_be_visible()
    _check_menu(page, entry, section, sections)
    user_menu = page.get_by_test_id("user-menu")
    expect(user_menu).to_be_in_viewport()
    user_menu.click()
    expect(page.get_by_role("link", name="API tokens")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    save_screenshot(page, f"desktop-{role}")


@pytest.mark.parametrize(("role", "path", "entry", "section", "sections"), MENU_CASES)
def test_on_a_phone_the_menu_opens_as_an_offcanvas_and_marks_the_page(
    page: Page,
    live_server: object,
    world: World,
    role: str,
    path: str,
    entry: str,
    section: str,
    sections: list[str],
) -> None:
    page.set_viewport_size(PHONE)
    base = str(live_server)
    sign_in(page, base, world.by_role()[role])
    page.goto(f"{base}{path}")
    sidebar = page.get_by_test_id("sidebar")
    expect(sidebar).to_be_hidden()
    # The shell fits the phone: the top bar and the page's column are no wider than the screen.
    for part in ("[data-testid=topbar]", "main"):
        box = page.locator(part).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"], part
    expect(page.get_by_test_id("user-menu")).to_be_in_viewport()
    save_screenshot(page, f"phone-{role}-page")
    page.get_by_role("button", name="Show navigation").click()
    expect(sidebar).to_be_visible()
    expect(sidebar).to_have_class(re.compile(r"\bshow\b"))
    _check_menu(page, entry, section, sections)
    save_screenshot(page, f"phone-{role}-menu")
    page.get_by_role("button", name="Close navigation").click()
    expect(sidebar).to_be_hidden()
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_in_viewport()
    save_screenshot(page, f"phone-{role}-user-menu")


def test_choosing_an_entry_on_a_phone_opens_its_page_and_marks_it(
    page: Page, live_server: object, world: World
) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, str(live_server), world.lou)
    page.get_by_role("button", name="Show navigation").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
    expect(page).to_have_url(re.compile(r"/practices/$"))
    expect(page.get_by_test_id("sidebar")).to_be_hidden()
    page.get_by_role("button", name="Show navigation").click()
    current = page.get_by_role("navigation", name="Main").locator("a[aria-current=page]")
    expect(current).to_have_text("Library")


def test_a_leader_goes_from_a_star_in_the_ranking_to_their_profile(
    page: Page, live_server: object, world: World
) -> None:
    link_crm_ids(world)
    analysis_store(organisation=world.org)
    base = str(live_server)
    sign_in(page, base, world.lou)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stars & gap").click()
    ranking = page.get_by_test_id("ranked-reps")
    expect(ranking.get_by_test_id("star-profile-link")).to_have_count(2)  # Art and Bob
    expect(page.get_by_test_id("stars-next").get_by_role("link")).to_have_text(
        ["star profile", "debrief"]
    )
    save_screenshot(page, "leader-stars-and-gap")
    ranking.get_by_role("link", name="Star profile of Art Test").click()
    expect(page).to_have_url(re.compile(rf"/stars/{world.art.pk}/$"))
    current = page.get_by_role("navigation", name="Main").locator("a[aria-current=page]")
    expect(current).to_have_text("Star profiles")
    save_screenshot(page, "leader-star-profile")
