"""A manager's day in a real browser: she starts from the to-do list on her home page, opens a
rep's page from her roster, reads the record there and follows its next step to the plan; the
rep's own home lists what is due for her. Each page at 1280 px and 390 px, with nothing wider
than a phone's screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_coaching import switch_to, warm_up
from tests.coaching.builders import one_on_one, scenario, scored_roleplay
from tests.conftest import World
from tests.debriefs.builders import ranked_with_profiles
from uplift.development.models import DevelopmentPlan, Milestone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _both_widths(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    screenshot(f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    screenshot(f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 860})


def test_a_manager_goes_from_her_to_do_list_to_a_reps_page_and_on_to_the_plan(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    base = str(live_server)
    ranked_with_profiles(world)  # Art, in Mia's team, is a star without a debrief
    plan = DevelopmentPlan.objects.create(
        organisation=world.org,
        rep=world.ann,
        manager=world.mia,
        goal="Win more renewals",
        started_on=timezone.localdate() - timedelta(days=12),
    )
    Milestone.objects.create(
        plan=plan,
        title="Run two discovery role plays",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    one_on_one(world.ann, world.mia, at=timezone.now() + timedelta(days=1))
    scored_roleplay(scenario(world.ada), world.ann, world.mia, {world.mia: [3, 4, 3]})
    warm_up(base)
    page.set_default_timeout(30_000)

    sign_in(page, base, world.mia)
    worklist = page.get_by_test_id("worklist")
    expect(worklist.get_by_test_id("overdue-worklist")).to_contain_text("Catch up with Ann Test")
    expect(worklist.get_by_test_id("overdue-worklist")).to_contain_text("Overdue since")
    expect(worklist.get_by_test_id("session-worklist")).to_contain_text(
        "Prepare your 1:1 with Ann Test"
    )
    expect(worklist.get_by_test_id("debrief-worklist")).to_contain_text(
        "Schedule a debrief with Art Test"
    )
    _both_widths(page, screenshot, "home-manager")

    page.get_by_test_id("roster").get_by_role("link", name="Ann Test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ann Test")
    expect(page.get_by_test_id("person-plan")).to_contain_text("Run two discovery role plays")
    expect(page.get_by_test_id("person-coaching")).to_contain_text("3.3 of 5")
    expect(page.get_by_test_id("next-step")).to_contain_text("a milestone past its due date")
    _both_widths(page, screenshot, "person-page")

    page.get_by_test_id("next-step-link").click()
    expect(page).to_have_url(f"{base}/development/plans/{plan.pk}/")
    expect(page.get_by_text("Run two discovery role plays").first).to_be_visible()

    switch_to(page, base, world.ann)
    page.goto(f"{base}/me/")
    mine = page.get_by_test_id("worklist")
    expect(mine.get_by_test_id("milestone-worklist")).to_contain_text(
        "Run two discovery role plays"
    )
    expect(mine.get_by_test_id("pulse-worklist")).to_contain_text("4 short questions")
    _both_widths(page, screenshot, "home-rep")
