"""How often: sign-in lockouts (django-axes), rate limits on writes (django-ratelimit), and the
429 answers both give. Rates are in settings.UPLIFT_RATE_LIMITS; docs/adr/0006 says why these
libraries and where each keeps its counts."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit import UNSAFE
from django_ratelimit.decorators import ratelimit

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])
UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104  (a name for "no address known", never bound to)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind the TLS proxy the last X-Forwarded-For
    entry (the one the proxy appended; entries before it are whatever the client claimed)."""
    candidates = [request.META.get("REMOTE_ADDR") or ""]
    if settings.UPLIFT_BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.insert(0, forwarded.rsplit(",", 1)[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return UNKNOWN_CLIENT


def sign_in_address(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail a sign-in attempt names, as the lockout counts it (case and spaces ignored)."""
    credentials = credentials or {}
    raw = credentials.get("username") or credentials.get("email") or request.POST.get("username")
    address = str(raw or "").strip().lower()
    return address or None


def _cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def sign_in_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The answer to a locked-out sign-in: the same whether or not the address exists."""
    minutes = _cool_off_seconds() // 60
    response = render(
        request,
        "web/too_many_requests.html",
        {
            "headline": "Too many failed sign-ins",
            "explanation": (
                f"Signing in is paused for {minutes} minutes after repeated failures. "
                "Wait, then try again; if you have forgotten your password, reset it."
            ),
            "offer_reset": True,
        },
        status=429,
    )
    response["Retry-After"] = str(_cool_off_seconds())
    return response


# --- Rate limits on writes ----------------------------------------------------------------------


def person_or_client(group: str, request: HttpRequest) -> str:
    """Count per person when someone is signed in (by session or API token), else per client."""
    person = getattr(request, "auth", None) or getattr(request, "user", None)
    if person is not None and getattr(person, "is_authenticated", False):
        return f"person:{person.pk}"
    return f"client:{client_ip(request)}"


def client(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def posted_email(group: str, request: HttpRequest) -> str:
    """The address a password reset is asked for, however it is written."""
    return request.POST.get("email", "").strip().lower()


def rate_of(group: str, request: HttpRequest) -> str:
    return str(settings.UPLIFT_RATE_LIMITS[group])


def rate_limited(
    group: str, *, key: Callable[[str, HttpRequest], str] = person_or_client
) -> Callable[[ViewFunc], ViewFunc]:
    """Refuse a page's writes (POST, PUT, PATCH, DELETE) beyond settings.UPLIFT_RATE_LIMITS[group]
    with 429, before the view runs. The API shares the counts (uplift.api.security.rate_limit)."""
    decorate: Callable[[ViewFunc], ViewFunc] = ratelimit(
        group=group, key=key, rate=rate_of, method=UNSAFE, block=True
    )
    return decorate


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """settings.RATELIMIT_VIEW: the page (or, for htmx, the fragment) a limited write gets."""
    template = (
        "web/partials/too_many_requests.html"
        if getattr(request, "htmx", False)
        else "web/too_many_requests.html"
    )
    context = {
        "headline": "Too many requests",
        "explanation": (
            "You have done this many times in a short while, so Uplift paused it and saved "
            "nothing this time. Please wait a little and try again."
        ),
    }
    return render(request, template, context, status=429)
