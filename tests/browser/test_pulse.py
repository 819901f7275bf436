"""The engagement pulse in a real browser: a rep answers it from the to-do on their home page,
told first that it is anonymous; their manager reads the team results of last month's round with
the trend; the admin sees the questions. Screenshots at 1280 px and 390 px."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_coaching import switch_to, warm_up
from tests.conftest import World
from tests.pulse.builders import answer_all, closed_round, people
from uplift.pulse.models import PulseParticipation, PulseTally

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    # Charts follow their box on the next frame: wait for them rather than read too early.
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    screenshot(name)
    page.set_viewport_size({"width": 1280, "height": 860})


def test_a_rep_answers_the_pulse_and_the_manager_reads_the_team_results(
    page: Page, live_server: object, world: World, screenshot: Callable[[str], Path]
) -> None:
    base = str(live_server)
    last = closed_round(world.org)
    answer_all(last, [world.art, world.mia, *people(world.org, world.alpha, 4, "alpha")], 4, 9)
    answer_all(last, [world.bob, world.max, *people(world.org, world.beta, 2, "beta")], 3, 6)
    answer_all(last, [world.lou, world.ada], 4, 8)  # in no team: Beta's four are counted with them
    warm_up(base)

    sign_in(page, base, world.ann)
    worklist = page.get_by_test_id("pulse-worklist")
    expect(worklist).to_contain_text("4 short questions, about a minute, anonymous")
    worklist.get_by_test_id("worklist-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pulse")
    expect(page.get_by_test_id("anonymous-note")).to_contain_text(
        "Nobody can see one person's answers"
    )
    questions = page.get_by_test_id("pulse-question")
    expect(questions).to_have_count(4)
    screenshot("pulse-answer")
    _phone(page, screenshot, "pulse-answer-phone")

    for index, choice in enumerate(
        ("4, agree", "3, neither agree nor disagree", "5, strongly agree", "10, extremely likely")
    ):
        questions.nth(index).locator(f'label[title="{choice}"]').click()
    page.get_by_test_id("send-answers").click()
    expect(page.get_by_text("Thank you: your answers are in, anonymously.")).to_be_visible()
    expect(page.get_by_test_id("pulse-answered")).to_contain_text("You answered this round")
    screenshot("pulse-answered")
    assert PulseParticipation.objects.filter(person=world.ann).count() == 1
    this_round = PulseTally.objects.filter(count__gt=0, question__round__opens_on__gt=last.opens_on)
    given = sorted(this_round.values_list("value", flat=True))
    assert given == [3, 4, 5, 10]

    page.goto(f"{base}/me/")
    expect(page.get_by_test_id("pulse-done")).to_contain_text("Nothing to do for the pulse")

    switch_to(page, base, world.mia)
    page.goto(f"{base}/pulse/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team pulse")
    expect(page.get_by_test_id("open-round")).to_contain_text("1 person in your teams has answered")
    alpha = page.locator(f'[data-testid="pulse-group"][data-team="{world.alpha.pk}"]')
    expect(alpha).to_contain_text("6")
    expect(page.locator('canvas[data-chart="chart-pulse-engagement"]')).to_have_attribute(
        "data-drawn", "true"
    )
    screenshot("pulse-results")
    _phone(page, screenshot, "pulse-results-phone")

    switch_to(page, base, world.ada)
    page.goto(f"{base}/pulse/questions/")
    expect(page.get_by_test_id("active-question")).to_have_count(4)
    screenshot("pulse-questions")
    _phone(page, screenshot, "pulse-questions-phone")
