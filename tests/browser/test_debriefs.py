"""Debriefs in a real browser: a leader schedules a debrief with a star, opens the session, edits
the guide and takes notes (saved as they are typed), creates a practice draft and sees it
credited to the star; on the demo organisation, a star's profile and a held debrief."""

from __future__ import annotations

import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, save_screenshot, sign_in
from tests.conftest import World
from tests.debriefs.builders import world_profiles
from uplift.debriefs.models import Debrief
from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import demo_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def warm(base: str) -> None:
    """Load the site once outside the browser: the first request imports every page module,
    which on a busy machine takes longer than the browser waits for a page."""
    with urllib.request.urlopen(f"{base}/login/", timeout=180) as response:  # noqa: S310
        assert response.status == 200


def test_a_leader_runs_a_debrief_to_a_practice_draft(
    page: Page, live_server: object, world: World
) -> None:
    world_profiles(world)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(30_000)
    sign_in(page, base, world.lou)
    page.get_by_role("link", name="Debriefs").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Debriefs")
    expect(page.get_by_test_id("stars-to-debrief")).to_contain_text("Art Test")
    page.get_by_test_id("schedule").click()

    page.get_by_label("Star").select_option(label="Art Test · Alpha · Rep")
    page.get_by_label("Co-contributors (optional)").select_option(label="Bob Test · Beta · Rep")
    soon = timezone.localdate() + timedelta(days=9)  # a past day would ask to be confirmed
    page.get_by_label("Date and time").fill(f"{soon.isoformat()}T14:00")
    save_screenshot(page, "debrief-schedule")
    page.get_by_role("button", name="Schedule and draft the guide").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Debrief with Art Test")
    expect(page.get_by_test_id("evidence")).to_contain_text("Meetings per opportunity")
    guide = page.get_by_test_id("guide")
    expect(guide).to_contain_text("What stands out in Art's numbers")
    guide.press("Control+End")
    guide.type("\n- Which meeting would you never skip?")
    expect(page.locator("#guide-state")).to_contain_text("Saved at")
    page.get_by_test_id("notes").fill("Books the next meeting before leaving the room.")
    expect(page.locator("#notes-state")).to_contain_text("Saved at")
    debrief = Debrief.objects.get()
    assert debrief.guide.rstrip().endswith("- Which meeting would you never skip?")
    assert debrief.notes == "Books the next meeting before leaving the room."

    page.get_by_label("Title").fill("Book the next meeting before you leave the room")
    page.get_by_label("Steps").fill("Agree what the next meeting decides.\nSend the invite.")
    save_screenshot(page, "debrief-session")
    page.get_by_role("button", name="Create practice draft").click()

    draft = page.get_by_test_id("draft")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("Book the next meeting before you leave the room")
    expect(draft.get_by_test_id("contributors")).to_contain_text("Art Test (star)")
    expect(draft.get_by_test_id("contributors")).to_contain_text("Bob Test")
    page.reload()
    expect(page.get_by_test_id("notes")).to_have_value(
        "Books the next meeting before leaving the room."
    )
    page.locator("#drafts").screenshot(path=str(ARTIFACTS / "debrief-drafts.png"))
    draft.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Book the next meeting")
    expect(page.locator("main")).to_contain_text("Art Test")
    save_screenshot(page, "debrief-practice-card")


def test_the_demo_star_profile_and_a_held_debrief(page: Page, live_server: object) -> None:
    state = demo_run(seed=7)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(30_000)
    leader = next(login for login in state.logins if login.home == "/leader/")
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(leader.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Debriefs").first.click()
    page.get_by_test_id("star-profiles-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Star profiles")
    expect(page.get_by_test_id("rule")).to_contain_text("q < 0.1")
    save_screenshot(page, "star-profiles")
    page.get_by_test_id("stars").locator("tbody tr a").first.click()
    expect(page.get_by_test_id("standings")).to_be_visible()
    save_screenshot(page, "star-profile")
    page.get_by_role("link", name="Debriefs").first.click()
    expect(page.get_by_test_id("upcoming").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("done").locator("tbody tr")).to_have_count(3)
    save_screenshot(page, "debriefs-list")
    page.get_by_test_id("done").locator("tbody tr a").first.click()
    expect(page.get_by_test_id("draft")).to_have_count(1)
    save_screenshot(page, "debrief-held")
