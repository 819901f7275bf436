"""The review trail in words: an edit names the fields it changed by the labels the card's
declaration gives them (uplift/practices/card_fields.py), never by their names."""

from __future__ import annotations

from django.test import Client

from tests.conftest import World
from tests.practices.builders import draft
from uplift.practices.card_fields import CARD_FIELDS, changes_in_words, trail_note_in_words
from uplift.practices.models import PracticeEvent
from uplift.practices.services import practice_update


def test_changed_fields_read_as_their_labels() -> None:
    assert changes_in_words(["when_to_use"]) == "Changed “When to use it”."
    assert changes_in_words(["when_to_use", "talk_tracks", "evidence"]) == (
        "Changed “When to use it”, “Talk tracks and examples” and “Evidence”."
    )
    assert changes_in_words([]) == ""


def test_every_declared_field_has_a_label_in_the_trail() -> None:
    for field in CARD_FIELDS:
        assert changes_in_words([field.name]) == f"Changed “{field.label}”."


def test_an_old_note_of_field_names_reads_in_words_and_a_summary_as_written() -> None:
    assert trail_note_in_words("when_to_use, talk_tracks") == (
        "Changed “When to use it” and “Talk tracks and examples”."
    )
    assert trail_note_in_words("Shorter steps, clearer title") == "Shorter steps, clearer title"
    assert trail_note_in_words("") == ""


def test_the_card_page_shows_an_edit_by_its_labels(world: World, client: Client) -> None:
    card = draft(world.ann)
    practice_update(
        practice=card, actor=world.ann, changes={"when_to_use": "Late stage", "talk_tracks": "Hi"}
    )
    event = PracticeEvent.objects.get(practice=card, kind=PracticeEvent.Kind.EDITED)
    assert event.note == "Changed “When to use it” and “Talk tracks and examples”."
    PracticeEvent.objects.create(practice=card, kind="edited", actor=world.ann, note="steps, title")
    client.force_login(world.ann)
    html = client.get(f"/practices/{card.pk}/").content.decode()
    trail = html.split('data-testid="review-trail"')[1].split("</ul>")[0]
    assert "Changed “When to use it” and “Talk tracks and examples”." in trail
    assert "Changed “Steps” and “Title”." in trail
    assert "when_to_use" not in trail
    assert "talk_tracks" not in trail
