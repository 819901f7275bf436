"""Every login that `uplift demo` prints signs in and lands on its role's home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import demo_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_printed_demo_login_lands_on_its_home(page: Page, live_server: object) -> None:
    state = demo_run(seed=7)
    assert {login.home for login in state.logins} == {"/leader/", "/team/", "/enablement/", "/me/"}
    for login in state.logins:
        page.context.clear_cookies()
        page.goto(f"{live_server}/login/")
        page.get_by_label("E-mail").fill(login.email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(re.escape(login.home) + "$"))
        expect(page.get_by_test_id("user-menu")).to_contain_text(login.name)
