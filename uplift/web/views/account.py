"""The signed-in person's own account: API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.services import api_token_create, api_token_revoke
from uplift.web.http import AuthedRequest


@page_rule(access.SIGNED_IN)
def api_tokens(request: AuthedRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100]
        _, new_token = api_token_create(person=request.user, name=name)
    tokens = request.user.api_tokens.all()
    return render(request, "web/api_tokens.html", {"tokens": tokens, "new_token": new_token})


@require_POST
@page_rule(access.SIGNED_IN)
def api_token_revoke_view(request: AuthedRequest, token_id: int) -> HttpResponse:
    if api_token_revoke(person=request.user, token_id=token_id):
        messages.success(request, "Token revoked. Programs using it can no longer call the API.")
    else:
        messages.error(request, "That token was not found or was already revoked.")
    return redirect("api_tokens")
