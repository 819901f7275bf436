"""From a star on the leader's Stars & gap page to a scheduled debrief in one click, in a real
browser; afterwards the page shows the debrief instead of offering another."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.browser.test_debriefs import warm
from tests.conftest import World
from tests.debriefs.builders import ranked_with_profiles
from uplift.debriefs.models import Debrief

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_schedules_a_debrief_straight_from_a_star(
    page: Page, live_server: object, world: World
) -> None:
    ranked_with_profiles(world)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(30_000)
    sign_in(page, base, world.lou)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stars & gap").click()
    ranking = page.get_by_test_id("ranked-reps")
    expect(ranking.get_by_test_id("schedule-with-star")).to_have_count(2)  # Art and Bob
    save_screenshot(page, "stars-and-gap-schedule")

    ranking.get_by_role("link", name="Schedule a debrief with Bob Test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a debrief")
    expect(page.get_by_label("Star")).to_have_value(str(world.bob.pk))
    expect(page.get_by_label("Interviewer")).to_have_value(str(world.lou.pk))
    soon = timezone.localdate() + timedelta(days=9)  # a past day would ask to be confirmed
    when = page.get_by_label("Date and time (UTC)")  # typed in the viewer's zone, named
    when.fill(f"{soon.isoformat()}T14:00")
    day = f"{soon.day} {soon:%b}"
    save_screenshot(page, "schedule-with-star-chosen")
    page.get_by_role("button", name="Schedule and draft the guide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Debrief with Bob Test")
    debrief = Debrief.objects.get()
    assert (debrief.star, debrief.interviewer, debrief.scheduled_by) == (
        world.bob,
        world.lou,
        world.lou,
    )

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stars & gap").click()
    bob = ranking.locator("tr").filter(has_text="Bob Test")
    expect(bob.get_by_test_id("star-debrief")).to_have_text(f"On {day} — debrief with Bob Test")
    expect(bob.get_by_test_id("schedule-with-star")).to_have_count(0)
    expect(ranking.get_by_test_id("schedule-with-star")).to_have_count(1)  # Art still offered
    save_screenshot(page, "stars-and-gap-debrief-on-record")
    bob.get_by_test_id("star-debrief").click()
    expect(page).to_have_url(re.compile(rf"/debriefs/{debrief.pk}/$"))

    # The profile says the same; the form, opened anyway, points to the debrief on record.
    page.goto(f"{base}/stars/{world.bob.pk}/")
    expect(page.get_by_test_id("star-debrief")).to_have_text(f"Debrief on {day} with Bob Test")
    expect(page.get_by_test_id("schedule-with-star")).to_have_count(0)
    page.goto(f"{base}/debriefs/new/?star={world.bob.pk}")
    expect(page.get_by_test_id("on-record")).to_contain_text(
        f"Bob Test already has a debrief scheduled for {day} {soon.year}, 14:00"
    )
    save_screenshot(page, "schedule-with-debrief-on-record")
    page.get_by_test_id("on-record").get_by_role("link", name="open it").click()
    expect(page).to_have_url(re.compile(rf"/debriefs/{debrief.pk}/$"))
