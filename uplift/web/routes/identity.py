"""Single sign-on: the enablement admin's Settings, Sign-in, and the public sign-in links and
protocol endpoints of each organisation's identity providers (docs/identity.md)."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.views import identity, identity_sign_in

SSO = "sso/<slug:organisation_slug>/<slug:provider_slug>"

urlpatterns: list[URLPattern] = [
    path("settings/sign-in/", identity.sign_in_settings, name="sign_in_settings"),
    path("settings/sign-in/oidc/", identity.oidc_provider_add, name="sign_in_oidc_add"),
    path("settings/sign-in/saml/", identity.saml_provider_add, name="sign_in_saml_add"),
    path("settings/sign-in/policy/", identity.sign_in_policy, name="sign_in_policy"),
    path("settings/sign-in/<int:provider_id>/", identity.sign_in_provider, name="sign_in_provider"),
    path(
        "settings/sign-in/<int:provider_id>/metadata/",
        identity.sign_in_provider_refresh,
        name="sign_in_provider_refresh",
    ),
    path(
        "settings/sign-in/<int:provider_id>/remove/",
        identity.sign_in_provider_remove,
        name="sign_in_provider_remove",
    ),
    path("sso/", identity_sign_in.sso_find, name="sso_find"),
    path(
        "sso/<slug:organisation_slug>/", identity_sign_in.sso_organisation, name="sso_organisation"
    ),
    path(f"{SSO}/start/", identity_sign_in.sso_start, name="sso_start"),
    path(f"{SSO}/oidc/callback/", identity_sign_in.sso_oidc_callback, name="sso_oidc_callback"),
    path(f"{SSO}/saml/acs/", identity_sign_in.sso_saml_acs, name="sso_saml_acs"),
    path(f"{SSO}/saml/metadata/", identity_sign_in.sso_saml_metadata, name="sso_saml_metadata"),
    path(f"{SSO}/saml/sls/", identity_sign_in.sso_saml_sls, name="sso_saml_sls"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Single sign-on", "sign_in_settings", "shield-check", frozenset({Role.ADMIN}), 98, "admin"
    ),
)
