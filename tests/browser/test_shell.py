"""Each role signs in through the real login page and lands on its home page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path],
    role: str, path: str, heading: str,
) -> None:  # fmt: skip
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
