"""Review is independent: the sponsor is a leader who neither wrote the card nor is credited on
it — refused by the service, the submit form and the API, and never offered in the picker."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World
from tests.practices.builders import draft
from uplift.orgs.models import Role
from uplift.orgs.services import api_token_create
from uplift.practices.access import can_review_practice, eligible_sponsors
from uplift.practices.models import Practice
from uplift.practices.services import (
    SponsorError,
    practice_approve,
    practice_submit,
    practice_update,
)

INDEPENDENT = "neither its author nor one of its contributors"


def test_the_author_may_not_name_themself_sponsor(world: World) -> None:
    card = draft(world.lou)
    with pytest.raises(SponsorError, match=INDEPENDENT):
        practice_submit(practice=card, actor=world.lou, sponsor=world.lou)
    card.refresh_from_db()
    assert (card.status, card.sponsor) == (Practice.Status.DRAFT, None)
    practice_submit(practice=card, actor=world.lou, sponsor=world.lea)
    assert card.sponsor == world.lea


def test_a_contributor_may_not_be_the_sponsor(world: World) -> None:
    card = draft(world.ann, contributors=[world.lea])
    with pytest.raises(SponsorError, match=INDEPENDENT):
        practice_submit(practice=card, actor=world.ann, sponsor=world.lea)
    assert Practice.objects.get(pk=card.pk).status == Practice.Status.DRAFT


def test_can_review_is_false_for_an_author_or_contributor_named_sponsor(world: World) -> None:
    """Defence in depth: even a card that reached review with a dependent sponsor (written
    before the rule, or set directly) cannot be approved by them."""
    by_lou = draft(world.lou, title="Lou's own card")
    with_lea = draft(world.ann, title="Lea helped", contributors=[world.lea])
    for card, sponsor in ((by_lou, world.lou), (with_lea, world.lea)):
        Practice.objects.filter(pk=card.pk).update(
            status=Practice.Status.IN_REVIEW, sponsor=sponsor
        )
        card.refresh_from_db()
        assert not can_review_practice(sponsor, card)
        with pytest.raises(Exception, match="named sponsor"):
            practice_approve(practice=card, actor=sponsor)
    independent = draft(world.ann, title="Ann's card")
    practice_submit(practice=independent, actor=world.ann, sponsor=world.lou)
    assert can_review_practice(world.lou, independent)


def test_the_sponsor_cannot_join_the_contributors_of_a_card_in_review(world: World) -> None:
    card = draft(world.ann)
    practice_submit(practice=card, actor=world.ann, sponsor=world.lou)
    with pytest.raises(SponsorError, match="Lou Test sponsors this practice"):
        practice_update(
            practice=card, actor=world.ann, changes={"contributors": [world.ann, world.lou]}
        )
    assert list(card.contributors.all()) == [world.ann]
    assert can_review_practice(world.lou, card)


def test_the_picker_lists_only_independent_leaders(world: World, login) -> None:  # type: ignore[no-untyped-def]
    card = draft(world.lou, contributors=[world.ann])
    assert list(eligible_sponsors(card)) == [world.lea]
    html = login(world.lou).get(f"/practices/{card.pk}/").content.decode()
    assert f'<option value="{world.lea.pk}">Lea Test</option>' in html
    assert f'<option value="{world.lou.pk}"' not in html
    assert "leaders who wrote the card or are credited on it are not listed" in html


def test_the_form_says_plainly_when_no_leader_can_review(world: World, login) -> None:  # type: ignore[no-untyped-def]
    world.lea.is_active = False
    world.lea.save(update_fields=["is_active"])
    card = draft(world.lou)
    assert list(eligible_sponsors(card)) == []
    html = login(world.lou).get(f"/practices/{card.pk}/").content.decode()
    assert 'data-testid="no-sponsor"' in html
    assert "No leader can review this card yet" in html
    assert 'name="sponsor"' not in html
    assert "Submit for review" not in html


def test_the_submit_form_refuses_the_author_as_sponsor(world: World, login) -> None:  # type: ignore[no-untyped-def]
    card = draft(world.lou)
    client: Client = login(world.lou)
    refused = client.post(f"/practices/{card.pk}/submit/", {"sponsor": world.lou.pk})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="sponsor-error"' in html
    assert INDEPENDENT in html
    assert 'class="form-select is-invalid"' in html
    assert Practice.objects.get(pk=card.pk).status == Practice.Status.DRAFT
    sent = client.post(f"/practices/{card.pk}/submit/", {"sponsor": world.lea.pk})
    assert sent.status_code == 302
    assert Practice.objects.get(pk=card.pk).sponsor == world.lea


def test_the_api_refuses_a_contributor_or_the_author_as_sponsor(
    world: World, client: Client
) -> None:
    _, token = api_token_create(person=world.lou, name="t")
    lou = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    card = draft(world.lou, contributors=[world.lea])
    assert world.lea.role == Role.LEADER
    for sponsor in (world.lou, world.lea):
        refused = client.post(
            f"/api/practices/{card.pk}/submit",
            {"sponsor_id": sponsor.pk},
            content_type="application/json",
            **lou,
        )
        assert refused.status_code == 400
        assert INDEPENDENT in refused.json()["detail"]
    assert Practice.objects.get(pk=card.pk).status == Practice.Status.DRAFT
