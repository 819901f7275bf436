"""Request-level guards: how large a request body may be, and how long a signed-in session lasts;
and the address the request came to, for the links its work sends."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone

from uplift.core.links import request_address
from uplift.orgs.models import Person
from uplift.orgs.time_zones import person_time_zone, zone_info

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])
_TAKES_UPLOADS = "uplift_takes_uploads"


def takes_uploads(view: ViewFunc) -> ViewFunc:
    """Mark a page that receives uploaded files: its body may reach UPLIFT_UPLOAD_MAX_BYTES."""
    setattr(view, _TAKES_UPLOADS, True)
    return view


def body_limit(view: Any) -> int:
    """The largest body a view accepts, in bytes."""
    if getattr(view, _TAKES_UPLOADS, False):
        return int(settings.UPLIFT_UPLOAD_MAX_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestBodyLimitMiddleware:
    """Refuse, with 413 and without reading it, a body larger than its view accepts.

    Django bounds form and JSON bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files
    of any size to disk, whatever the page; this refuses them on every page but the upload ones.
    A body without a Content-Length is read as empty by Django, so the declared length is the
    one to check.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("A request needs a valid Content-Length.", status=400)
        limit = body_limit(view)
        if declared <= limit:
            return None
        megabytes = max(1, limit // 2**20)
        return HttpResponse(
            f"Request too large: this page accepts at most {megabytes} MB.",
            status=413,
            content_type="text/plain; charset=utf-8",
        )


SIGNED_IN_AT = "uplift_signed_in_at"
LAST_SEEN_AT = "uplift_last_seen_at"
REFRESH_EVERY_SECONDS = 60


class SessionLifetimeMiddleware:
    """End a signed-in session after SESSION_COOKIE_AGE seconds without a request (idle) or
    UPLIFT_SESSION_MAX_SECONDS after signing in (absolute), whichever comes first.

    Activity refreshes the session (and so its cookie and stored expiry) at most once a minute,
    not on every request, so that reading pages does not write to the database each time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            self._enforce(request, now=time.time())
        response = self.get_response(request)
        # Signed in by this very request: the lifetime starts now.
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            now = time.time()
            request.session[SIGNED_IN_AT] = now
            request.session[LAST_SEEN_AT] = now
        return response

    @staticmethod
    def _enforce(request: HttpRequest, *, now: float) -> None:
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen_at = session.get(LAST_SEEN_AT)
        if signed_in_at is None or last_seen_at is None:
            return  # stamped after the response
        too_old = now - signed_in_at > settings.UPLIFT_SESSION_MAX_SECONDS
        idle = now - last_seen_at > settings.SESSION_COOKIE_AGE
        if too_old or idle:
            logout(request)  # the page's access rule then sends them to sign in
            messages.info(
                request,
                "You were signed out after a while without activity."
                if idle
                else "You were signed out: sessions last at most "
                f"{settings.UPLIFT_SESSION_MAX_SECONDS // 3600} hours.",
            )
        elif now - last_seen_at >= REFRESH_EVERY_SECONDS:
            session[LAST_SEEN_AT] = now


class RequestAddressMiddleware:
    """Links that a page's work puts in e-mails point at the address this request came to
    (`uplift.core.links`), unless the installation names its address in UPLIFT_BASE_URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            base = request.build_absolute_uri("/")
        except DisallowedHost:  # refused by CommonMiddleware already; link to the default
            return self.get_response(request)
        with request_address(base):
            return self.get_response(request)


class ViewerTimeZoneMiddleware:
    """Show every time in the viewer's time zone: their own, else their organisation's
    (`uplift.orgs.time_zones`). Django converts each stored UTC time to the active zone when a
    page shows it or a form reads one typed in; signed-out pages use the installation's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and isinstance(user, Person):
            timezone.activate(zone_info(person_time_zone(user)))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
