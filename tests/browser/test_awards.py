"""Recognition events in a real browser: a rep nominates a colleague, picking the evidence from
what Uplift recorded; the leader shortlists, decides and downloads the programme."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.awards.conftest import Stage, stage_build
from tests.browser.conftest import sign_in
from tests.conftest import World
from uplift.awards.models import Nomination
from uplift.awards.programme import programme_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stage(world: World) -> Stage:
    return stage_build(world)


def test_a_rep_nominates_a_colleague_with_evidence(
    page: Page, live_server: object, world: World, stage: Stage, screenshot
) -> None:  # type: ignore[no-untyped-def]
    base = str(live_server)
    sign_in(page, base, world.bob)
    page.get_by_role("link", name="Awards").click()
    page.get_by_role("link", name="Spring Sales Awards").click()
    page.get_by_test_id("nominate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nominate a colleague")
    page.get_by_label("Award").select_option(label="Best shared practice")
    page.get_by_label("Colleague").select_option(label="Ann Test · Alpha · Rep")
    picker = page.get_by_test_id("evidence-picker")
    expect(picker).to_contain_text("Shared “Multi-thread before the proposal”")
    expect(picker).to_contain_text("adopted by 2 colleagues (Art Test, Bob Test)")
    expect(picker).to_contain_text("Kudos from Gil Test")
    page.get_by_label("Why they deserve it").fill("Too short")
    page.get_by_role("button", name="Send the nomination").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("at least 20 characters")
    page.get_by_label("Why they deserve it").fill(
        "Ann's multi-threading practice changed how our whole team runs proposals."
    )
    page.get_by_test_id("evidence-picker").get_by_text("Shared “Multi-thread").click()
    page.get_by_test_id("evidence-picker").get_by_text("Kudos from Gil Test").click()
    screenshot("awards-nominate")
    page.get_by_role("button", name="Send the nomination").click()
    expect(page.get_by_role("status")).to_contain_text("Ann Test is nominated")
    expect(page.get_by_test_id("privacy-note")).to_contain_text("below are yours")
    expect(page.get_by_test_id("nominee")).to_contain_text("Kudos from Gil Test")
    screenshot("awards-event-rep")
    nomination = Nomination.objects.get()
    assert nomination.nominator == world.bob
    assert [e["kind"] for e in nomination.evidence] == ["practice", "kudos"]


def test_the_leader_shortlists_decides_and_prints_the_programme(
    page: Page, live_server: object, world: World, stage: Stage, screenshot
) -> None:  # type: ignore[no-untyped-def]
    from uplift.awards import services

    category = stage.event.categories.first()
    assert category is not None
    services.nomination_create(
        event=stage.event,
        category_id=category.pk,
        nominee=world.ann,
        nominator=world.bob,
        reason="Ann's multi-threading practice changed how our whole team runs proposals.",
        evidence_keys=[f"practice:{stage.practice.pk}", f"kudos:{stage.kudos.pk}"],
    )
    base = str(live_server)
    sign_in(page, base, world.lou)
    page.goto(f"{base}/awards/{stage.event.pk}/")
    page.get_by_role("button", name="Close nominations and shortlist").click()
    page.get_by_role("button", name="Shortlist").click()
    expect(page.get_by_test_id("nominee")).to_contain_text("Shortlisted")
    screenshot("awards-event-leader")
    page.get_by_test_id("decide").click()
    page.get_by_label("Winner of Best shared practice").select_option(label="Ann Test")
    page.get_by_label("Citation").first.fill("For turning her own habit into the team's practice.")
    page.get_by_role("button", name="Announce the winners").click()
    expect(page.get_by_test_id("winner")).to_contain_text("Ann Test")
    screenshot("awards-event-decided")
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'p.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"{base}/awards/{stage.event.pk}/programme.pdf",
        )
    data = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "For turning her own habit into the team's practice." in text
    # The programme's pages as HTML, to look at its design (WeasyPrint draws the PDF from it).
    stage.event.refresh_from_db()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.set_content(
        render_to_string("awards/programme.html", programme_context(event=stage.event))
    )
    screenshot("awards-programme")
