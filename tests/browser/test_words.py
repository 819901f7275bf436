"""Words in a browser: a card written in the Markdown editor (formatting buttons, a live preview
drawn by the server, hostile Markdown shown harmless), its evidence picked from the analysis in
words and read back on the card with its statistics behind "How is this computed?"; the debrief
guide edited with a live preview and shown formatted to a reader. Each page at 1280 and 390 px,
never wider than the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.conftest import World
from tests.debriefs.builders import debrief_with, world_profiles
from tests.words.analysis import drivers_store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Ask for the second meeting on the first"
PHONE, DESKTOP = 390, 1280
HOSTILE = (
    '<img src=x onerror="window.hacked=1">\n\n[call me](javascript:window.hacked=2)\n\n'
    "<script>window.hacked=3</script>"
)


def _fits(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_card_written_in_the_editor_with_its_evidence_picked_in_words(
    page: Page, live_server: object, world: World
) -> None:
    base = str(live_server)
    drivers_store(world.org)
    page.set_default_timeout(30_000)  # a busy machine
    sign_in(page, base, world.ann)
    page.goto(f"{base}/practices/new/")
    page.get_by_label("Title").fill(TITLE)

    problem = page.get_by_label("Problem it solves")
    problem.fill("Deals **stall** after a good first call:\n\n- no date\n- no owner")
    preview = page.locator("#id_problem-preview")
    expect(preview.locator("strong")).to_have_text("stall")
    expect(preview.locator("li")).to_have_text(["no date", "no owner"])

    when = page.get_by_label("When to use it")
    when.fill("late stage")
    when.select_text()
    page.locator('markdown-toolbar[for="id_when_to_use"] md-bold').click()
    expect(when).to_have_value("**late stage**")
    expect(page.locator("#id_when_to_use-preview strong")).to_have_text("late stage")

    talk = page.get_by_label("Talk tracks and examples")
    talk.fill(HOSTILE)
    talk_preview = page.locator("#id_talk_tracks-preview")
    expect(talk_preview).to_contain_text("<script>window.hacked=3</script>")  # shown as text
    expect(talk_preview.locator("img, script, a")).to_have_count(0)
    assert page.evaluate("window.hacked") is None

    picker = page.get_by_test_id("evidence-picker")
    expect(picker).to_contain_text("Stars send more e-mails per opportunity")
    expect(picker).not_to_contain_text("Conversion")  # an outcome is never evidence
    picker.get_by_label("Stars hold 2.1\u00d7 more meetings per opportunity").check()
    save_screenshot(page, "words-new-practice-1280")
    _fits(page, PHONE)
    save_screenshot(page, "words-new-practice-390")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.get_by_test_id("save").click()

    expect(page.get_by_test_id("practice-title")).to_have_text(TITLE)
    main = page.locator("main")
    expect(main.locator("strong", has_text="stall")).to_be_visible()
    expect(main.locator("img")).to_have_count(0)
    assert page.evaluate("window.hacked") is None
    evidence = page.get_by_test_id("evidence")
    meetings = evidence.locator("tbody[data-behavior='meetings_per_opportunity']")
    expect(meetings.get_by_test_id("reading")).to_contain_text("stars clearly higher")
    expect(meetings).to_contain_text("Stars hold 2.1\u00d7 more meetings per opportunity")
    statistics = evidence.get_by_test_id("evidence-statistics")
    expect(statistics).to_be_hidden()
    evidence.get_by_text("How is this computed?").click()
    expect(statistics).to_contain_text("q = 0.004")
    save_screenshot(page, "words-card-1280")
    _fits(page, PHONE)
    save_screenshot(page, "words-card-390")


def test_the_debrief_guide_is_edited_with_a_preview_and_read_formatted(
    page: Page, live_server: object, world: World
) -> None:
    world_profiles(world)
    debrief = debrief_with(world, world.art, interviewer=world.mia)
    base = str(live_server)
    page.set_default_timeout(30_000)
    sign_in(page, base, world.mia)
    page.goto(f"{base}/debriefs/{debrief.pk}/")
    preview = page.locator("#guide-text-preview")
    expect(preview.locator("h3")).to_have_text(["Debrief with Art Test"])  # under the card's
    guide = page.get_by_test_id("guide")
    guide.press("Control+End")
    guide.type("\n## Closing\n- Who signs *first*?")
    expect(preview.locator("em")).to_have_text("first")
    expect(page.locator("#guide-state")).to_contain_text("Saved at")
    save_screenshot(page, "words-debrief-editor-1280")
    _fits(page, PHONE)
    save_screenshot(page, "words-debrief-editor-390")

    page.context.clear_cookies()
    sign_in(page, base, world.art)  # the star reads it, formatted, without the editor
    page.goto(f"{base}/debriefs/{debrief.pk}/")
    shown = page.get_by_test_id("guide")
    expect(shown.locator("em")).to_have_text("first")
    expect(shown.locator("h4", has_text="Closing")).to_be_visible()
    expect(page.locator("markdown-toolbar")).to_have_count(0)
