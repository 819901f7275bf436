"""Incoming webhooks of chat tools a spotlight is also posted to: one module per vendor."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class SpotlightPost:
    """What a spotlight says, in plain text; each vendor module escapes it for its own markup."""

    author: str
    contributor: str
    message: str
    facts: list[tuple[str, str]]
    link: str


class WebhookError(Exception):
    """The chat tool did not accept the post; the message says why, for the admin page."""


def post_json(url: str, payload: dict[str, Any], *, timeout: float = TIMEOUT_SECONDS) -> int:
    """POST the payload as JSON; the status on success, WebhookError otherwise."""
    body = json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 (the URL is checked to be http(s) when saved)
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        detail = error.read(200).decode(errors="replace").strip()
        raise WebhookError(f"HTTP {error.code}{': ' + detail if detail else ''}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise WebhookError(f"could not reach the webhook: {reason}") from error
