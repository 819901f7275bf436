"""A plain notice (a reminder, say) as each chat tool takes it: escaped for its markup, with a
button back to the page in Uplift."""

from __future__ import annotations

from uplift.recognition.integrations import ChatNotice
from uplift.recognition.integrations.teams import notice_adaptive_card, notice_message_card

NOTICE = ChatNotice(
    title="Due <this week>",
    lines=["Host a *role-play clinic*", "Give one debrief"],
    link="https://uplift.example/initiatives/3/",
)


def test_a_message_card_escapes_the_text_and_opens_the_page() -> None:
    card = notice_message_card(NOTICE)
    assert card["@type"] == "MessageCard"
    assert "<this week>" not in card["title"]
    assert card["text"].count("\n\n") == 1
    assert "*role-play clinic*" not in card["text"]
    assert card["potentialAction"] == [
        {
            "@type": "OpenUri",
            "name": "Open it in Uplift",
            "targets": [{"os": "default", "uri": NOTICE.link}],
        }
    ]


def test_an_adaptive_card_is_the_one_attachment_of_a_message() -> None:
    message = notice_adaptive_card(NOTICE)
    assert message["type"] == "message"
    [attachment] = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert len(card["body"]) == 1 + len(NOTICE.lines)
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open it in Uplift", "url": NOTICE.link}
    ]
