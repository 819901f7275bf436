"""Roles x endpoints rows for single sign-on: Settings, Sign-in is for enablement admins only,
and only their own organisation's identity providers (another company's answer 404, as if
they did not exist). The sign-in links and protocol endpoints are public: each refuses, in
words and with a 4xx, what it cannot use (an issuer that does not answer, a callback without
its state, a visit to the assertion consumer service that carries no assertion).

Statuses in ROLES order: (anonymous, rep, manager, leader, admin).
"""

from __future__ import annotations

from typing import Any

from tests.access_cases import Case
from tests.conftest import World
from uplift.core.secrets import secret_encrypt
from uplift.identity.models import IdentityProvider
from uplift.identity.saml import sp_key_pair
from uplift.identity.services import SP_KEY
from uplift.orgs.models import Organisation

ADMINS_ONLY = (302, 403, 403, 403, 200)
ADMINS_WRITE = (302, 403, 403, 403, 302)
ADMINS_REFUSED = (302, 403, 403, 403, 400)
FOREIGN = (302, 403, 403, 403, 404)
PUBLIC = (200, 200, 200, 200, 200)
BASE = "/settings/sign-in"


def _oidc(organisation: Organisation) -> IdentityProvider:
    """A provider whose issuer does not answer (nothing listens on port 9)."""
    return IdentityProvider.objects.create(
        organisation=organisation,
        protocol=IdentityProvider.Protocol.OIDC,
        name="Okta",
        slug="okta",
        issuer="http://127.0.0.1:9",
        client_id="uplift",
    )


def _saml(organisation: Organisation) -> IdentityProvider:
    key, certificate = sp_key_pair("Uplift test")
    return IdentityProvider.objects.create(
        organisation=organisation,
        protocol=IdentityProvider.Protocol.SAML,
        name="Entra ID",
        slug="entra-id",
        sp_private_key_encrypted=secret_encrypt(key, purpose=SP_KEY),
        sp_certificate=certificate,
    )


def _ours(world: World) -> dict[str, Any]:
    return {"p": _oidc(world.org)}


def _ours_saml(world: World) -> dict[str, Any]:
    return {"p": _saml(world.org)}


def _theirs(world: World) -> dict[str, Any]:
    return {"p": _oidc(world.other_org)}


CASES: list[Case] = [
    #     name                          path                            anon rep  mgr  lead adm
    Case("sign_in_settings", f"{BASE}/", ADMINS_ONLY),
    Case("sign_in_oidc_add", f"{BASE}/oidc/", ADMINS_REFUSED, "post", data={"oidc-name": ""}),
    Case(
        "sign_in_saml_add (no metadata)",
        f"{BASE}/saml/",
        ADMINS_REFUSED,
        "post",
        data={"saml-name": "Entra ID"},
    ),
    Case(
        "sign_in_policy",
        f"{BASE}/policy/",
        ADMINS_WRITE,
        "post",
        data={"policy-password_sign_in": "on", "policy-default_role": "rep"},
    ),
    Case(
        "sign_in_policy (passwords off, no break-glass admin)",
        f"{BASE}/policy/",
        ADMINS_REFUSED,
        "post",
        data={"policy-default_role": "rep"},
    ),
    Case("sign_in_provider", BASE + "/{p.pk}/", ADMINS_ONLY, objects=_ours),
    Case("sign_in_provider (SAML)", BASE + "/{p.pk}/", ADMINS_ONLY, objects=_ours_saml),
    Case("sign_in_provider (another company's)", BASE + "/{p.pk}/", FOREIGN, objects=_theirs),
    Case(
        "sign_in_provider_refresh",
        BASE + "/{p.pk}/metadata/",
        ADMINS_WRITE,
        "post",
        objects=_ours,
        data={},
    ),
    Case(
        "sign_in_provider_refresh (another company's)",
        BASE + "/{p.pk}/metadata/",
        FOREIGN,
        "post",
        objects=_theirs,
        data={},
    ),
    Case(
        "sign_in_provider_remove",
        BASE + "/{p.pk}/remove/",
        ADMINS_WRITE,
        "post",
        objects=_ours,
        data={},
    ),
    Case(
        "sign_in_provider_remove (another company's)",
        BASE + "/{p.pk}/remove/",
        FOREIGN,
        "post",
        objects=_theirs,
        data={},
    ),
    Case("sso_find", "/sso/", PUBLIC),
    Case("sso_find (unknown domain)", "/sso/", (400,) * 5, "post", data={"email": "a@b.test"}),
    Case("sso_organisation", "/sso/{w.org.slug}/", PUBLIC, objects=_ours),
    Case("sso_organisation (none set up)", "/sso/{w.org.slug}/", (403,) * 5),
    Case(
        "sso_start (issuer not answering)",
        "/sso/{w.org.slug}/{p.slug}/start/",
        (400,) * 5,
        objects=_ours,
    ),
    Case("sso_start (unknown provider)", "/sso/{w.org.slug}/nobody/start/", (404,) * 5),
    Case(
        "sso_oidc_callback (no state)",
        "/sso/{w.org.slug}/{p.slug}/oidc/callback/?code=x",
        (403,) * 5,
        objects=_ours,
    ),
    Case(
        "sso_saml_acs (no assertion)",
        "/sso/{w.org.slug}/{p.slug}/saml/acs/",
        (403,) * 5,
        objects=_ours_saml,
    ),
    Case(
        "sso_saml_metadata",
        "/sso/{w.org.slug}/{p.slug}/saml/metadata/",
        PUBLIC,
        objects=_ours_saml,
    ),
    Case(
        "sso_saml_sls (no message)",
        "/sso/{w.org.slug}/{p.slug}/saml/sls/",
        (302,) * 5,
        objects=_ours_saml,
    ),
]
