"""The audit trail and personal data in a real browser: a rep sees that their manager read their
coaching notes; a person the directory deactivates (SCIM) is locked out of an open session; the
admin erases a person, after which their name appears on no page. Screenshots at 1280 px and
390 px."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_coaching import switch_to, warm_up
from tests.coaching.builders import one_on_one
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    screenshot(name)
    page.set_viewport_size({"width": 1280, "height": 860})


def test_a_rep_sees_their_manager_reading_their_coaching_notes(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    base = str(live_server)
    session = one_on_one(world.ann, world.mia, notes="Ann wants to move to enterprise")
    warm_up(base)
    sign_in(page, base, world.mia)
    page.goto(f"{base}/coaching/sessions/{session.pk}/")
    expect(page.get_by_text("Ann wants to move to enterprise")).to_be_visible()

    switch_to(page, base, world.ann)
    page.goto(f"{base}/settings/account/")
    page.get_by_test_id("audit-mine-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who opened your private records")
    table = page.get_by_test_id("audit-mine")
    expect(table).to_contain_text("Mia Test")
    expect(table).to_contain_text("coaching notes")
    screenshot("audit-mine")
    _phone(page, screenshot, "audit-mine-phone")

    switch_to(page, base, world.ada)
    page.goto(f"{base}/audit/?action=private_viewed")
    events = page.get_by_test_id("audit-events")
    expect(events).to_contain_text("Mia Test")
    expect(events).to_contain_text("Ann Test")
    screenshot("audit-search")
    _phone(page, screenshot, "audit-search-phone")


def test_a_scim_deactivation_locks_a_person_out(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    base = str(live_server)
    warm_up(base)
    sign_in(page, base, world.ada)
    page.goto(f"{base}/settings/directory/")
    expect(page.get_by_test_id("scim-token-state")).to_contain_text("none yet")
    page.get_by_role("button", name="Create a token").click()
    token = page.get_by_test_id("scim-new-token").locator("code").inner_text().strip()
    assert token.startswith("scim_")
    screenshot("directory-settings")
    _phone(page, screenshot, "directory-settings-phone")
    switch_to(page, base, world.art)
    page.goto(f"{base}/audit/mine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who opened your private records")
    # The identity provider deactivates Art, as Okta does (PATCH active false).
    request = urllib.request.Request(  # noqa: S310  (the live test server)
        f"{base}/scim/v2/Users/{world.art.pk}",
        method="PATCH",
        data=json.dumps(
            {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "replace", "value": {"active": False}}],
            }
        ).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        assert json.loads(answer.read())["active"] is False
    page.goto(f"{base}/audit/mine/")
    expect(page).to_have_url(f"{base}/login/?next=/audit/mine/")
    sign_in(page, base, world.art)
    expect(page).to_have_url(f"{base}/login/")


def test_after_an_erasure_the_persons_name_appears_on_no_page(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    base = str(live_server)
    one_on_one(world.ann, world.mia, notes="Ann should shadow Art Test on renewals")
    one_on_one(world.art, world.mia, notes="Art is nervous about pricing")
    warm_up(base)
    sign_in(page, base, world.ada)
    page.goto(f"{base}/privacy/")
    screenshot("privacy-home")
    _phone(page, screenshot, "privacy-home-phone")
    page.goto(f"{base}/privacy/people/{world.art.pk}/")
    screenshot("privacy-person")
    page.get_by_label("Type the person's e-mail address to confirm").fill("wrong@acme.test")
    page.get_by_test_id("erase-person").click()
    expect(page.get_by_test_id("erase-error")).to_contain_text("Type the person's e-mail")
    page.get_by_label("Type the person's e-mail address to confirm").fill("art@acme.test")
    page.get_by_test_id("erase-person").click()
    expect(page.get_by_test_id("erased")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Erased person {world.art.pk}")
    screenshot("privacy-erased")
    _phone(page, screenshot, "privacy-erased-phone")

    for viewer, paths in (
        (world.mia, ["/", "/coaching/team/", f"/people/{world.ann.pk}/", "/recognition/"]),
        (world.ada, ["/", "/privacy/", "/audit/"]),
        (world.lou, ["/", "/audit/", f"/teams/{world.alpha.pk}/"]),
    ):
        switch_to(page, base, viewer)
        for path in paths:
            page.goto(f"{base}{path}")
            body = page.content()
            assert "Art Test" not in body, path
            assert "art@acme.test" not in body, path
