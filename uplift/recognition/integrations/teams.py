"""Microsoft Teams incoming webhooks: a spotlight as a MessageCard (Office 365 connectors) or an
Adaptive Card (Workflows webhooks)."""

from __future__ import annotations

import html
from typing import Any

from uplift.recognition.integrations import ChatNotice, SpotlightPost

ADAPTIVE_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def escape(text: str) -> str:
    """MessageCard text is rendered as Markdown with some HTML: neither may come from users."""
    escaped = html.escape(text, quote=False)
    for character in "\\`*_[]#":
        escaped = escaped.replace(character, "\\" + character)
    return escaped


def message_card(post: SpotlightPost) -> dict[str, Any]:
    title = f"Spotlight on {post.contributor}"
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": title,
        "themeColor": "F5A623",
        "title": escape(title),
        "text": escape(post.message),
        "sections": [
            {
                "activityTitle": escape(f"Posted by {post.author}"),
                "facts": [
                    {"name": escape(label), "value": escape(value)} for label, value in post.facts
                ],
            }
        ],
        "potentialAction": [_open_uri("See it in Uplift", post.link)],
    }


def adaptive_card(post: SpotlightPost) -> dict[str, Any]:
    # Adaptive Card TextBlocks render a subset of Markdown: escape it as for MessageCards.
    card = {
        "$schema": ADAPTIVE_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "size": "Large",
                "weight": "Bolder",
                "wrap": True,
                "text": escape(f"Spotlight on {post.contributor}"),
            },
            {"type": "TextBlock", "wrap": True, "text": escape(post.message)},
            {
                "type": "FactSet",
                "facts": [
                    {"title": escape(label), "value": escape(value)} for label, value in post.facts
                ],
            },
            {
                "type": "TextBlock",
                "isSubtle": True,
                "wrap": True,
                "text": escape(f"Posted by {post.author} in Uplift"),
            },
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "See it in Uplift", "url": post.link}],
    }
    return _adaptive_message(card)


def notice_message_card(notice: ChatNotice) -> dict[str, Any]:
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": notice.title,
        "themeColor": "2B59C3",
        "title": escape(notice.title),
        "text": "\n\n".join(escape(line) for line in notice.lines),
        "potentialAction": [_open_uri("Open it in Uplift", notice.link)],
    }


def notice_adaptive_card(notice: ChatNotice) -> dict[str, Any]:
    card = {
        "$schema": ADAPTIVE_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "size": "Large",
                "weight": "Bolder",
                "wrap": True,
                "text": escape(notice.title),
            },
            *({"type": "TextBlock", "wrap": True, "text": escape(line)} for line in notice.lines),
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "Open it in Uplift", "url": notice.link}],
    }
    return _adaptive_message(card)


def _open_uri(name: str, uri: str) -> dict[str, Any]:
    """A MessageCard's button that opens the page in Uplift."""
    return {"@type": "OpenUri", "name": name, "targets": [{"os": "default", "uri": uri}]}


def _adaptive_message(card: dict[str, Any]) -> dict[str, Any]:
    """The message a Workflows webhook takes: the Adaptive Card as its one attachment."""
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }
