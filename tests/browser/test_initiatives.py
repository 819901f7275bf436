"""Sharing initiatives in a real browser, on the demo organisation: a leader launches one and
invites the stars, a star accepts with commitments; a session held and a debrief given keep a
partner's commitments with nobody ticking anything; the sponsor's dashboard shows the funnel,
participation beyond the stars and gap closure against the target. Screenshots at 1280 px and
390 px."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_debriefs import warm
from tests.browser.test_performance import demo_sign_in, expect_drawn
from uplift.debriefs.services import debrief_schedule
from uplift.demo.organisation import DEMO_PASSWORD
from uplift.demo.steps import DemoState, demo_run
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import Initiative, Partner
from uplift.initiatives.services import invitation_answer
from uplift.orgs.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


def shots(page: Page, screenshot, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page at 1280 px and, loaded again, at 390 px, where nothing may stick out sideways,
    not even a table inside its own box."""
    screenshot(name)
    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_load_state("networkidle")
    screenshot(f"{name}-phone")
    assert page.evaluate("() => document.documentElement.scrollWidth <= 390"), name
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.table-responsive')]
            .filter(box => box.scrollWidth > box.clientWidth)
            .map(box => box.closest('section').dataset.testid)"""
    )
    assert wide == [], f"{name}: {wide} scroll sideways"
    page.set_viewport_size(DESKTOP)
    page.reload()
    page.wait_for_load_state("networkidle")


def sign_in_as(page: Page, base: str, person: Person) -> None:
    """Signs the person in through the login form. Their password is written only when it is
    not already the demo's, and only once the page in the browser is idle: the live server
    shares one in-memory SQLite database with this thread, whose tables a write would find
    locked while the server still answers the previous page's requests."""
    if not person.check_password(DEMO_PASSWORD):
        page.wait_for_load_state("networkidle")
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("topbar")).to_be_visible()


def test_a_leader_launches_invites_the_stars_and_a_star_accepts(
    page: Page, live_server: object, screenshot
) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(30_000)
    base = str(live_server)
    demo_sign_in(page, base, "/leader/")
    page.get_by_role("link", name="Sharing initiative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing initiatives")
    expect(page.get_by_test_id("running")).to_contain_text("Share what wins")
    page.get_by_test_id("launch").click()
    shots(page, screenshot, "initiative-launch")

    form = page.get_by_test_id("launch-form")
    form.get_by_label("Name").fill("Enterprise deals, together")
    form.get_by_label("Purpose").fill("Our enterprise stars show how they run a complex deal.")
    form.get_by_label("Owner (enablement)").select_option(
        label="Priya Natarajan · No team · Enablement admin"
    )
    form.get_by_label("Gap to close (%)").fill("20")
    expect(page.get_by_test_id("baseline-preview")).to_contain_text("above the core")
    form.get_by_role("button", name="Launch").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enterprise deals, together")
    expect(page.get_by_test_id("target")).to_contain_text("Close 20% of the star-core gap")
    invite = page.get_by_test_id("invite-form")
    stars = invite.locator('input[name="people"]')
    assert stars.count() >= 5  # the stars of the latest analysis, all ticked
    invite.get_by_role("button", name="Invite the chosen stars").click()
    expect(page.get_by_test_id("partners")).to_contain_text("Invited")
    shots(page, screenshot, "initiative-invited")

    initiative = Initiative.objects.get(name="Enterprise deals, together")
    star = initiative.partners.select_related("person").order_by("person__email").first()
    assert star is not None
    sign_in_as(page, base, star.person)
    page.goto(f"{base}/initiatives/")
    invitations = page.get_by_test_id("invitations")
    invitations.locator("li", has_text="Enterprise deals, together").get_by_role(
        "link", name="Answer"
    ).click()
    shots(page, screenshot, "initiative-invitation")
    answer = page.get_by_test_id("answer")
    answer.get_by_label("Debriefs given per quarter").fill("1")
    answer.get_by_label("Sessions hosted per quarter").fill("1")
    answer.get_by_test_id("accept").click()

    mine = page.get_by_test_id("my-commitments")
    expect(mine.locator('tr[data-kind="debriefs"]').first).to_have_attribute("data-state", "due")
    expect(mine.locator('tr[data-kind="sessions_hosted"]').first).to_have_attribute(
        "data-state", "due"
    )
    star.refresh_from_db()
    assert star.status == Partner.Status.ACCEPTED
    shots(page, screenshot, "initiative-partner")


