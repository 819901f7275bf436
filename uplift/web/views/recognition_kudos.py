"""A kudos' own page, and the reactions and comments under it (on the feed too, in place with
htmx). Whoever may see a kudos — everyone in its organisation — may react and comment."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from uplift.core.refusals import Invalid
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.recognition import access as recognition_access
from uplift.recognition.models import KUDOS_COMMENT_MAX, Kudos
from uplift.recognition.responses import kudos_responses
from uplift.recognition.selectors import kudos_items
from uplift.recognition.services import kudos_comment_create, kudos_reaction_toggle
from uplift.web.http import AuthedRequest, posted_text
from uplift.web.limits import rate_limited


def _kudos(request: AuthedRequest, kudos_id: int) -> Kudos:
    return recognition_access.access_kudos(request.user, kudos_id)


def _responses(
    request: AuthedRequest, kudos: Kudos, *, error: str = "", typed: str = "", status: int = 200
) -> HttpResponse:
    """The kudos' reactions and comments: the fragment to htmx, else the kudos' page. A refused
    comment comes back with what was typed and the reason."""
    context = {
        "k": kudos,
        "responses": kudos_responses(kudos_ids=[kudos.pk], viewer=request.user)[kudos.pk],
        "comment_error": error,
        "comment_typed": typed,
        "comment_max": KUDOS_COMMENT_MAX,
    }
    if request.htmx:
        return render(request, "recognition/_kudos_responses.html", context, status=status)
    if status >= 400:
        return _page(request, kudos, context, status=status)
    return redirect(reverse("recognition_kudos", args=[kudos.pk]) + f"#responses-{kudos.pk}")


def _page(
    request: AuthedRequest, kudos: Kudos, extra: dict[str, object], status: int = 200
) -> HttpResponse:
    (item,) = kudos_items(viewer=request.user, kudos=[kudos])
    context = {"item": item, "comment_max": KUDOS_COMMENT_MAX, **extra}
    return render(request, "recognition/kudos.html", context, status=status)


@page_rule(access.SIGNED_IN)
def recognition_kudos(request: AuthedRequest, kudos_id: int) -> HttpResponse:
    return _page(request, _kudos(request, kudos_id), {})


@page_rule(access.SIGNED_IN)
@require_POST
def recognition_kudos_react(request: AuthedRequest, kudos_id: int) -> HttpResponse:
    kudos = _kudos(request, kudos_id)
    try:
        kudos_reaction_toggle(
            kudos=kudos, person=request.user, kind=posted_text(request.POST, "kind")
        )
    except Invalid as refusal:
        return _responses(request, kudos, error=refusal.message, status=400)
    return _responses(request, kudos)


@page_rule(access.SIGNED_IN)
@require_POST
@rate_limited("comments")
def recognition_kudos_comment(request: AuthedRequest, kudos_id: int) -> HttpResponse:
    kudos = _kudos(request, kudos_id)
    body = posted_text(request.POST, "body")
    try:
        kudos_comment_create(kudos=kudos, author=request.user, body=body)
    except Invalid as refusal:
        return _responses(request, kudos, error=refusal.message, typed=body, status=400)
    return _responses(request, kudos)
