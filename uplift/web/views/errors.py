"""Error pages that say what was wrong (Django's own say only the status)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from uplift.web.http import UnreadableInput


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a value the page could not take (a query parameter, posted text) is named, with
    what it must be."""
    if not isinstance(exception, UnreadableInput):
        return defaults.bad_request(request, exception)
    return render(request, "400.html", {"exception": str(exception)}, status=400)
