"""Reactions (a small fixed set) and comments on kudos: whoever may see a kudos — everyone in its
organisation — may react and comment; the receiver is told through their notifications; a refused
comment keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.conftest import World
from uplift.core.refusals import Invalid
from uplift.notifications.kinds import Kind
from uplift.notifications.models import Notification
from uplift.recognition.models import Kudos, KudosComment, KudosReaction
from uplift.recognition.responses import kudos_responses
from uplift.recognition.services import kudos_comment_create, kudos_reaction_toggle

pytestmark = pytest.mark.django_db


@pytest.fixture
def kudos(world: World) -> Kudos:
    return Kudos.objects.create(
        organisation=world.org, giver=world.art, receiver=world.ann, message="Thanks for the demo"
    )


def _told(world: World) -> list[str]:
    return list(
        Notification.objects.filter(recipient=world.ann, kind=Kind.KUDOS_RESPONSE)
        .order_by("pk")
        .values_list("text", flat=True)
    )


def test_a_reaction_toggles_and_tells_the_receiver_once(world: World, kudos: Kudos) -> None:
    assert kudos_reaction_toggle(kudos=kudos, person=world.gil, kind="applause") is True
    assert kudos_reaction_toggle(kudos=kudos, person=world.bob, kind="applause") is True
    assert kudos_reaction_toggle(kudos=kudos, person=world.gil, kind="learned") is True
    assert kudos_reaction_toggle(kudos=kudos, person=world.gil, kind="applause") is False  # back
    assert kudos_reaction_toggle(kudos=kudos, person=world.gil, kind="applause") is True
    assert KudosReaction.objects.filter(kudos=kudos).count() == 3
    # Ann reacting to her own kudos tells nobody; Gil's applause, given twice, told once.
    kudos_reaction_toggle(kudos=kudos, person=world.ann, kind="thanks")
    assert _told(world) == [
        "Gil Test reacted “Well deserved” to the kudos from Art Test",
        "Bob Test reacted “Well deserved” to the kudos from Art Test",
        "Gil Test reacted “Learned from it” to the kudos from Art Test",
    ]
    shown = kudos_responses(kudos_ids=[kudos.pk], viewer=world.gil)[kudos.pk]
    counts = {r.kind: (r.count, r.mine) for r in shown.reactions}
    assert counts == {
        "thanks": (1, False),
        "applause": (2, True),
        "learned": (1, True),
        "heart": (0, False),
    }
    applause = next(r for r in shown.reactions if r.kind == "applause")
    assert applause.who == "Bob Test, Gil Test"


def test_only_the_kudos_organisation_responds_and_only_with_the_set(
    world: World, kudos: Kudos
) -> None:
    with pytest.raises(Invalid, match="Choose one of the reactions"):
        kudos_reaction_toggle(kudos=kudos, person=world.gil, kind="boo")
    with pytest.raises(PermissionDenied):
        kudos_reaction_toggle(kudos=kudos, person=world.otto, kind="thanks")
    with pytest.raises(PermissionDenied):
        kudos_comment_create(kudos=kudos, author=world.otto, body="Hello")
    assert not KudosReaction.objects.exists()


def test_a_comment_is_kept_and_the_receiver_told(world: World, kudos: Kudos) -> None:
    comment = kudos_comment_create(kudos=kudos, author=world.mia, body="  Well deserved, Ann!  ")
    assert comment.body == "Well deserved, Ann!"
    assert _told(world) == ["Mia Test commented on the kudos from Art Test: Well deserved, Ann!"]
    link = Notification.objects.get(recipient=world.ann, kind=Kind.KUDOS_RESPONSE).link
    assert link == f"/recognition/kudos/{kudos.pk}/#comment-{comment.pk}"
    for body in ("", "x" * 501):
        with pytest.raises(Invalid):
            kudos_comment_create(kudos=kudos, author=world.mia, body=body)


def test_the_feed_reacts_and_comments_in_place(
    world: World, kudos: Kudos, login: Callable[..., Client]
) -> None:
    client: Client = login(world.gil)
    feed = client.get("/recognition/").content.decode()
    assert f'id="responses-{kudos.pk}"' in feed
    assert 'data-testid="reaction-heart"' in feed
    reacted = client.post(
        f"/recognition/kudos/{kudos.pk}/react/", {"kind": "heart"}, HTTP_HX_REQUEST="true"
    )
    assert reacted.status_code == 200
    assert 'aria-pressed="true"' in reacted.content.decode()
    commented = client.post(
        f"/recognition/kudos/{kudos.pk}/comments/", {"body": "So true"}, HTTP_HX_REQUEST="true"
    )
    assert "So true" in commented.content.decode()
    page = client.get(f"/recognition/kudos/{kudos.pk}/").content.decode()
    assert "Kudos to Ann Test" in page
    assert "So true" in page


def test_a_refused_comment_keeps_what_was_typed(
    world: World, kudos: Kudos, login: Callable[..., Client]
) -> None:
    client: Client = login(world.gil)
    typed = "A long thought " * 40  # 600 characters
    refused = client.post(
        f"/recognition/kudos/{kudos.pk}/comments/", {"body": typed}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Keep a comment under 500 characters" in text
    assert typed.strip() in text
    without_htmx = client.post(f"/recognition/kudos/{kudos.pk}/comments/", {"body": typed})
    assert without_htmx.status_code == 400
    assert typed.strip() in without_htmx.content.decode()
    assert not KudosComment.objects.exists()
