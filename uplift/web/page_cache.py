"""Pages kept for the person who read them, until anything they show may have changed.

A signed-in person's GET of a page is kept, drawn as it was, under a key made of:

- the data version (`uplift.core.data_version`): it changes with every committed write to the
  application database, from any process, so a kept page is never older than the data;
- the viewer's id, their session's key and their CSRF secret: a page is only ever shown again
  to the same person in the same signed-in session (its forms carry that session's token);
- the host, the scheme, the path with its query string, and every htmx request header (a table's
  body and its whole page are two answers to one address);
- the minute: times written as "5 minutes ago" are at most a minute behind.

Only a plain page is kept: status 200, HTML, not streamed, setting no cookie (but renewing the
CSRF cookie the request carried, which Django does for every page with a form), saying nothing
against being stored (`Cache-Control: no-store`), shown with no message waiting, by a request
that wrote nothing and opened no other person's private record (each such opening is recorded
in the audit trail, so it is drawn, and recorded, every time).

Two middlewares share the work, as Django's own cache middleware does: `PageCacheLookup`, inside
the session, authentication and message middlewares, answers from the cache or notes the key;
`PageCacheStore`, outside them all, keeps the final answer once every middleware has had its say
(a cookie set on the way out is seen there).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from uplift.audit.context import private_openings_watched
from uplift.core.data_version import data_version, writes_watched

CACHE_ALIAS = "pages"
MINUTE = 60
# Addresses whose answers are not pages for people: the API and the directory answer JSON to
# tokens, the health check and static files are cheaper than a look-up.
_NOT_PAGES = ("/api/", "/scim/", "/static/", "/healthz")
_KEY_ATTRIBUTE = "uplift_page_cache_key"
_SEPARATOR = "\x1f"


def page_key(request: HttpRequest, *, now: float | None = None) -> str | None:
    """The key the page a request asks for is kept under, or None when it is not kept."""
    if request.method != "GET" or request.path.startswith(_NOT_PAGES):
        return None
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None or not session.session_key:
        return None
    if len(messages.get_messages(request)):
        return None  # the page shows them, and showing them uses them up
    moment = time.time() if now is None else now
    htmx = sorted(
        f"{name}={value}" for name, value in request.META.items() if name.startswith("HTTP_HX_")
    )
    parts = [
        data_version(),
        str(user.pk),
        session.session_key,
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *htmx,
        str(int(moment // MINUTE)),
    ]
    digest = hashlib.sha256(_SEPARATOR.join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _sets_cookies(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the answer sets a cookie, beyond renewing the CSRF cookie the request carried
    (Django sends it again with every page that has a form, to renew its expiry)."""
    csrf = settings.CSRF_COOKIE_NAME
    return any(
        not (name == csrf and morsel.value and morsel.value == request.COOKIES.get(csrf))
        for name, morsel in response.cookies.items()
    )


def keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether an answer may be kept and shown again as it is."""
    return (
        response.status_code == 200
        and not response.streaming
        and isinstance(response, HttpResponse)
        and response.get("Content-Type", "").startswith("text/html")
        and not _sets_cookies(request, response)
        and "no-store" not in response.get("Cache-Control", "")
    )


def _kept(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = list(response.headers.items())
    return response.status_code, headers, response.content


def _answer(kept: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class PageCacheLookup:
    """Answer a signed-in person's GET from the pages kept for them; otherwise draw the page,
    watching whether drawing it wrote or opened someone's private record."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        kept = caches[CACHE_ALIAS].get(key)
        if kept is not None:
            if "CSRF_COOKIE" in request.META:  # renewed as drawing the page would have
                request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            return _answer(kept)
        with writes_watched() as writes, private_openings_watched() as openings:
            response = self.get_response(request)
        if writes.writes == 0 and openings.count == 0:
            setattr(request, _KEY_ATTRIBUTE, key)
        return response


class PageCacheStore:
    """Keep the final answer of a page `PageCacheLookup` found keepable (first middleware, so
    that it sees the answer after every other one, cookies included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key: str | None = getattr(request, _KEY_ATTRIBUTE, None)
        if key is not None and keepable(request, response) and isinstance(response, HttpResponse):
            caches[CACHE_ALIAS].set(key, _kept(response), MINUTE)
        return response
