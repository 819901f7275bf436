"""A running OpenID Connect provider and SAML identity provider, each registered as Acme's."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from tests.conftest import World
from tests.identity.oidc_provider import OidcProvider, oidc_provider_running
from tests.identity.saml_idp import SamlIdp, saml_idp_running
from uplift.identity.models import IdentityProvider
from uplift.identity.services import provider_oidc_add, provider_saml_add


@pytest.fixture
def oidc_idp() -> Iterator[OidcProvider]:
    with oidc_provider_running() as provider:
        yield provider


@pytest.fixture
def okta(world: World, oidc_idp: OidcProvider) -> IdentityProvider:
    return provider_oidc_add(
        organisation=world.org,
        name="Okta",
        issuer=oidc_idp.issuer,
        client_id=oidc_idp.client_id,
        client_secret=oidc_idp.client_secret,
        email_domains="acme.test",
    )


@pytest.fixture
def saml_idp() -> Iterator[SamlIdp]:
    with saml_idp_running() as idp:
        yield idp


@pytest.fixture
def entra(world: World, saml_idp: SamlIdp, client: Client) -> IdentityProvider:
    provider = provider_saml_add(
        organisation=world.org, name="Entra ID", metadata_xml=saml_idp.metadata()
    )
    metadata = client.get(f"/sso/acme/{provider.slug}/saml/metadata/")
    assert metadata.status_code == 200
    saml_idp.trust(metadata.content.decode())
    return provider


def oidc_sign_in(client: Client, provider: IdentityProvider, *, state: str | None = None):  # type: ignore[no-untyped-def]
    """Starts at Uplift, lets the provider answer, and returns Uplift's answer to the callback."""
    start = client.get(f"/sso/{provider.organisation.slug}/{provider.slug}/start/")
    assert start.status_code == 302, start.content
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = urlsplit(answer.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(callback.query).items()}
    if state is not None:
        query["state"] = state
    return client.get(callback.path, query)


def refusal_code(response) -> str:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    marker = 'data-code="'
    assert marker in text, text[:2000]
    return text.split(marker, 1)[1].split('"', 1)[0]


def onward_of(response) -> str:  # type: ignore[no-untyped-def]
    """Where a page that moves on by itself (to the identity provider) goes."""
    import html

    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    marker = 'data-testid="sso-onward" href="'
    assert marker in text, text[:2000]
    return html.unescape(text.split(marker, 1)[1].split('"', 1)[0])
