"""Absolute links to Uplift's pages, for e-mails and chat messages, on the address people reach.

Which address, first found first:

1. `UPLIFT_BASE_URL`, when an installation sets it (production, behind its public name);
2. the address of the request being answered, when a page's work sends the message (the host
   Django accepted through ALLOWED_HOSTS, so a forged Host header is refused before this);
3. the address `uplift serve` or `uplift demo` listens on (they set `UPLIFT_SERVED_URL` for the
   web server and the task worker they start), so a demo on port 8765 links to port 8765;
4. http://127.0.0.1:8000.

The request's address is kept for the duration of one request by `request_address` (the web
layer's middleware), in a context variable, so each thread of the server sees its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_REQUEST_BASE: ContextVar[str | None] = ContextVar("uplift_request_base", default=None)


def served_url(*, host: str, port: int) -> str:
    """The address a server listening on host:port is reached at (a wildcard address is
    reached on this machine's loopback address)."""
    if host in ("", "0.0.0.0"):  # noqa: S104 (naming the wildcard, not binding to it)
        host = "127.0.0.1"
    elif host in ("::", "[::]"):
        host = "[::1]"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def site_base() -> str:
    """The scheme and host (no trailing slash) that links start with."""
    if getattr(settings, "UPLIFT_BASE_URL_CONFIGURED", False):
        return str(settings.UPLIFT_BASE_URL)
    return _REQUEST_BASE.get() or str(settings.UPLIFT_BASE_URL)


def site_url(path: str) -> str:
    """An absolute link to a path of the site ("/practices/12/")."""
    return f"{site_base()}{path}"


@contextmanager
def request_address(base: str) -> Iterator[None]:
    """While answering a request received on `base` ("https://uplift.example.com")."""
    token = _REQUEST_BASE.set(base.rstrip("/"))
    try:
        yield
    finally:
        _REQUEST_BASE.reset(token)