def _kai(state: DemoState) -> Person:
    """The demo star invited a year ago who never answered; he accepts now."""
    initiative = Initiative.objects.get(organisation=state.organisation)
    partner = initiative.partners.select_related("person").get(status=Partner.Status.INVITED)
    invitation_answer(
        partner=partner,
        actor=partner.person,
        accept=True,
        counts={Kind.DEBRIEFS: 1, Kind.SESSIONS_HOSTED: 1},
    )
    return partner.person


def test_a_session_held_and_a_debrief_given_keep_the_commitments(
    page: Page, live_server: object, screenshot
) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(30_000)
    base = str(live_server)
    state = demo_run(seed=7)
    warm(base)
    star = _kai(state)
    leader = Person.objects.get(email=next(x.email for x in state.logins if x.home == "/leader/"))
    soon = timezone.now() - timedelta(minutes=5)
    debrief = debrief_schedule(
        scheduled_by=leader, star=star, interviewer=leader, scheduled_at=soon
    )

    sign_in_as(page, base, star)
    page.goto(f"{base}/initiatives/")
    page.get_by_test_id("running").get_by_role("link", name="Share what wins").click()
    mine = page.get_by_test_id("my-commitments")
    expect(mine.locator('tr[data-state="due"]')).to_have_count(2)
    page.get_by_test_id("schedule-session").click()
    page.get_by_label("Kind").select_option(label="Win-story huddle")
    page.get_by_label("Topic").fill("The enterprise renewal we nearly lost")
    page.get_by_label("When").fill(timezone.localtime(soon).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The enterprise renewal we nearly lost"
    )
    attendance = page.get_by_test_id("attendance")
    attendance.get_by_label(star.full_name, exact=False).first.check()
    boxes = attendance.locator('input[name="people"]')
    for index in range(1, 5):
        boxes.nth(index).check()
    attendance.get_by_test_id("save-attendance").click()
    expect(page.get_by_test_id("session-status")).to_have_text("Held")
    shots(page, screenshot, "initiative-session-held")

    sign_in_as(page, base, leader)
    page.goto(f"{base}/debriefs/{debrief.pk}/")
    page.get_by_test_id("mark-completed").click()
    expect(page.locator("main")).to_contain_text("Completed")

    sign_in_as(page, base, star)
    initiative = Initiative.objects.get(organisation=state.organisation)
    page.goto(f"{base}/initiatives/{initiative.pk}/")
    mine = page.get_by_test_id("my-commitments")
    expect(mine.locator('tr[data-kind="sessions_hosted"]').last).to_have_attribute(
        "data-state", "kept"
    )
    expect(mine.locator('tr[data-kind="debriefs"]').last).to_have_attribute("data-state", "kept")
    expect(mine.locator('tr[data-state="due"]')).to_have_count(0)
    shots(page, screenshot, "initiative-commitments-kept")


def test_the_sponsor_reads_the_funnel_participation_and_gap_closure(
    page: Page, live_server: object, screenshot
) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(30_000)
    demo_sign_in(page, str(live_server), "/leader/")
    page.get_by_role("link", name="Sharing initiative").click()
    page.get_by_test_id("running").get_by_role("link", name="Share what wins").click()
    expect(page.get_by_test_id("charter")).to_contain_text("Close 25% of the star-core gap")
    page.get_by_test_id("health-link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Initiative health")
    expect_drawn(page, "chart-funnel", "chart-closure", "chart-participation")
    funnel = page.get_by_test_id("funnel")
    expect(funnel.locator('tr[data-step="partners_committed"]')).to_contain_text("6")
    expect(funnel.locator('tr[data-step="measured_impact"]')).to_contain_text("causal estimate")
    expect(page.get_by_test_id("participation-share")).to_have_text(re.compile(r"^\d+%$"))
    closure = page.get_by_test_id("gap-closure")
    expect(closure).to_contain_text("95% interval")
    expect(closure).to_contain_text("correlation")
    expect(page.get_by_test_id("closure-reading")).not_to_be_empty()
    expect(page.get_by_test_id("pulse")).to_contain_text("Engagement")
    expect(page.get_by_test_id("partner-commitments")).to_be_visible()
    expect(page.get_by_test_id("next-step")).to_contain_text("Next:")
    shots(page, screenshot, "initiative-health")
