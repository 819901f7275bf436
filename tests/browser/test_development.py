"""Development in a real browser: a manager assesses a rep on the rubric, builds a plan around an
approved practice, adds a milestone; the rep sees the plan and comments; the manager sees it on
the accountability view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from uplift.development.models import Assessment, Competency, DevelopmentPlan
from uplift.development.services import competency_framework_ensure
from uplift.practices.models import Practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_assesses_plans_and_the_rep_comments(
    page: Page, browser: Browser, live_server: object, world: World
) -> None:
    base = str(live_server)
    shot = partial(save_screenshot, page)
    framework = competency_framework_ensure(organisation=world.org)
    Practice.objects.create(
        organisation=world.org,
        title="Discovery call agenda",
        status="approved",
        competency_tags=["discovery"],
    )

    page.set_default_timeout(30_000)
    _assess(page, base, world, framework, shot)
    plan = _plan(page, world, shot)
    _rep_comments(browser, base, world, plan)

    page.reload()
    expect(page.get_by_test_id("comment")).to_contain_text("listen to one of my first calls")
    shot("plan-manager")
    expect(page.locator('nav a[href="/development/team/"]')).to_have_count(1)  # a nav entry
    page.goto(f"{base}/development/team/")
    row = page.locator(f'tr[data-rep="{world.ann.pk}"]')
    expect(row).to_contain_text(f"since {plan.started_on:%-d %b %Y}")
    expect(row.locator("td.num")).to_have_text("1")
    expect(page.get_by_test_id("coverage")).to_have_text("50%")
    expect(page.get_by_test_id("overdue")).to_have_text("1")
    shot("accountability")


def _assess(
    page: Page, base: str, world: World, framework: list[Competency], shot: Callable[[str], None]
) -> None:
    sign_in(page, base, world.mia)
    expect(page.locator('nav a[href="/development/team/"]')).to_have_count(1)  # a nav entry
    page.goto(f"{base}/development/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Development of my reps")
    row = page.locator(f'tr[data-rep="{world.ann.pk}"]')
    expect(row).to_contain_text("no plan")
    row.get_by_role("link", name="Assessments").click()
    page.get_by_test_id("assess-link").click()
    for competency in framework:
        level = 2 if competency.slug == "discovery" else 3
        page.get_by_test_id(f"rate-{competency.slug}").locator(
            f'label.rubric-option[for$="_{level}"]'
        ).click()
    page.get_by_label("Comment on Discovery").fill(
        "Pitched before finding the pain on the Acme call."
    )
    shot("assess-form")
    page.get_by_test_id("save-assessment").click()
    expect(page.get_by_test_id("comparison")).to_contain_text("Pitched before finding the pain")
    expect(page.locator('canvas[data-chart="hist-chart-discovery"]')).to_have_attribute(
        "data-drawn", "true"
    )
    shot("assessments")
    assert (
        Assessment.objects.get(subject=world.ann).ratings.get(competency__slug="discovery").level
        == 2
    )


def _plan(page: Page, world: World, shot: Callable[[str], None]) -> DevelopmentPlan:
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.get_by_test_id("suggestion-discovery")).to_contain_text("Rated 2 of 5")
    expect(page.get_by_label("Discovery", exact=True)).to_be_checked()  # suggested, pre-ticked
    page.get_by_label("Goal").fill("Discovery that finds the business pain before any demo")
    page.get_by_label("Discovery call agenda").check()
    page.get_by_label("Outcome to move").select_option("win_rate")
    page.locator("#id_outcome_target").fill("30")
    shot("plan-builder")
    page.get_by_test_id("save-plan").click()
    expect(page.get_by_test_id("plan-practices")).to_contain_text("Discovery call agenda")

    due = (timezone.localdate() - timedelta(days=3)).isoformat()
    form = page.get_by_test_id("milestone-form")
    form.get_by_label("New milestone").fill("Use the agenda on three first calls")
    form.get_by_label("Due").fill(due)
    form.get_by_role("button", name="Add").click()  # htmx swaps the milestones in place
    # A due day in the past is asked about once: the title stays, the box confirms it.
    form = page.get_by_test_id("milestone-form")
    expect(form.get_by_label("New milestone")).to_have_value("Use the agenda on three first calls")
    form.get_by_label("Yes, this date is right").check()
    form.get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("overdue-count")).to_have_text("1 overdue")
    expect(page.get_by_test_id("milestones")).to_contain_text("Use the agenda on three first calls")
    return DevelopmentPlan.objects.get(rep=world.ann)


def _rep_comments(browser: Browser, base: str, world: World, plan: DevelopmentPlan) -> None:
    rep_context = browser.new_context(viewport={"width": 1280, "height": 860})
    rep_page = rep_context.new_page()
    rep_page.set_default_timeout(30_000)
    sign_in(rep_page, base, world.ann)
    expect(rep_page.locator('nav a[href="/development/me/plan/"]')).to_have_count(1)
    rep_page.goto(f"{base}/development/me/plan/")
    expect(rep_page.get_by_role("heading", level=1)).to_have_text("My development plan")
    expect(rep_page.get_by_test_id("plan-practices")).to_contain_text("Discovery call agenda")
    expect(rep_page.get_by_test_id("milestone-form")).to_have_count(0)
    rep_page.get_by_label("Add a comment").fill("Can we listen to one of my first calls together?")
    rep_page.get_by_role("button", name="Comment").click()
    expect(rep_page.get_by_test_id("comment")).to_contain_text("listen to one of my first calls")
    save_screenshot(rep_page, "plan-rep")
    other = rep_page.goto(f"{base}/development/plans/{plan.pk + 1000}/")
    assert other is not None
    assert other.status == 404
    rep_context.close()
