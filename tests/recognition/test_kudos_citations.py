"""A kudos or a spotlight cites only a practice its author may see, and the public feed names a
cited practice only to those who may see it: someone else's draft never reaches the feed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World
from tests.recognition.helpers import practice_make
from uplift.core.refusals import Invalid
from uplift.practices.models import Practice
from uplift.recognition.models import Kudos, Spotlight
from uplift.recognition.services import kudos_give, spotlight_post
from uplift.web.views.recognition_forms import KudosForm

SECRET = "Secret pricing trick"


@pytest.fixture
def arts_draft(world: World) -> Practice:
    return practice_make(author=world.art, title=SECRET, status=Practice.Status.DRAFT)


@pytest.mark.parametrize("status", [Practice.Status.DRAFT, Practice.Status.IN_REVIEW])
def test_a_rep_cannot_cite_someone_elses_unshared_practice(world: World, status: str) -> None:
    theirs = practice_make(author=world.art, title=SECRET, status=status)
    with pytest.raises(Invalid, match="Choose the practice"):
        kudos_give(
            giver=world.ann,
            receiver=world.art,
            message="Thanks!",
            reason=Kudos.Reason.PRACTICE,
            practice=theirs,
        )
    assert not Kudos.objects.exists()


def test_the_api_refuses_to_cite_someone_elses_draft(
    world: World, client: Client, arts_draft: Practice
) -> None:
    client.force_login(world.ann)
    response = client.post(
        "/api/recognition/kudos",
        {
            "receiver_id": world.art.pk,
            "message": "Thanks!",
            "reason": "practice",
            "practice_id": arts_draft.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Choose the practice" in response.json()["detail"]
    assert not Kudos.objects.exists()


def test_the_kudos_form_offers_only_practices_the_giver_may_see(
    world: World, client: Client, arts_draft: Practice
) -> None:
    shared = practice_make(author=world.bob, title="Shared opener")
    bobs_review = practice_make(
        author=world.bob, title="Bob in review", status=Practice.Status.IN_REVIEW
    )
    form = KudosForm(viewer=world.ann)
    assert list(form.fields["practice"].queryset) == [shared]  # type: ignore[attr-defined]
    assert bobs_review not in KudosForm(viewer=world.art).fields["practice"].queryset  # type: ignore[attr-defined]
    client.force_login(world.ann)
    body = {
        "receiver": world.art.pk,
        "reason": "practice",
        "practice": arts_draft.pk,
        "message": "Thanks!",
    }
    client.post("/recognition/kudos/", body)
    assert not Kudos.objects.exists()


def test_the_feed_names_a_cited_draft_only_to_those_who_may_see_it(
    world: World, client: Client, login: Any
) -> None:
    anns_draft = practice_make(
        author=world.ann, title=SECRET, status=Practice.Status.DRAFT, contributors=[world.art]
    )
    kudos_give(
        giver=world.ann,
        receiver=world.art,
        message="Thanks for the co-writing!",
        reason=Kudos.Reason.PRACTICE,
        practice=anns_draft,
        sync=False,
    )
    for person, sees in (
        (world.ann, True),
        (world.art, True),
        (world.lou, True),
        (world.bob, False),
        (world.mia, False),
    ):
        client.force_login(person)
        page = client.get("/recognition/").text
        assert "Thanks for the co-writing!" in page
        assert (SECRET in page) is sees, person
        if not sees:
            assert "for a practice" in page


def test_a_spotlight_cannot_put_a_draft_in_front_of_everyone(
    world: World, arts_draft: Practice
) -> None:
    with pytest.raises(Invalid, match="draft is not shared yet"):
        spotlight_post(
            author=world.lou, contributor=world.art, message="Look at this!", practice=arts_draft
        )
    assert not Spotlight.objects.exists()
