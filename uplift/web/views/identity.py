"""Settings, Sign-in: the enablement admin's identity providers (OpenID Connect by issuer,
SAML by metadata), what to give the provider in return, and the organisation's sign-in policy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from uplift.core.refusals import Refusal
from uplift.identity.models import IdentityProvider
from uplift.identity.selectors import access_identity_provider, policy_of, providers_of
from uplift.identity.services import (
    policy_set,
    provider_oidc_add,
    provider_remove,
    provider_saml_add,
    provider_saml_metadata_refresh,
)
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.orgs.models import Role
from uplift.orgs.selectors import active_admins_of, people_with_ids
from uplift.web.http import AuthedRequest
from uplift.web.refusals import refusals_to_form
from uplift.web.text_forms import FreeTextForm
from uplift.web.views.identity_sign_in import oidc_redirect_uri, sp_urls

MAX_METADATA_BYTES = 1_000_000


class _StyledForm(FreeTextForm):
    """Bootstrap's classes on each widget: check boxes, selects, and the rest as text boxes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class OidcProviderForm(_StyledForm):
    name = forms.CharField(label="Name on the button", max_length=100, initial="Okta")
    issuer = forms.URLField(
        label="Issuer or discovery URL",
        max_length=500,
        assume_scheme="https",
        help_text="e.g. https://example.okta.com or https://accounts.google.com",
    )
    client_id = forms.CharField(label="Client ID", max_length=300)
    client_secret = forms.CharField(
        label="Client secret",
        max_length=1000,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Stored encrypted. Leave blank for a public client (PKCE only).",
    )
    email_domains = forms.CharField(
        label="E-mail domains", max_length=500, required=False, help_text="e.g. example.com"
    )


class SamlProviderForm(_StyledForm):
    name = forms.CharField(label="Name on the button", max_length=100, initial="Entra ID")
    metadata_url = forms.URLField(
        label="Metadata URL", max_length=500, required=False, assume_scheme="https"
    )
    metadata_file = forms.FileField(label="…or metadata file (XML)", required=False)
    email_domains = forms.CharField(
        label="E-mail domains", max_length=500, required=False, help_text="e.g. example.com"
    )

    def metadata_xml(self) -> str:
        upload = self.cleaned_data.get("metadata_file")
        if upload is None:
            return ""
        if upload.size > MAX_METADATA_BYTES:
            self.add_error("metadata_file", "Metadata files are at most 1 MB.")
            return ""
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            self.add_error("metadata_file", "The file is not XML text (UTF-8).")
            return ""


