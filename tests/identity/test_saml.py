"""SAML 2.0 sign-in against pysaml2's identity provider: metadata both ways, SP- and
IdP-initiated sign-in with signed assertions, and the refusals (bad signature, expired, replayed,
an answer to a request we did not make, another organisation's person), and single logout."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import saml2
from django.test import Client

from tests.conftest import World
from tests.identity.conftest import onward_of, refusal_code
from tests.identity.saml_idp import SamlIdp
from uplift.identity.errors import ProviderSetupInvalid
from uplift.identity.models import IdentityProvider
from uplift.identity.services import provider_saml_add

ACS = "http://testserver/sso/acme/entra-id/saml/acs/"
SP = "http://testserver/sso/acme/entra-id/saml/metadata/"


def _signed_in_as(client: Client) -> str | None:
    user = client.get("/me/").wsgi_request.user
    return user.email if user.is_authenticated else None


def _sp_initiated_request_id(client: Client, saml_idp: SamlIdp) -> tuple[str, str]:
    start = client.get("/sso/acme/entra-id/start/?next=/me/")
    assert start.status_code == 302
    location = urlsplit(start["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{saml_idp.base}/sso"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    parsed = saml_idp.server.parse_authn_request(query["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT)
    return str(parsed.message.id), query.get("RelayState", "")


def test_our_metadata_names_the_assertion_consumer_and_logout_services(
    client: Client, entra: IdentityProvider
) -> None:
    xml = client.get("/sso/acme/entra-id/saml/metadata/").content.decode()
    assert f'entityID="{SP}"' in xml
    assert ACS in xml
    assert "http://testserver/sso/acme/entra-id/saml/sls/" in xml
    assert "X509Certificate" in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_sp_initiated_sign_in(
    client: Client, world: World, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    request_id, relay = _sp_initiated_request_id(client, saml_idp)
    answer = saml_idp.response(acs=ACS, sp_entity_id=SP, in_response_to=request_id)
    response = client.post(ACS, {"SAMLResponse": answer, "RelayState": relay})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/me/"
    assert _signed_in_as(client) == world.ann.email


def test_idp_initiated_sign_in(
    client: Client, world: World, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    response = client.post(ACS, {"SAMLResponse": saml_idp.response(acs=ACS, sp_entity_id=SP)})
    assert response.status_code == 302
    assert _signed_in_as(client) == world.ann.email


def test_a_replayed_assertion_is_refused(
    client: Client, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    answer = saml_idp.response(acs=ACS, sp_entity_id=SP)
    assert client.post(ACS, {"SAMLResponse": answer}).status_code == 302
    client.logout()
    again = client.post(ACS, {"SAMLResponse": answer})
    assert again.status_code == 403
    assert refusal_code(again) == "replayed"
    assert _signed_in_as(client) is None


def test_an_answer_to_a_request_we_did_not_make_is_refused(
    client: Client, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    answer = saml_idp.response(acs=ACS, sp_entity_id=SP, in_response_to="id-made-up")
    response = client.post(ACS, {"SAMLResponse": answer})
    assert response.status_code == 403
    assert refusal_code(response) == "bad_state"


def test_an_assertion_signed_by_another_key_is_refused(
    client: Client, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        impostor = SamlIdp(base=saml_idp.base, folder=Path(folder))  # same name, its own key
        impostor.trust(saml_idp.sp_metadata)
        answer = impostor.response(acs=ACS, sp_entity_id=SP)
    response = client.post(ACS, {"SAMLResponse": answer})
    assert response.status_code == 403
    assert refusal_code(response) == "bad_signature"
    assert _signed_in_as(client) is None


def test_an_expired_assertion_is_refused(
    client: Client, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    saml_idp.lifetime_minutes = -10
    saml_idp.trust(saml_idp.sp_metadata)
    response = client.post(ACS, {"SAMLResponse": saml_idp.response(acs=ACS, sp_entity_id=SP)})
    assert response.status_code == 403
    assert refusal_code(response) == "expired"


def test_a_person_of_another_organisation_is_refused(
    client: Client, world: World, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    answer = saml_idp.response(acs=ACS, sp_entity_id=SP, email=world.otto.email)
    response = client.post(ACS, {"SAMLResponse": answer})
    assert response.status_code == 403
    assert refusal_code(response) == "wrong_organisation"


def test_metadata_is_imported_from_its_address(world: World, saml_idp: SamlIdp) -> None:
    provider = provider_saml_add(
        organisation=world.org, name="Okta SAML", metadata_url=f"{saml_idp.base}/metadata"
    )
    assert provider.idp_entity_id == saml_idp.entity_id
    assert provider.sp_certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert "PRIVATE KEY" not in provider.sp_private_key_encrypted


def test_metadata_that_is_not_an_identity_providers_is_refused(world: World) -> None:
    with pytest.raises(ProviderSetupInvalid, match="no identity provider"):
        provider_saml_add(organisation=world.org, name="Broken", metadata_xml="<html></html>")


def test_signing_out_sends_a_logout_request_to_the_identity_provider(
    client: Client, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client.post(ACS, {"SAMLResponse": saml_idp.response(acs=ACS, sp_entity_id=SP)})
    response = client.post("/logout/")
    location = urlsplit(onward_of(response))
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{saml_idp.base}/slo"
    query = parse_qs(location.query)
    assert "SAMLRequest" in query
    assert "Signature" in query  # our logout request is signed with our key
    assert _signed_in_as(client) is None


def _idp_logout_request(saml_idp: SamlIdp, email: str) -> dict[str, str]:
    """The identity provider's own logout request for `email`, as its redirect carries it."""
    from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID

    sls = "http://testserver/sso/acme/entra-id/saml/sls/"
    _, request = saml_idp.server.create_logout_request(
        sls, SP, name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email)
    )
    info = saml_idp.server.apply_binding(
        saml2.BINDING_HTTP_REDIRECT, str(request), sls, relay_state="", sign=True
    )
    location = next(value for name, value in info["headers"] if name == "Location")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_the_identity_providers_logout_request_ends_the_session_and_is_answered(
    client: Client, world: World, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client.post(ACS, {"SAMLResponse": saml_idp.response(acs=ACS, sp_entity_id=SP)})
    assert _signed_in_as(client) == world.ann.email
    response = client.get(
        "/sso/acme/entra-id/saml/sls/", _idp_logout_request(saml_idp, world.ann.email)
    )
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{saml_idp.base}/slo"
    answer = parse_qs(location.query)["SAMLResponse"][0]
    parsed = saml_idp.server.parse_logout_request_response(answer, saml2.BINDING_HTTP_REDIRECT)
    assert parsed.response.status.status_code.value == saml2.samlp.STATUS_SUCCESS
    assert _signed_in_as(client) is None


def test_a_logout_request_for_someone_else_leaves_the_session(
    client: Client, world: World, entra: IdentityProvider, saml_idp: SamlIdp
) -> None:
    client.post(ACS, {"SAMLResponse": saml_idp.response(acs=ACS, sp_entity_id=SP)})
    response = client.get(
        "/sso/acme/entra-id/saml/sls/", _idp_logout_request(saml_idp, world.art.email)
    )
    assert response.status_code == 302
    assert _signed_in_as(client) == world.ann.email
