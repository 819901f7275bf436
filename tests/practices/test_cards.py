"""Practice cards: drafts, the review workflow, versions and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.conftest import World
from tests.practices.builders import MEETINGS, approved, draft
from uplift.practices.access import access_practice, practices_visible
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice, PracticeEvent
from uplift.practices.services import (
    PracticeError,
    practice_approve,
    practice_draft_create,
    practice_retire,
    practice_send_back,
    practice_submit,
    practice_update,
)


def test_a_draft_credits_its_author_and_keeps_its_evidence(world: World) -> None:
    card = draft(world.ann, contributors=[world.art])
    assert card.status == Practice.Status.DRAFT
    assert set(card.contributors.all()) == {world.ann, world.art}
    row = card.evidence.get()
    assert (row.behavior, row.star, row.core, row.effect_size) == (
        "meetings_per_opportunity",
        3.4,
        2.1,
        0.82,
    )
    assert card.competency_tags == ["closing", "negotiation"]
    assert card.events.get().kind == PracticeEvent.Kind.CREATED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "needs a title"),
        ({"stage_tags": ["wooing"]}, "not a sales-stage tag"),
        ({"competency_tags": ["charm"]}, "not a competency tag"),
        ({"evidence": [{"behavior": "calls", "star": "many", "core": 1}]}, "must be a number"),
        ({"evidence": [{"behavior": "calls", "core": 1}]}, "needs a 'star' number"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    world: World, fields: dict[str, object], message: str
) -> None:
    content = CardContent.from_mapping({"title": "Something", **fields})
    evidence: Any = fields.get("evidence", ())
    with pytest.raises(PracticeError, match=message):
        practice_draft_create(
            organisation=world.org, author=world.ann, content=content, evidence=evidence
        )
    assert not Practice.objects.exists()


def test_titles_are_unique_in_an_organisation_whatever_the_case(world: World) -> None:
    draft(world.ann)
    with pytest.raises(PracticeError, match="already exists"):
        draft(world.bob, title="MUTUAL close plan")
    draft(world.otto)  # another company may use the same title


def test_a_draft_is_seen_by_its_authors_leaders_and_admins_only(world: World) -> None:
    card = draft(world.ann, contributors=[world.art])
    for person in (world.ann, world.art, world.lou, world.lea, world.ada):
        assert access_practice(person, card.pk) == card
    for person in (world.bob, world.mia, world.otto, world.olga):
        with pytest.raises(Http404):
            access_practice(person, card.pk)
    assert list(practices_visible(world.bob)) == []


def test_submit_approve_publishes_version_one_to_everyone(world: World) -> None:
    card = draft(world.ann)
    with pytest.raises(PracticeError, match="leader"):
        practice_submit(practice=card, actor=world.ann, sponsor=world.mia)
    with pytest.raises(PermissionDenied):
        practice_submit(practice=card, actor=world.bob, sponsor=world.lou)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lou)
    assert card.status == Practice.Status.IN_REVIEW
    with pytest.raises(PermissionDenied):
        practice_approve(practice=card, actor=world.lea)  # a leader, but not the sponsor
    practice_approve(practice=card, actor=world.lou, note="Ship it")
    card.refresh_from_db()
    assert (card.status, card.version, card.sponsor) == (Practice.Status.APPROVED, 1, world.lou)
    assert access_practice(world.bob, card.pk) == card
    assert list(practices_visible(world.gil)) == [card]
    with pytest.raises(Http404):
        access_practice(world.otto, card.pk)


def test_send_back_needs_a_reason_and_returns_a_draft(world: World) -> None:
    card = draft(world.ann)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lea)
    with pytest.raises(PracticeError, match="why"):
        practice_send_back(practice=card, actor=world.lea, reason=" ")
    practice_send_back(practice=card, actor=world.lea, reason="Add a talk track")
    card.refresh_from_db()
    assert (card.status, card.review_note, card.version) == (
        Practice.Status.DRAFT,
        "Add a talk track",
        0,
    )
    assert card.events.first().kind == PracticeEvent.Kind.SENT_BACK  # type: ignore[union-attr]


def test_editing_an_approved_card_adds_a_version_and_keeps_the_old_one(world: World) -> None:
    card = approved(world.ann, world.lou)
    practice_update(
        practice=card,
        actor=world.ann,
        summary="Clearer first step",
        changes={"steps": "Ask for the go-live date\nWork back the steps\nShare the plan"},
    )
    card.refresh_from_db()
    assert card.version == 2
    first, second = card.versions.order_by("number")
    assert first.steps.startswith("Agree the go-live date")
    assert second.steps.startswith("Ask for the go-live date")
    assert (second.changed_fields, second.changed_by, second.summary) == (
        ["steps"],
        world.ann,
        "Clearer first step",
    )
    practice_update(practice=card, actor=world.ann, changes={"steps": second.steps})
    card.refresh_from_db()
    assert card.version == 2  # nothing changed, no version


def test_drafts_are_edited_without_versions(world: World) -> None:
    card = draft(world.ann)
    practice_update(practice=card, actor=world.ada, changes={"talk_tracks": "Shall we agree..."})
    assert card.versions.count() == 0
    with pytest.raises(PermissionDenied):
        practice_update(practice=card, actor=world.bob, changes={"title": "Mine now"})
    with pytest.raises(PermissionDenied):
        practice_update(practice=card, actor=world.lou, changes={"title": "Leaders review"})


def test_retire_by_admin_or_sponsor_only(world: World) -> None:
    card = approved(world.ann, world.lou, evidence=[MEETINGS])
    with pytest.raises(PermissionDenied):
        practice_retire(practice=card, actor=world.ann)
    practice_retire(practice=card, actor=world.ada, reason="Superseded")
    assert card.status == Practice.Status.RETIRED
    with pytest.raises(PermissionDenied):
        practice_update(practice=card, actor=world.ann, changes={"title": "Back"})
