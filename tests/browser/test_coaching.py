"""Coaching in a real browser: a manager schedules a 1:1, turns an action item into a plan
milestone and downloads the invitation; runs a role play that the manager and a peer score; the
rep's progression chart shows it."""

from __future__ import annotations

import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.coaching.builders import scenario
from tests.conftest import World
from tests.practices.builders import approved
from uplift.coaching.models import RolePlaySession
from uplift.development.models import DevelopmentPlan, Milestone
from uplift.orgs.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def warm_up(base_url: str) -> None:
    """The live server's first request imports every page module; on a busy machine that alone
    can outlast a navigation timeout."""
    with urllib.request.urlopen(f"{base_url}/login/", timeout=120) as response:  # noqa: S310
        assert response.status == 200


def open_from_nav(page: Page, path: str) -> None:
    """Follow the main navigation's entry for `path` (it may sit in a collapsed menu)."""
    entry = page.locator(f'nav a[href="{path}"]').first
    expect(entry).to_have_count(1)
    page.goto(entry.evaluate("a => a.href"))


def switch_to(page: Page, base_url: str, person: Person) -> None:
    page.context.clear_cookies()
    sign_in(page, base_url, person)


def score_all(page: Page, values: list[int]) -> None:
    form = page.get_by_test_id("score-form")
    groups = form.locator(".score-picker")
    for index, value in enumerate(values):
        groups.nth(index).locator("label").nth(value - 1).click()
    form.get_by_label("Feedback").fill("Clear reframe; close on a date next time.")
    form.get_by_test_id("submit-scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()


def schedule_a_one_on_one(page: Page, plan: DevelopmentPlan) -> None:
    """As the manager: schedule, take notes, put an action item on the plan, get the .ics."""
    open_from_nav(page, "/coaching/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team coaching")
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_label("Rep").select_option(label="Ann Test · Alpha · Rep")
    page.get_by_label("Kind").select_option(label="1:1")
    soon = timezone.localdate() + timedelta(days=9)  # a past day would ask to be confirmed
    page.get_by_label("When").fill(f"{soon.isoformat()}T09:30")
    page.get_by_label("Agenda").fill("Acme pricing conversation\nQ1 pipeline")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1:1: Ann Test")
    page.get_by_role("textbox", name="Notes").fill(
        "Ann hesitates when the buyer names a competitor's price."
    )
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    page.get_by_label("New action item").fill("Rehearse the price reframe in a role play")
    due = soon + timedelta(days=9)
    page.get_by_label("Due").fill(due.isoformat())
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_test_id("action-item")).to_have_count(1)
    page.get_by_test_id("to-milestone").click()
    expect(page.get_by_test_id("on-plan")).to_contain_text(f"due {due.day} {due:%b %Y}")
    milestone = Milestone.objects.get(plan=plan)
    assert (milestone.title, milestone.source) == (
        "Rehearse the price reframe in a role play",
        "coaching",
    )
    with page.expect_download() as download:
        page.get_by_test_id("ics-link").click()
    payload = Path(download.value.path()).read_bytes()
    event = next(c for c in Calendar.from_ical(payload).walk() if c.name == "VEVENT")
    assert str(event["organizer"]).lower() == "mailto:mia@acme.test"
    assert "competitor" not in payload.decode()
    save_screenshot(page, "coaching-session")


def run_a_role_play(page: Page) -> None:
    """As the manager: run a role play on the scenario with Art as the buyer, and score it."""
    open_from_nav(page, "/coaching/scenarios/")
    page.get_by_role("link", name="Price objection").click()
    save_screenshot(page, "coaching-scenario")
    page.get_by_test_id("run-roleplay").click()
    page.get_by_label("Rep (plays the seller)").select_option(label="Ann Test · Alpha · Rep")
    page.get_by_label("Partner (plays the buyer)").select_option(label="Art Test · Alpha · Rep")
    page.get_by_role("button", name="Record the role play").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Price objection")
    score_all(page, [2, 2, 3])


def test_a_manager_coaches_and_a_peer_scores_a_role_play(
    page: Page, live_server: object, world: World
) -> None:
    base = str(live_server)
    price = scenario(world.ada)
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win at a fair price",
        started_on=date(2026, 9, 1),
    )
    warm_up(base)
    sign_in(page, base, world.mia)
    schedule_a_one_on_one(page, plan)
    run_a_role_play(page)

    # Art, the peer, scores it from his own coaching page; the two disagree on one item.
    switch_to(page, base, world.art)
    open_from_nav(page, "/coaching/")
    page.get_by_test_id("to-score").get_by_role("link", name="Score").click()
    score_all(page, [3, 4, 3])
    disagreement = page.locator('[data-disagree="true"]')
    expect(disagreement).to_have_count(1)
    expect(disagreement).to_contain_text("Reframes on value")
    save_screenshot(page, "coaching-roleplay-peer")
    roleplay = RolePlaySession.objects.get(rep=world.ann, scenario=price)
    assert roleplay.ratings.filter(submitted_at__isnull=False).count() == 2

    # The manager sees the disagreement on the calibration page.
    switch_to(page, base, world.mia)
    page.goto(f"{base}/coaching/calibration/")
    expect(page.get_by_test_id("calibration-card")).to_have_count(1)
    save_screenshot(page, "coaching-calibration")

    # Ann sees her progression: the role play's scores per competency, drawn.
    switch_to(page, base, world.ann)
    open_from_nav(page, "/coaching/")
    save_screenshot(page, "coaching-mine")
    page.get_by_role("link", name="My skill progression").click()
    expect(page.locator("#progression-canvas")).to_have_attribute("data-drawn", "true")
    rows = page.get_by_test_id("progression-points").locator("tbody tr")
    expect(rows).to_have_count(2)
    objection = rows.filter(has_text="Objection handling")
    expect(objection).to_contain_text("2.75")  # Mia 2.0, Art 3.5 on the two objection items
    expect(rows.filter(has_text="Closing")).to_contain_text("3.00")
    save_screenshot(page, "coaching-progression")


def test_the_admin_drafts_a_scenario_from_an_approved_practice(
    page: Page, live_server: object, world: World
) -> None:
    base = str(live_server)
    approved(
        world.ann,
        world.lou,
        title="Quantify the pain",
        when_to_use="In discovery, once the buyer names a problem.",
        steps="Ask what happens if nothing changes\nPut a number on it together",
        stage_tags=["discovery"],
        competency_tags=["discovery"],
    )
    warm_up(base)
    sign_in(page, base, world.ada)
    open_from_nav(page, "/coaching/scenarios/")
    drafts = page.get_by_test_id("practices-to-draft")
    drafts.get_by_role("link", name="Draft a scenario from this practice").click()
    expect(page.get_by_label("Title")).to_have_value("Role play: Quantify the pain")
    expect(page.get_by_label("Situation")).to_contain_text("once the buyer names a problem")
    expect(page.locator("#rubric-0-label")).to_have_value("Applies 'Quantify the pain'")
    expect(page.locator("#rubric-1-label")).to_have_value("Discovery")
    page.get_by_label("Buyer persona").fill("Lena, COO of a 200-person distributor.")
    save_screenshot(page, "coaching-scenario-form")
    page.get_by_test_id("save-publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Role play: Quantify the pain")
    expect(page.get_by_text("Lena, COO of a 200-person distributor.")).to_be_visible()
    switch_to(page, base, world.ann)
    open_from_nav(page, "/coaching/scenarios/")
    expect(page.get_by_test_id("scenario-list")).to_contain_text("Role play: Quantify the pain")
    expect(page.get_by_test_id("practices-to-draft")).to_have_count(0)
