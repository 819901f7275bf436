"""The admin's directory settings: the SCIM address and the bearer token Okta, Entra ID or
Google use (created or rotated here, shown once, stored hashed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.provisioning.selectors import scim_token_of
from uplift.provisioning.services import scim_token_revoke, scim_token_rotate
from uplift.web.http import AuthedRequest, posted_text


@page_rule(access.ADMINS)
def directory_settings(request: AuthedRequest) -> HttpResponse:
    """GET: the SCIM address and the token's state. POST action=rotate|revoke."""
    organisation = access.viewer_organisation(request.user)
    new_token = ""
    if request.method == "POST":
        action = posted_text(request.POST, "action")
        if action == "rotate":
            new_token = scim_token_rotate(admin=request.user)
        elif action == "revoke":
            scim_token_revoke(admin=request.user)
            messages.success(request, "Token revoked: the directory can no longer provision.")
            return redirect("directory_settings")
        else:
            return render(
                request,
                "provisioning/settings.html",
                {
                    "token": scim_token_of(organisation=organisation),
                    "scim_url": request.build_absolute_uri("/scim/v2/"),
                    "error": "Choose to create or to revoke the token.",
                },
                status=400,
            )
    context = {
        "token": scim_token_of(organisation=organisation),
        "new_token": new_token,
        "scim_url": request.build_absolute_uri("/scim/v2/"),
    }
    return render(request, "provisioning/settings.html", context)