class PolicyForm(_StyledForm):
    password_sign_in = forms.BooleanField(
        label="People may sign in with a password", required=False
    )
    create_people = forms.BooleanField(
        label="Create an account at first sign-in for a verified e-mail not yet in Uplift",
        required=False,
    )
    default_role = forms.ChoiceField(
        label="Role of people created at sign-in",
        choices=[(Role.REP, "Rep"), (Role.MANAGER, "Manager")],
    )
    break_glass = forms.ModelChoiceField(
        label="Break-glass admin (may always sign in with a password)",
        queryset=people_with_ids(person_ids=()),
        required=False,
        empty_label="Nobody: passwords stay on",
    )

    def __init__(self, *args: Any, admins: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["break_glass"].queryset = admins  # type: ignore[attr-defined]


def _admins(organisation: Any) -> Any:
    return active_admins_of(organisation=organisation)


def _page(request: AuthedRequest, *, status: int = 200, **forms_given: Any) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    policy = policy_of(organisation=organisation)
    context = {
        "organisation": organisation,
        "providers": providers_of(organisation=organisation),
        "policy": policy,
        "oidc_form": forms_given.get("oidc_form") or OidcProviderForm(prefix="oidc"),
        "saml_form": forms_given.get("saml_form") or SamlProviderForm(prefix="saml"),
        "policy_form": forms_given.get("policy_form")
        or PolicyForm(
            prefix="policy",
            admins=_admins(organisation),
            initial={
                "password_sign_in": policy.password_sign_in,
                "create_people": policy.create_people,
                "default_role": policy.default_role,
                "break_glass": policy.break_glass,
            },
        ),
        "organisation_link": request.build_absolute_uri(
            reverse("sso_organisation", kwargs={"organisation_slug": organisation.slug})
        ),
    }
    return render(request, "identity/settings.html", context, status=status)


@page_rule(access.ADMINS)
def sign_in_settings(request: AuthedRequest) -> HttpResponse:
    return _page(request)


@require_POST
@page_rule(access.ADMINS)
def oidc_provider_add(request: AuthedRequest) -> HttpResponse:
    form = OidcProviderForm(request.POST, prefix="oidc")
    if form.is_valid():
        with refusals_to_form(form):
            provider = provider_oidc_add(
                organisation=access.viewer_organisation(request.user), **form.cleaned_data
            )
            messages.success(
                request,
                f"{provider.name} added. Give it the redirect URI below, then try signing in.",
            )
            return redirect("sign_in_provider", provider_id=provider.pk)
    return _page(request, status=400, oidc_form=form)


@require_POST
@page_rule(access.ADMINS)
def saml_provider_add(request: AuthedRequest) -> HttpResponse:
    form = SamlProviderForm(request.POST, request.FILES, prefix="saml")
    if form.is_valid():
        xml = form.metadata_xml()
        if not form.errors:
            with refusals_to_form(form):
                provider = provider_saml_add(
                    organisation=access.viewer_organisation(request.user),
                    name=form.cleaned_data["name"],
                    metadata_xml=xml,
                    metadata_url=form.cleaned_data["metadata_url"],
                    email_domains=form.cleaned_data["email_domains"],
                )
                messages.success(
                    request,
                    f"{provider.name} added. Give it Uplift's metadata below, then try signing in.",
                )
                return redirect("sign_in_provider", provider_id=provider.pk)
    return _page(request, status=400, saml_form=form)


@require_POST
@page_rule(access.ADMINS)
def sign_in_policy(request: AuthedRequest) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    form = PolicyForm(request.POST, prefix="policy", admins=_admins(organisation))
    if form.is_valid():
        with refusals_to_form(form):
            policy_set(organisation=organisation, **form.cleaned_data)
            messages.success(request, "Sign-in settings saved.")
            return redirect("sign_in_settings")
    return _page(request, status=400, policy_form=form)


@page_rule(access.ADMINS)
def sign_in_provider(request: AuthedRequest, provider_id: int) -> HttpResponse:
    provider = access_identity_provider(viewer=request.user, provider_id=provider_id)
    kwargs = {"organisation_slug": provider.organisation.slug, "provider_slug": provider.slug}
    context: dict[str, Any] = {
        "provider": provider,
        "start_link": request.build_absolute_uri(reverse("sso_start", kwargs=kwargs)),
        "logout_link": request.build_absolute_uri(reverse("login")),
    }
    if provider.protocol == IdentityProvider.Protocol.OIDC:
        context["redirect_uri"] = oidc_redirect_uri(request, provider)
    else:
        context["sp"] = sp_urls(request, provider)
    return render(request, "identity/provider.html", context)


@require_POST
@page_rule(access.ADMINS)
def sign_in_provider_refresh(request: AuthedRequest, provider_id: int) -> HttpResponse:
    provider = access_identity_provider(viewer=request.user, provider_id=provider_id)
    form = SamlProviderForm(request.POST, request.FILES, prefix="saml")
    form.is_valid()
    xml = form.metadata_xml() if form.cleaned_data.get("metadata_file") else ""
    if provider.protocol != IdentityProvider.Protocol.SAML or (
        not xml and not provider.idp_metadata_url
    ):
        messages.error(request, "Upload the provider's metadata file to import it again.")
        return redirect("sign_in_provider", provider_id=provider.pk)
    try:
        provider_saml_metadata_refresh(provider=provider, metadata_xml=xml)
    except Refusal as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{provider.name}'s metadata imported again.")
    return redirect("sign_in_provider", provider_id=provider.pk)


@require_POST
@page_rule(access.ADMINS)
def sign_in_provider_remove(request: AuthedRequest, provider_id: int) -> HttpResponse:
    provider = access_identity_provider(viewer=request.user, provider_id=provider_id)
    try:
        provider_remove(provider=provider)
    except Refusal as refusal:
        messages.error(request, str(refusal))
        return redirect("sign_in_provider", provider_id=provider.pk)
    messages.success(request, f"{provider.name} removed: nobody signs in through it any more.")
    return redirect("sign_in_settings")
