"""The Markdown editor's live preview: the text as the page will show it, drawn by the same
renderer and cleaning (uplift.core.markdown), so a preview never shows what the page would not."""

from __future__ import annotations

import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from uplift.core.markdown import markdown_html
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import AuthedRequest, posted_text, query_text

MAX_PREVIEW = 50_000  # the longest text any Markdown field holds (a debrief's guide or notes)
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")


@require_POST
@page_rule(access.SIGNED_IN)
def markdown_preview(request: AuthedRequest) -> HttpResponse:
    """POST ?field=NAME with the text under NAME: its formatted HTML (an htmx fragment)."""
    field = query_text(request, "field", max_length=64)
    if not _FIELD.fullmatch(field):
        return HttpResponseBadRequest("field must name the form field holding the text.")
    text = posted_text(request.POST, field)
    if len(text) > MAX_PREVIEW:
        return HttpResponseBadRequest(f"At most {MAX_PREVIEW:,} characters can be previewed.")
    return HttpResponse(markdown_html(text))
