"""Incoming webhooks of chat tools a spotlight is also posted to: one module per vendor."""

from __future__ import annotations

import functools
import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from uplift.recognition.integrations.targets import (
    WebhookTargetRefused,
    peer_check,
    target_addresses,
)

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class SpotlightPost:
    """What a spotlight says, in plain text; each vendor module escapes it for its own markup."""

    author: str
    contributor: str
    message: str
    facts: list[tuple[str, str]]
    link: str


@dataclass(frozen=True)
class ChatNotice:
    """A plain notice for a team's channel (a reminder, say), in plain text: a title, a few
    lines and a link; each vendor module escapes it for its own markup."""

    title: str
    lines: list[str]
    link: str


class WebhookError(Exception):
    """The chat tool did not accept the post; the message says why, for the admin page."""


class WebhookRefused(WebhookError):  # noqa: N818  (a refusal: trying again changes nothing)
    """Uplift would not post there (an address inside the network, a redirect)."""


def _checked_connect(*, allow_private: bool) -> Any:
    """socket.create_connection, refusing a socket that reached an address a webhook may not
    (checked on the address really reached, before any byte is sent)."""

    def connect(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        sock = socket.create_connection(address, *args, **kwargs)
        peer_check(sock, allow_private=allow_private)
        return sock

    return connect


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_connect(allow_private=allow_private)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_connect(allow_private=allow_private)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, *, allow_private: bool) -> None:
        super().__init__()
        self.connection: Any = functools.partial(
            _CheckedHTTPConnection, allow_private=allow_private
        )

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self.connection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, *, allow_private: bool) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.connection: Any = functools.partial(
            _CheckedHTTPSConnection, allow_private=allow_private
        )

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self.connection, req, context=self.context)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is answered as the error it is, never followed


def _opener(*, allow_private: bool) -> urllib.request.OpenerDirector:
    """urllib without proxies (the address checked must be the one reached), without following
    redirects, with every connection checked against the address it reached."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirects(),
        _CheckedHTTPHandler(allow_private=allow_private),
        _CheckedHTTPSHandler(allow_private=allow_private),
    )


def post_json(
    url: str, payload: dict[str, Any], *, allow_private: bool, timeout: float = TIMEOUT_SECONDS
) -> int:
    """POST the payload as JSON to a checked address (see targets.py), never following a
    redirect; the status on success, WebhookError otherwise (WebhookRefused: do not retry)."""
    try:
        target_addresses(url, allow_private=allow_private)
    except WebhookTargetRefused as refusal:
        raise WebhookRefused(f"not sent: {refusal}") from refusal
    body = json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 (the URL's scheme and address are checked)
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with _opener(allow_private=allow_private).open(request, timeout=timeout) as response:
            return int(response.status)
    except WebhookTargetRefused as refusal:
        raise WebhookRefused(f"not sent: {refusal}") from refusal
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise WebhookRefused(
                f"HTTP {error.code}: the webhook answered with a redirect, which is not followed"
            ) from error
        detail = error.read(200).decode(errors="replace").strip()
        raise WebhookError(f"HTTP {error.code}{': ' + detail if detail else ''}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, WebhookTargetRefused):
            raise WebhookRefused(f"not sent: {reason}") from error
        raise WebhookError(f"could not reach the webhook: {reason}") from error
