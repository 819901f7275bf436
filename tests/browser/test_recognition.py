"""Recognition in a real browser: a rep gives kudos from the feed's composer (htmx, no reload),
and a leader posts a spotlight whose evidence is previewed before posting."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from tests.recognition.helpers import adoption_make, practice_make
from uplift.recognition.models import Kudos, Spotlight
from uplift.recognition.services import kudos_give, recognition_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient(page: Page) -> None:
    """The machine running the suite may be busy: wait longer than the default."""
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    expect.set_options(timeout=30_000)


def test_a_rep_gives_kudos_for_a_practice_and_sees_it_on_the_feed(
    page: Page, live_server: object, world: World
) -> None:
    practice = practice_make(author=world.gil, title="Champion letter")
    kudos_give(
        giver=world.bob,
        receiver=world.gil,
        reason=Kudos.Reason.PRACTICE,
        practice=practice,
        message="Your champion letter got me a meeting with the CFO.",
    )
    base = str(live_server)
    sign_in(page, base, world.ann)
    page.goto(f"{base}/recognition/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recognition")
    expect(page.get_by_test_id("feed-kudos")).to_have_count(1)

    page.get_by_label("Who").select_option(label="Gil Test · Gamma · Rep")
    page.get_by_label("For", exact=True).select_option("practice")
    page.get_by_label("Practice (when it is for a practice)").select_option(label="Champion letter")
    page.get_by_label("Message").fill("Used your <champion letter> today — it works!")
    page.get_by_role("button", name="Send kudos").click()

    expect(page.get_by_test_id("kudos-sent")).to_contain_text("Kudos sent to Gil Test")
    first = page.get_by_test_id("feed-kudos").first
    expect(first).to_contain_text("Used your <champion letter> today — it works!")
    expect(first).to_contain_text("for the practice “Champion letter”")
    expect(page.get_by_test_id("feed-kudos")).to_have_count(2)
    expect(page.get_by_label("Message")).to_have_value("")  # a fresh composer
    save_screenshot(page, "feed-after-kudos")

    page.get_by_label("Message").fill("Me")
    page.get_by_label("Who").select_option(label="Bob Test · Beta · Rep")
    page.get_by_role("button", name="Send kudos").click()
    expect(page.get_by_test_id("kudos-error")).to_contain_text("at least 3 characters")
    assert Kudos.objects.filter(giver=world.ann).count() == 1


def test_a_leader_previews_the_evidence_and_posts_a_spotlight(
    page: Page, live_server: object, world: World
) -> None:
    practice = practice_make(author=world.ann, title="Mutual action plan", contributors=[world.art])
    for person in (world.bob, world.gil, world.mia):
        adoption_make(practice=practice, person=person, on=date(2026, 5, 1))
    kudos_give(giver=world.bob, receiver=world.ann, message="Thanks for the plan template!")
    recognition_sync(organisation=world.org)
    base = str(live_server)
    sign_in(page, base, world.lou)
    page.goto(f"{base}/recognition/")
    page.get_by_role("navigation", name="Recognition").get_by_role(
        "link", name="Post a spotlight"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a spotlight")

    page.get_by_label("Contributor").select_option(label="Ann Test · Alpha · Rep")
    page.get_by_label("Their practice (optional)").select_option(label="Mutual action plan")
    evidence = page.get_by_test_id("spotlight-evidence")
    expect(evidence).to_contain_text("3 people besides its contributors")
    expect(evidence).to_contain_text("not measured yet")
    expect(evidence).to_contain_text("1 from colleagues")
    page.get_by_label("What you want the team to know").fill(
        "Ann turned her mutual action plan into a practice the whole region uses. Thank you!"
    )
    save_screenshot(page, "spotlight-composer")
    page.get_by_role("button", name="Post spotlight").click()

    spotlight = Spotlight.objects.get()
    expect(page).to_have_url(f"{base}/recognition/#spotlight-{spotlight.pk}")
    card = page.locator(f"#spotlight-{spotlight.pk}")
    expect(card).to_contain_text("Spotlight on Ann Test")
    expect(card).to_contain_text("Adopted by")
    expect(card).to_contain_text("3 people besides its contributors")
    save_screenshot(page, "feed-with-spotlight")

    page.get_by_role("navigation", name="Recognition").get_by_role(
        "link", name="Leaderboards"
    ).click()
    expect(page.get_by_test_id("board-sharing")).to_contain_text("Ann Test")
    expect(page.get_by_test_id("revenue-off")).to_be_visible()
    page.get_by_label("Team", exact=True).select_option(label="Gamma")
    expect(page.get_by_test_id("board-sharing")).to_contain_text("Nobody yet")
    save_screenshot(page, "leaderboards-gamma")


def test_my_points_and_the_admin_page_look_right(
    page: Page, live_server: object, world: World
) -> None:
    for n in range(3):
        practice_make(author=world.ann, title=f"Practice {n}")
    kudos_give(giver=world.bob, receiver=world.ann, message="Thank you!")
    recognition_sync(organisation=world.org)
    base = str(live_server)
    sign_in(page, base, world.ann)
    page.goto(f"{base}/recognition/me/")
    expect(page.get_by_test_id("points-balance")).to_have_text(str(3 * 35 + 2))
    expect(page.get_by_test_id("badges")).to_contain_text("Sharer")
    save_screenshot(page, "my-points")
    page.context.clear_cookies()
    sign_in(page, base, world.ada)
    page.goto(f"{base}/recognition/")
    page.get_by_role("navigation", name="Recognition").get_by_role(
        "link", name="Rules and settings"
    ).click()
    expect(page.get_by_test_id("rules")).to_contain_text("Kudos received")
    save_screenshot(page, "admin")
