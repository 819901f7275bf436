"""The signed-in person's own account: API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.selectors import api_tokens_of
from uplift.orgs.services import API_TOKEN_DEFAULT_DAYS, api_token_create, api_token_revoke
from uplift.web.http import AuthedRequest
from uplift.web.text_forms import FreeTextForm

LIFETIMES = [(7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "1 year")]


class ApiTokenForm(FreeTextForm):
    name = forms.CharField(label="What is it for?", max_length=100)
    lifetime_days = forms.TypedChoiceField(
        label="Expires after", choices=LIFETIMES, coerce=int, initial=API_TOKEN_DEFAULT_DAYS
    )


@page_rule(access.SIGNED_IN)
def api_tokens(request: AuthedRequest) -> HttpResponse:
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, new_token = api_token_create(
            person=request.user,
            name=form.cleaned_data["name"],
            lifetime_days=form.cleaned_data["lifetime_days"],
        )
        form = ApiTokenForm()
    context = {"tokens": api_tokens_of(person=request.user), "new_token": new_token, "form": form}
    return render(request, "web/api_tokens.html", context)


@require_POST
@page_rule(access.SIGNED_IN)
def api_token_revoke_view(request: AuthedRequest, token_id: int) -> HttpResponse:
    if api_token_revoke(person=request.user, token_id=token_id):
        messages.success(request, "Token revoked. Programs using it can no longer call the API.")
    else:
        messages.error(request, "That token was not found or was already revoked.")
    return redirect("api_tokens")
