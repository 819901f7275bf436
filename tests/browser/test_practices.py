"""The practice library in a browser: a rep drafts a card and submits it, the sponsoring leader
approves it, another rep finds it by search and adopts it, and that rep's manager confirms it
was demonstrated. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from tests.words.analysis import drivers_store
from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import demo_run
from uplift.orgs.models import Person
from uplift.practices.models import Adoption, Practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Ask for the second meeting on the first"


def as_person(page: Page, base: str, person: Person) -> None:
    page.context.clear_cookies()
    sign_in(page, base, person)


def test_draft_submit_approve_find_adopt_and_confirm(  # noqa: PLR0915 (one story, told in order)
    page: Page, live_server: object, world: World
) -> None:
    base = str(live_server)
    drivers_store(world.org)  # the analysis the card's evidence is picked from
    page.set_default_timeout(30_000)  # a busy machine
    as_person(page, base, world.ann)
    page.goto(f"{base}/practices/")
    page.get_by_test_id("new-practice").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Problem it solves").fill("Deals stall after a good first call.")
    page.get_by_label("When to use it").fill("The last five minutes of every first call.")
    page.get_by_label("Steps").fill("Propose a date before hanging up\nSend the invite on the call")
    page.get_by_label("Talk tracks and examples").fill("Shall we put 30 minutes in now?")
    page.get_by_label("Discovery").first.check()
    page.get_by_label("Stars hold 2.1\u00d7 more meetings per opportunity").check()
    save_screenshot(page, "01-new-draft")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("practice-title")).to_have_text(TITLE)
    page.get_by_label("Leadership sponsor who reviews it").select_option(label="Lou Test")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Sent to Lou Test for review.")).to_be_visible()
    save_screenshot(page, "02-in-review")

    as_person(page, base, world.lou)
    page.goto(f"{base}/practices/")
    page.get_by_test_id("review-link").click()
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    save_screenshot(page, "03-review-queue")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("A word for the authors (optional)").fill("Clear and useful. Thank you, Ann.")
    page.get_by_role("button", name="Approve and sponsor").click()
    expect(page.get_by_text("Approved: the practice is now in everyone's library.")).to_be_visible()
    assert Practice.objects.get(title=TITLE).status == Practice.Status.APPROVED

    as_person(page, base, world.bob)
    page.goto(f"{base}/practices/")
    page.get_by_test_id("library-search").fill("second meeting")
    expect(page.get_by_test_id("library-count")).to_contain_text("1 practice matching")
    expect(page).to_have_url(re.compile(r"q=second(\+|%20)meeting"))
    save_screenshot(page, "04-search")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("evidence")).to_contain_text("3.40")
    page.get_by_test_id("adopt").click()
    page.get_by_role("button", name="I have started practising").click()
    expect(page.get_by_test_id("my-adoption")).to_contain_text("Practising")
    save_screenshot(page, "05-card-practising")

    as_person(page, base, world.max)
    page.goto(f"{base}/practices/adoption/")
    row = page.locator(f"tr[data-rep='{world.bob.pk}']")
    row.get_by_test_id("confirm-demonstrated").click()
    expect(row).to_contain_text("Demonstrated")
    save_screenshot(page, "06-board")
    adoption = Adoption.objects.get(person=world.bob)
    assert (adoption.stage, adoption.demonstrated_by) == ("demonstrated", world.max)
    assert adoption.practising_on is not None

    as_person(page, base, world.bob)
    page.goto(f"{base}/practices/mine/")
    expect(page.get_by_test_id("my-adoption-row")).to_contain_text("Demonstrated")
    save_screenshot(page, "07-my-practices")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/practices/{adoption.practice_id}/")
    save_screenshot(page, "08-card-phone")


def _demo_sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def test_the_demo_library_reads_well(page: Page, live_server: object) -> None:
    base = str(live_server)
    page.set_default_timeout(30_000)
    state = demo_run(seed=7)
    logins = {login.role.split(",")[0]: login for login in state.logins}
    _demo_sign_in(page, base, logins["Rep"].email)
    approved = list(
        Practice.objects.filter(organisation=state.organisation, status=Practice.Status.APPROVED)
    )
    closing = [p for p in approved if "closing" in p.competency_tags]
    assert len(approved) >= 5  # the demo's cards, and any its sharing sessions had approved
    assert closing
    page.goto(f"{base}/practices/")
    expect(page.get_by_test_id("practice-item")).to_have_count(len(approved))
    save_screenshot(page, "demo-01-library")
    page.get_by_label("Competency").select_option("closing")
    expect(page.get_by_test_id("practice-item")).to_have_count(len(closing))
    page.goto(f"{base}/practices/")
    page.get_by_role("link", name="Multi-thread every deal above 50k").click()
    expect(page.get_by_test_id("versions")).to_contain_text("Version 2")
    expect(page.get_by_test_id("comment")).to_have_count(1)
    save_screenshot(page, "demo-02-card")
    page.get_by_role("link", name="Version 2").click()
    expect(page.get_by_test_id("diff")).to_contain_text("Who was involved the last time")
    save_screenshot(page, "demo-03-version")
    page.goto(f"{base}/practices/mine/")
    planned = page.get_by_test_id("my-adoption-row").filter(has_text="Same-day first touch")
    expect(planned).to_contain_text("Planned")
    save_screenshot(page, "demo-04-mine")
    _demo_sign_in(page, base, logins["Manager"].email)
    page.goto(f"{base}/practices/adoption/")
    save_screenshot(page, "demo-05-board")
    _demo_sign_in(page, base, logins["Leader"].email)
    page.goto(f"{base}/practices/review/")
    expect(page.get_by_test_id("queue-row")).to_have_count(2)
    save_screenshot(page, "demo-06-review")
