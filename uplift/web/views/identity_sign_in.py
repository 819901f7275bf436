"""Signing in through an organisation's identity provider: finding it (by e-mail domain or the
organisation's link), the OpenID Connect callback, SAML's assertion consumer and logout services,
our SAML metadata, and signing out where the provider allows it."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import time
from typing import Any
from urllib.parse import urlencode

from defusedxml import ElementTree
from django import forms
from django.contrib.auth import login, logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from uplift.core.refusals import Refusal
from uplift.identity import oidc, saml
from uplift.identity.errors import SignInRefused
from uplift.identity.models import IdentityProvider
from uplift.identity.selectors import (
    enabled_providers_of,
    provider_for_sign_in,
    provider_signed_in_with,
    providers_for_email,
)
from uplift.identity.services import (
    assertion_use,
    client_secret_of,
    person_for_sign_in,
    sp_private_key_of,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Person
from uplift.web.http import query_protocol, query_text
from uplift.web.limits import client, rate_limited
from uplift.web.text_forms import FreeTextForm

PENDING = "identity_pending"  # OpenID Connect: state -> what the callback checks
SIGNED_IN = "identity_signed_in"  # how the person signed in, for single logout
SAML_REQUEST_SECONDS = 600
BACKEND = "uplift.orgs.auth_backends.EmailBackend"


class FindProviderForm(FreeTextForm):
    email = forms.EmailField(
        label="Work e-mail", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


def _next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("home")


def sp_urls(request: HttpRequest, provider: IdentityProvider) -> saml.SpUrls:
    kwargs = {"organisation_slug": provider.organisation.slug, "provider_slug": provider.slug}
    return saml.SpUrls(
        entity_id=request.build_absolute_uri(reverse("sso_saml_metadata", kwargs=kwargs)),
        acs=request.build_absolute_uri(reverse("sso_saml_acs", kwargs=kwargs)),
        sls=request.build_absolute_uri(reverse("sso_saml_sls", kwargs=kwargs)),
    )


def oidc_redirect_uri(request: HttpRequest, provider: IdentityProvider) -> str:
    kwargs = {"organisation_slug": provider.organisation.slug, "provider_slug": provider.slug}
    return request.build_absolute_uri(reverse("sso_oidc_callback", kwargs=kwargs))


def _onward(
    request: HttpRequest, onward: str, *, headline: str, explanation: str, button: str
) -> HttpResponse:
    """A page that moves on to `onward` by itself. A form's answer may not redirect to another
    site (the content security policy's form-action), so the sign-in and sign-out forms answer
    with this page, which goes on to the identity provider as a link would."""
    context = {"onward": onward, "headline": headline, "explanation": explanation}
    return render(request, "identity/onward.html", {**context, "button": button})


def _refused(
    request: HttpRequest, refusal: Refusal, provider: IdentityProvider | None
) -> HttpResponse:
    context = {"refusal": refusal, "provider": provider}
    return render(request, "identity/refused.html", context, status=refusal.status)


@rate_limited("sign-in-sso", key=client)
@page_rule(access.PUBLIC)
def sso_find(request: HttpRequest) -> HttpResponse:
    """Single sign-on by work e-mail: the provider whose domains include the address."""
    form = FindProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = providers_for_email(email=form.cleaned_data["email"])
        if len(found) == 1:
            provider = found[0]
            url = reverse(
                "sso_start",
                kwargs={
                    "organisation_slug": provider.organisation.slug,
                    "provider_slug": provider.slug,
                },
            )
            return _onward(
                request,
                f"{url}?{urlencode({'next': request.POST.get('next', '')})}",
                headline=f"Signing you in with {provider.name}",
                explanation=f"Taking you to {provider.name}, {provider.organisation.name}'s "
                "sign-in.",
                button=f"Continue to {provider.name}",
            )
        if found:
            return render(request, "identity/choose.html", {"providers": found})
        form.add_error(
            "email",
            "No organisation on Uplift signs in this address's domain through single sign-on. "
            "Sign in with your password, or use the link your organisation gave you.",
        )
    status = 400 if request.method == "POST" else 200
    target = request.POST.get("next") or query_text(request, "next", max_length=1000)
    context = {"form": form, "next": target}
    return render(request, "identity/find.html", context, status=status)


@page_rule(access.PUBLIC)
def sso_organisation(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """The organisation's own sign-in link: a button per identity provider."""
    providers = list(enabled_providers_of(organisation_slug=organisation_slug))
    if not providers:
        return _refused(
            request,
            SignInRefused(
                "This organisation has no single sign-on set up on Uplift. Sign in with your "
                "e-mail and password, or ask your Uplift administrator for the right link.",
                code="no_provider",
            ),
            None,
        )
    return render(request, "identity/choose.html", {"providers": providers})


@page_rule(access.PUBLIC)
def sso_start(request: HttpRequest, organisation_slug: str, provider_slug: str) -> HttpResponse:
    """Sends the browser to the identity provider with a fresh request."""
    provider = provider_for_sign_in(
        organisation_slug=organisation_slug, provider_slug=provider_slug
    )
    target = _next(request, query_text(request, "next", max_length=1000) or None)
    try:
        if provider.protocol == IdentityProvider.Protocol.OIDC:
            started = oidc.oidc_start(
                provider=provider,
                client_secret=client_secret_of(provider),
                redirect_uri=oidc_redirect_uri(request, provider),
            )
            pending: dict[str, Any] = request.session.get(PENDING, {})
            # Keep only the last few sign-ins started in this browser.
            pending = dict(list(pending.items())[-4:])
            pending[started.state] = {
                "provider": provider.pk,
                "nonce": started.nonce,
                "verifier": started.code_verifier,
                "next": target,
                "at": time.time(),
            }
            request.session[PENDING] = pending
            return HttpResponseRedirect(started.url)
        request_id, location = saml.saml_start(
            provider=provider,
            urls=sp_urls(request, provider),
            private_key=sp_private_key_of(provider),
            relay_state=target,
        )
        # SAML answers by a cross-site POST, which carries no session cookie (SameSite=Lax):
        # our request ids wait in the cache for the answer instead.
        cache.set(f"identity:saml:request:{request_id}", provider.pk, SAML_REQUEST_SECONDS)
        return HttpResponseRedirect(location)
    except Refusal as refusal:
        return _refused(request, refusal, provider)


def _signed_in(
    request: HttpRequest, person: Person, provider: IdentityProvider, details: dict[str, str]
) -> None:
    login(request, person, backend=BACKEND)
    request.session[SIGNED_IN] = {"provider": provider.pk, **details}


@page_rule(access.PUBLIC)
def sso_oidc_callback(
    request: HttpRequest, organisation_slug: str, provider_slug: str
) -> HttpResponse:
    provider = provider_for_sign_in(
        organisation_slug=organisation_slug, provider_slug=provider_slug
    )
    answer = query_protocol(request, ("code", "state", "error", "error_description"))
    try:
        if answer.get("error"):
            raise SignInRefused(
                "The identity provider did not sign you in: "
                f"{answer.get('error_description') or answer['error']}.",
                code="provider_refused",
            )
        pending: dict[str, Any] = request.session.get(PENDING, {})
        started = pending.pop(answer.get("state", ""), None)
        request.session[PENDING] = pending
        if started is None or started["provider"] != provider.pk:
            raise SignInRefused(
                "This sign-in was not started here, or was already used (its state does not "
                "match). Start again from Uplift's sign-in page.",
                code="bad_state",
            )
        identity = oidc.oidc_finish(
            provider=provider,
            client_secret=client_secret_of(provider),
            redirect_uri=oidc_redirect_uri(request, provider),
            code=answer.get("code", ""),
            code_verifier=started["verifier"],
            nonce=started["nonce"],
        )
        person = person_for_sign_in(
            provider=provider,
            email=identity.email,
            email_verified=identity.email_verified,
            name=identity.name,
        )
        assertion_use(
            provider=provider,
            assertion_id=f"oidc:{identity.subject}:{identity.token_id}",
            expires_at=dt.datetime.fromtimestamp(identity.expires_at, tz=dt.UTC),
        )
    except Refusal as refusal:
        return _refused(request, refusal, provider)
    _signed_in(request, person, provider, {"protocol": "oidc", "id_token": identity.id_token})
    return redirect(started["next"])


def _in_response_to(saml_response: str) -> str:
    try:
        root = ElementTree.fromstring(base64.b64decode(saml_response, validate=False))
    except (ValueError, binascii.Error, ElementTree.ParseError):
        return ""
    return str(root.get("InResponseTo", ""))


@csrf_exempt  # the identity provider posts here, from its own site, signed
@rate_limited("sign-in-sso", key=client)
@page_rule(access.PUBLIC)
def sso_saml_acs(request: HttpRequest, organisation_slug: str, provider_slug: str) -> HttpResponse:
    provider = provider_for_sign_in(
        organisation_slug=organisation_slug, provider_slug=provider_slug
    )
    if request.method != "POST" or not request.POST.get("SAMLResponse"):
        return _refused(
            request,
            SignInRefused(
                "This address receives sign-ins from the identity provider. Start from "
                "Uplift's sign-in page.",
                code="bad_request",
            ),
            provider,
        )
    saml_response = request.POST["SAMLResponse"]
    outstanding: dict[str, str] = {}
    in_response_to = _in_response_to(saml_response)
    try:
        if in_response_to:
            key = f"identity:saml:request:{in_response_to}"
            if cache.get(key) != provider.pk:
                raise SignInRefused(
                    "This sign-in answers a request Uplift did not make, or one already used. "
                    "Start again from Uplift's sign-in page.",
                    code="bad_state",
                )
            cache.delete(key)
            outstanding = {in_response_to: ""}
        identity = saml.saml_finish(
            provider=provider,
            urls=sp_urls(request, provider),
            private_key=sp_private_key_of(provider),
            saml_response=saml_response,
            outstanding=outstanding,
        )
        person = person_for_sign_in(
            provider=provider, email=identity.email, email_verified=True, name=identity.name
        )
        assertion_use(
            provider=provider,
            assertion_id=f"saml:{identity.assertion_id}",
            expires_at=identity.expires_at,
        )
    except Refusal as refusal:
        return _refused(request, refusal, provider)
    _signed_in(
        request,
        person,
        provider,
        {
            "protocol": "saml",
            "name_id": identity.name_id,
            "name_id_format": identity.name_id_format,
            "session_index": identity.session_index,
        },
    )
    return redirect(_next(request, request.POST.get("RelayState")))


@page_rule(access.PUBLIC)
def sso_saml_metadata(
    request: HttpRequest, organisation_slug: str, provider_slug: str
) -> HttpResponse:
    """Our service provider metadata, for the identity provider's administrator to import."""
    provider = provider_for_sign_in(
        organisation_slug=organisation_slug, provider_slug=provider_slug
    )
    if provider.protocol != IdentityProvider.Protocol.SAML:
        return _refused(
            request,
            SignInRefused("This provider signs in with OpenID Connect: it has no SAML metadata."),
            provider,
        )
    xml = saml.sp_metadata(
        provider=provider, urls=sp_urls(request, provider), private_key=sp_private_key_of(provider)
    )
    response = HttpResponse(xml, content_type="application/samlmetadata+xml")
    response["Content-Disposition"] = f'inline; filename="uplift-{provider.slug}-metadata.xml"'
    return response


@page_rule(access.PUBLIC)
def sso_saml_sls(request: HttpRequest, organisation_slug: str, provider_slug: str) -> HttpResponse:
    """SAML single logout: the provider's answer to our logout, or its own logout request."""
    provider = provider_for_sign_in(
        organisation_slug=organisation_slug, provider_slug=provider_slug
    )
    query = query_protocol(
        request, ("SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature")
    )
    if "SAMLRequest" not in query and "SAMLResponse" not in query:
        return redirect("login")
    details: dict[str, Any] = request.session.get(SIGNED_IN) or {}
    signed_in_here = details.get("provider") == provider.pk
    try:
        answer = saml.saml_logout_answer(
            provider=provider,
            urls=sp_urls(request, provider),
            private_key=sp_private_key_of(provider),
            query=query,
            name_id=str(details.get("name_id", "")) if signed_in_here else "",
        )
    except Exception:  # noqa: BLE001  (an unreadable logout message changes nothing here)
        return redirect("login")
    if answer.signs_out:
        logout(request)
    return HttpResponseRedirect(answer.location) if answer.location else redirect("login")


@require_POST
@page_rule(access.PUBLIC)
def sign_out(request: HttpRequest) -> HttpResponse:
    """Signs out of Uplift and, for a person who signed in through an identity provider, of
    the provider too where its protocol allows (OpenID Connect RP-initiated logout, SAML
    single logout)."""
    details: dict[str, Any] = request.session.get(SIGNED_IN) or {}
    location = None
    provider = provider_signed_in_with(provider_id=int(details.get("provider") or 0))
    if provider is not None:
        try:
            if details.get("protocol") == "oidc":
                location = oidc.oidc_logout_url(
                    provider=provider,
                    id_token=details.get("id_token", ""),
                    post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
                )
            elif details.get("protocol") == "saml" and details.get("name_id"):
                location = saml.saml_logout_url(
                    provider=provider,
                    urls=sp_urls(request, provider),
                    private_key=sp_private_key_of(provider),
                    name_id=details["name_id"],
                    name_id_format=details.get("name_id_format", ""),
                    session_index=details.get("session_index", ""),
                )
        except Exception:  # noqa: BLE001  (signing out of Uplift never waits on the provider)
            location = None
    logout(request)
    if not location or provider is None:
        return redirect("login")
    return _onward(
        request,
        location,
        headline="Signed out of Uplift",
        explanation=f"Now signing you out of {provider.name} too.",
        button=f"Continue to sign out of {provider.name}",
    )
