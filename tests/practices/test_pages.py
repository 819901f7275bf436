"""The library's pages: what each role sees and can do, and bad input answered with a 4xx."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

from tests.conftest import World
from tests.practices.builders import approved, draft
from tests.words.analysis import drivers_store
from uplift.practices.models import Adoption, Practice


def test_library_lists_approved_cards_and_searches_them(world: World, login) -> None:  # type: ignore[no-untyped-def]
    approved(world.ann, world.lou)
    approved(
        world.art,
        world.lou,
        title="Discovery call agenda",
        problem="First calls ramble.",
        stage_tags=["discovery"],
        competency_tags=["discovery"],
    )
    draft(world.ann, title="Secret draft")
    client: Client = login(world.bob)
    page = client.get("/practices/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mutual close plan" in html
    assert "Discovery call agenda" in html
    assert "Secret draft" not in html
    found = client.get(
        "/practices/?q=agenda", headers={"HX-Request": "true", "HX-Target": "library-results"}
    )
    body = found.content.decode()
    assert "Discovery call agenda" in body
    assert "Mutual close plan" not in body
    assert "<html" not in body  # a fragment for htmx
    assert "1 practice matching" in body
    by_stage = client.get("/practices/?stage=closing").content.decode()
    assert "Mutual close plan" in by_stage
    assert "Discovery call agenda" not in by_stage
    assert client.get("/practices/?stage=wooing").status_code == 400


def test_card_page_shows_evidence_numbers_and_what_they_mean(world: World, login) -> None:  # type: ignore[no-untyped-def]
    card = approved(world.ann, world.lou)
    html = login(world.gil).get(f"/practices/{card.pk}/").content.decode()
    assert "3.40" in html
    assert "2.10" in html
    assert "stars clearly higher" in html
    assert "Stars hold 1.6\u00d7 more meetings per opportunity" in html
    assert "does not prove it is what makes them stars" in html
    statistics = html.split("How is this computed?")[1]
    assert "a large difference (g = +0.82)" in statistics
    assert "Plan to adopt it" in html


def test_draft_to_approval_through_the_pages(world: World, client: Client) -> None:
    drivers_store(world.org)
    client.force_login(world.ann)
    form = {
        "title": "Ask for the second meeting on the first",
        "problem": "Deals stall after a good first call.",
        "steps": "Propose a date before hanging up\nSend the invite while still on the call",
        "stage_tags": ["discovery"],
        "competency_tags": ["discovery"],
        "evidence": ["meetings_per_opportunity"],
    }
    created = client.post("/practices/new/", form)
    assert created.status_code == 302
    card = Practice.objects.get(title=form["title"])
    assert (card.evidence.get().star, card.evidence.get().q_value) == (3.4, 0.004)
    assert (
        client.post(f"/practices/{card.pk}/submit/", {"sponsor": world.mia.pk}).status_code == 400
    )
    assert (
        client.post(f"/practices/{card.pk}/submit/", {"sponsor": world.lou.pk}).status_code == 302
    )
    client.force_login(world.lou)
    assert client.post(f"/practices/{card.pk}/approve/").status_code == 302
    card.refresh_from_db()
    assert card.status == Practice.Status.APPROVED
    client.force_login(world.bob)
    assert client.post(f"/practices/{card.pk}/adopt/").status_code == 302
    adoption = Adoption.objects.get(person=world.bob, practice=card)
    assert adoption.stage == Adoption.Stage.PLANNED
    assert (
        client.post(f"/adoptions/{adoption.pk}/advance/", {"stage": "practising"}).status_code
        == 302
    )
    refused = client.post(f"/adoptions/{adoption.pk}/advance/", {"stage": "demonstrated"})
    assert refused.status_code == 403
    client.force_login(world.max)
    board = client.get("/practices/adoption/").content.decode()
    assert "Bob Test" in board
    assert "Confirm demonstrated" in board
    assert (
        client.post(f"/adoptions/{adoption.pk}/advance/", {"stage": "demonstrated"}).status_code
        == 302
    )
    adoption.refresh_from_db()
    assert (adoption.stage, adoption.demonstrated_by) == (Adoption.Stage.DEMONSTRATED, world.max)


def test_bad_form_input_gets_a_400_with_the_reason(world: World, client: Client) -> None:
    client.force_login(world.ann)
    response = client.post("/practices/new/", {"title": "", "stage_tags": ["wooing"]})
    assert response.status_code == 400
    card = draft(world.ann)
    response = client.post(f"/practices/{card.pk}/comments/", {"body": "   "})
    assert response.status_code == 400
    assert "needs some text" in response.content.decode()


def test_versions_page_shows_the_difference(world: World, client: Client) -> None:
    card = approved(world.ann, world.lou)
    client.force_login(world.ann)
    data = {
        "title": card.title,
        "problem": card.problem,
        "steps": "Ask for the date first\nShare the plan",
        "stage_tags": ["closing"],
        "competency_tags": ["closing"],
        "summary": "Shorter steps",
        "evidence": ["meetings_per_opportunity"],
    }
    assert client.post(f"/practices/{card.pk}/edit/", data).status_code == 302
    html = client.get(f"/practices/{card.pk}/versions/2/").content.decode()
    assert "Shorter steps" in html
    assert "diff-added" in html
    assert "Ask for the date first" in html
    assert "diff-removed" in html
    assert "Work back the steps" in html
    assert client.get(f"/practices/{card.pk}/versions/9/").status_code == 404
    old = client.get(f"/practices/{card.pk}/versions/1/").content.decode()
    assert "Agree the go-live date" in old


def test_a_manager_plans_for_their_own_reps_only(world: World, client: Client) -> None:
    card = approved(world.ann, world.lou)
    client.force_login(world.mia)
    assert client.post(f"/practices/{card.pk}/adopt/", {"person": world.art.pk}).status_code == 302
    assert Adoption.objects.get(person=world.art).stage == Adoption.Stage.PLANNED
    assert client.post(f"/practices/{card.pk}/adopt/", {"person": world.gil.pk}).status_code == 404
    client.force_login(world.ann)
    assert client.post(f"/practices/{card.pk}/adopt/", {"person": world.art.pk}).status_code == 404
    assert not Adoption.objects.filter(person=world.gil).exists()


def test_editing_a_card_keeps_its_own_evidence_numbers(world: World, client: Client) -> None:
    """A behaviour the card cites keeps the card's numbers when it is saved again, even where
    the latest analysis has others; unticked, it leaves the card."""
    drivers_store(world.org)
    evidence = [
        {
            "behavior": "meetings_per_opportunity",
            "label": "Meetings per opportunity",
            "star": 1.8,
            "core": 2.0,
            "effect_size": 0.5,
            "q_value": 0.01,
            "adjusted_difference": 0.6,
        }
    ]
    card = draft(world.ann, evidence=evidence)
    client.force_login(world.ann)
    form = client.get(f"/practices/{card.pk}/edit/").content.decode()
    assert "already on the card" in form
    assert "Stars send more e-mails per opportunity (2.50 against 2.40 for the core)" in form
    data = {
        "title": card.title,
        "problem": card.problem,
        "steps": card.steps,
        "stage_tags": ["closing"],
        "competency_tags": ["closing"],
        "evidence": ["meetings_per_opportunity"],
    }
    assert client.post(f"/practices/{card.pk}/edit/", data).status_code == 302
    kept = card.evidence.get()
    assert (kept.star, kept.adjusted_difference) == (1.8, 0.6)
    data["evidence"] = ["emails_per_opportunity"]
    assert client.post(f"/practices/{card.pk}/edit/", data).status_code == 302
    assert card.evidence.get().behavior == "emails_per_opportunity"


def test_the_adoption_board_keeps_whole_titles(world: World, client: Client) -> None:
    """A long title is not cut in the markup: the link holds all of it, the title attribute
    shows it on hover, and the column's CSS ends it in an ellipsis when it does not fit."""
    title = "Book the next meeting before you leave the room, every single time"
    card = approved(world.ann, world.lou, title=title)
    client.force_login(world.max)
    board = client.get("/practices/adoption/").content.decode()
    link = f'<a href="/practices/{card.pk}/" class="text-reset dt-head-link" title="{title}">'
    assert f"{link}{title}</a>" in board
    assert "…" not in board.split('data-testid="adoption-board"')[1].split("</thead>")[0]
    stylesheet = Path(finders.find("web/tables.css")).read_text(encoding="utf-8")
    assert "overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }" in stylesheet


def test_a_reply_to_a_comment_on_another_card_is_refused(world: World, client: Client) -> None:
    mine = approved(world.ann, world.lou, title="Mutual close plan")
    other = approved(world.ann, world.lou, title="Champion map")
    client.force_login(world.art)
    client.post(f"/practices/{other.pk}/comments/", {"body": "Where is the template?"})
    elsewhere = other.comments.get()
    response = client.post(
        f"/practices/{mine.pk}/comments/", {"body": "Here it is", "parent": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "That comment no longer exists." in response.content.decode()
    assert not mine.comments.exists()
    answered = client.post(
        f"/practices/{other.pk}/comments/", {"body": "Here it is", "parent": elsewhere.pk}
    )
    assert answered.status_code == 302
    assert other.comments.filter(parent=elsewhere).count() == 1
