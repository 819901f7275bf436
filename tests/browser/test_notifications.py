"""Notifications, search and people pickers in a real browser: a rep finds a practice from the
top bar's live search, is thanked by a colleague and opens the kudos from the bell, picks a
colleague by typing in the kudos composer, and finds people in the directory. Each page at
1280 px and 390 px, none scrolling sideways on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.coaching.builders import scenario
from tests.conftest import World
from tests.recognition.helpers import practice_make
from uplift.coaching.services import roleplay_create
from uplift.notifications.kinds import Kind
from uplift.notifications.models import Notification
from uplift.notifications.services import notify
from uplift.practices.search import practice_search_index
from uplift.recognition.models import Kudos
from uplift.recognition.services import kudos_give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient(page: Page) -> None:
    """The machine running the suite may be busy: wait longer than the default."""
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    expect.set_options(timeout=30_000)


def _fits_a_phone(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} scrolls sideways at 390 px ({width} px wide)"
    save_screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 860})


def test_a_rep_finds_a_practice_is_thanked_and_opens_it_from_the_bell(
    page: Page, live_server: object, world: World
) -> None:
    practice = practice_make(author=world.gil, title="Champion letter")
    practice.problem = "Deals stall when the champion cannot sell internally."
    practice.save(update_fields=["problem"])
    practice_search_index(practice=practice)
    base = str(live_server)
    sign_in(page, base, world.ann)
    page.goto(f"{base}/me/")
    bell = page.get_by_test_id("bell")
    expect(bell).to_have_attribute("aria-label", "Notifications: none unread")

    page.get_by_test_id("topbar-search").fill("champion")
    live = page.get_by_test_id("topbar-search-results")
    expect(live.get_by_role("link", name="Champion letter")).to_be_visible()
    save_screenshot(page, "search-live-1280")
    live.get_by_role("link", name="Champion letter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Champion letter")

    kudos = kudos_give(giver=world.gil, receiver=world.ann, message="Great call notes, thank you")
    notify(
        recipient=world.ann,
        kind=Kind.RATING_INVITATION,
        text="Score Art Test's role play “Price objection”",
        link="/coaching/",
    )
    page.goto(f"{base}/me/")
    expect(page.get_by_test_id("bell-count")).to_have_text("2")
    page.get_by_test_id("bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    entries = page.get_by_test_id("notification")
    expect(entries).to_have_count(2)
    save_screenshot(page, "notifications-1280")
    _fits_a_phone(page, "notifications")

    page.get_by_role("link", name="Gil Test gave you kudos: Great call notes, thank you").click()
    page.wait_for_url(f"**/recognition/#kudos-{kudos.pk}")
    expect(page.get_by_test_id("bell-count")).to_have_text("1")

    page.goto(f"{base}/notifications/")
    page.get_by_role("button", name="Mark read").click()  # htmx: the entry, then the bell
    expect(page.get_by_role("button", name="Mark read")).to_have_count(0)
    expect(page.get_by_test_id("bell-count")).to_have_count(0)

    page.goto(f"{base}/notifications/preferences/")
    save_screenshot(page, "notification-preferences-1280")
    _fits_a_phone(page, "notification-preferences")


def test_a_rep_picks_a_colleague_by_typing_and_searches_the_directory(
    page: Page, live_server: object, world: World
) -> None:
    base = str(live_server)
    sign_in(page, base, world.ann)
    page.goto(f"{base}/recognition/")
    composer = page.get_by_test_id("kudos-composer")
    search = composer.get_by_label("Look up a person").first
    search.fill("gamma")
    composer.locator("button[data-pick]", has_text="Gil Test").click()
    expect(composer.get_by_test_id("picked")).to_have_text("Gil Test · Gamma · Rep")
    save_screenshot(page, "kudos-picker-1280")
    composer.get_by_label("Message").fill("Thanks for covering my demo on Friday")
    composer.get_by_role("button", name="Send kudos").click()
    expect(page.get_by_test_id("kudos-sent")).to_contain_text("Kudos sent to Gil Test")
    assert Kudos.objects.filter(giver=world.ann, receiver=world.gil).count() == 1
    _fits_a_phone(page, "kudos-picker")

    page.goto(f"{base}/directory/")
    page.get_by_test_id("people-q").fill("alpha")
    expect(page.get_by_test_id("people-count")).to_contain_text("matching “alpha”")
    expect(page.get_by_test_id("people")).to_contain_text("Art Test")
    expect(page.get_by_test_id("people")).not_to_contain_text("Gil Test")
    save_screenshot(page, "people-directory-1280")
    _fits_a_phone(page, "people-directory")

    page.goto(f"{base}/search/?q=test")
    expect(page.get_by_test_id("search-group-people")).to_be_visible()
    save_screenshot(page, "search-page-1280")
    _fits_a_phone(page, "search-page")


def test_a_coach_invites_a_peer_to_score_by_typing_and_the_peer_is_notified(
    page: Page, live_server: object, world: World
) -> None:
    played = roleplay_create(
        scenario=scenario(world.ada),
        rep=world.ann,
        coach=world.mia,
        partner=None,
        created_by=world.mia,
    )
    base = str(live_server)
    sign_in(page, base, world.mia)
    page.goto(f"{base}/coaching/role-plays/{played.pk}/")
    invite = page.get_by_role("region", name="Invite a peer to score")
    invite.get_by_label("Look up a person").fill("gamma")
    invite.locator("button[data-pick]", has_text="Gil Test").click()
    expect(invite.get_by_test_id("picked")).to_have_text("Gil Test · Gamma · Rep")
    save_screenshot(page, "roleplay-invite-picker-1280")
    invite.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Gil Test is invited to score.")).to_be_visible()
    [notice] = Notification.objects.filter(recipient=world.gil)
    assert notice.kind == Kind.RATING_INVITATION
    assert notice.link == f"/coaching/role-plays/{played.pk}/"
