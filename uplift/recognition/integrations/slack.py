"""Slack incoming webhooks: a spotlight as Block Kit blocks, with a plain-text fallback."""

from __future__ import annotations

from typing import Any

from uplift.recognition.integrations import ChatNotice, SpotlightPost


def escape(text: str) -> str:
    """Slack's mrkdwn control characters (so a name or message cannot ping or link anyone)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def spotlight_payload(post: SpotlightPost) -> dict[str, Any]:
    title = f"Spotlight on {post.contributor}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": f":star2: {title}"[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": escape(post.message)[:3000]}},
    ]
    if post.facts:
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": f"*{escape(label)}*\n{escape(value)}"[:2000]}
                    for label, value in post.facts[:10]
                ],
            }
        )
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"Posted by {escape(post.author)} in Uplift · <{post.link}|See it>",
                }
            ],
        }
    )
    return {"text": escape(f"{title}: {post.message}")[:3000], "blocks": blocks}


def notice_payload(notice: ChatNotice) -> dict[str, Any]:
    text = "\n".join(escape(line) for line in notice.lines)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": notice.title[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000] or " "}},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"From Uplift · <{notice.link}|Open it>"}],
        },
    ]
    return {"text": escape(notice.title)[:3000], "blocks": blocks}
