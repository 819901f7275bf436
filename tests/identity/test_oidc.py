"""OpenID Connect sign-in against a real provider on 127.0.0.1: PKCE, state and nonce, keys
found by their key id (and found again after the provider rotates them), and who may sign in."""

from __future__ import annotations

import base64
import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import requests
from django.test import Client

from tests.conftest import World
from tests.identity.conftest import oidc_sign_in, onward_of, refusal_code
from tests.identity.oidc_provider import OidcProvider
from uplift.identity.models import IdentityProvider, SignInPolicy
from uplift.orgs.models import Person, Role


def _signed_in_as(client: Client) -> str | None:
    response = client.get("/me/")
    return response.wsgi_request.user.email if response.wsgi_request.user.is_authenticated else None


def test_a_verified_person_signs_in_with_pkce(
    client: Client, world: World, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    start = client.get("/sso/acme/okta/start/?next=/me/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0]
    assert query["nonce"][0]
    assert query["redirect_uri"] == ["http://testserver/sso/acme/okta/oidc/callback/"]

    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(answer.headers["Location"])
    response = client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert _signed_in_as(client) == world.ann.email
    verifier = oidc_idp.token_requests[-1]["code_verifier"]
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert query["code_challenge"] == [digest.decode()]


def test_the_client_secret_is_stored_encrypted(
    okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    stored = IdentityProvider.objects.get(pk=okta.pk)
    assert stored.client_secret_encrypted
    assert oidc_idp.client_secret not in stored.client_secret_encrypted


def test_a_wrong_code_verifier_is_refused_by_the_provider(
    client: Client, okta: IdentityProvider
) -> None:
    start = client.get("/sso/acme/okta/start/")
    session = client.session
    pending = session["identity_pending"]
    for started in pending.values():
        started["verifier"] = "x" * 64
    session["identity_pending"] = pending
    session.save()
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(answer.headers["Location"])
    response = client.get(callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()})
    assert response.status_code == 403
    assert refusal_code(response) == "token_refused"
    assert _signed_in_as(client) is None


def test_a_callback_with_another_state_is_refused(client: Client, okta: IdentityProvider) -> None:
    response = oidc_sign_in(client, okta, state="not-the-one-we-sent")
    assert response.status_code == 403
    assert refusal_code(response) == "bad_state"
    assert "state does not match" in response.content.decode()
    assert _signed_in_as(client) is None


def test_the_same_callback_twice_is_refused(client: Client, okta: IdentityProvider) -> None:
    start = client.get("/sso/acme/okta/start/")
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(answer.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(callback.query).items()}
    assert client.get(callback.path, query).status_code == 302
    client.logout()
    again = client.get(callback.path, query)
    assert again.status_code == 403
    assert refusal_code(again) == "bad_state"


def test_an_id_token_with_another_nonce_is_refused(
    client: Client, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.claims_override = {"nonce": "replayed-from-elsewhere"}
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "bad_token"


def test_an_expired_id_token_is_refused(
    client: Client, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    past = int(time.time()) - 3600
    oidc_idp.claims_override = {"exp": past, "iat": past - 300}
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "expired"


def test_an_id_token_for_another_client_is_refused(
    client: Client, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.claims_override = {"aud": "someone-else"}
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "bad_token"


def test_a_key_rotation_is_followed(
    client: Client, world: World, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    assert oidc_sign_in(client, okta).status_code == 302
    client.logout()
    old_kid = oidc_idp.key.kid
    oidc_idp.rotate_key()
    assert oidc_idp.key.kid != old_kid
    response = oidc_sign_in(client, okta)
    assert response.status_code == 302
    assert _signed_in_as(client) == world.ann.email


def test_a_token_signed_with_an_unpublished_key_is_refused(
    client: Client, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    from joserfc.jwk import RSAKey

    oidc_idp.foreign_key = RSAKey.generate_key(2048, parameters={"kid": oidc_idp.key.kid})
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "bad_signature"
    assert _signed_in_as(client) is None


def test_an_unverified_email_is_refused(
    client: Client, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.email_verified = False
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "unverified_email"
    assert "has not verified ann@acme.test" in response.content.decode()


def test_an_email_of_another_organisation_is_refused(
    client: Client, world: World, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.email = world.otto.email  # Otto is Other's rep; Acme's provider vouches for him
    SignInPolicy.objects.create(organisation=world.org, create_people=True)
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "wrong_organisation"
    assert _signed_in_as(client) is None
    world.otto.refresh_from_db()
    assert world.otto.organisation == world.other_org


def test_no_matching_person_is_refused_without_creating_anyone(
    client: Client, world: World, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    oidc_idp.email = "newcomer@acme.test"
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "no_matching_person"
    assert not Person.objects.filter(email="newcomer@acme.test").exists()


def test_a_newcomer_is_created_with_the_default_role_when_the_policy_says_so(
    client: Client, world: World, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    SignInPolicy.objects.create(
        organisation=world.org, create_people=True, default_role=Role.MANAGER
    )
    oidc_idp.email, oidc_idp.name = "Newcomer@Acme.test", "Nia Newcomer"
    response = oidc_sign_in(client, okta)
    assert response.status_code == 302
    person = Person.objects.get(email="newcomer@acme.test")
    assert (person.organisation, person.role, person.full_name) == (
        world.org,
        Role.MANAGER,
        "Nia Newcomer",
    )
    assert not person.has_usable_password()


def test_signing_out_signs_out_of_the_provider(
    client: Client, okta: IdentityProvider, oidc_idp: OidcProvider
) -> None:
    assert oidc_sign_in(client, okta).status_code == 302
    response = client.post("/logout/")
    location = urlsplit(onward_of(response))
    assert f"{location.scheme}://{location.netloc}" == oidc_idp.issuer
    assert location.path == "/logout"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [oidc_idp.last_id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert _signed_in_as(client) is None


def test_the_work_email_finds_the_provider(client: Client, okta: IdentityProvider) -> None:
    response = client.post("/sso/", {"email": "someone@ACME.test", "next": "/me/"})
    assert onward_of(response) == "/sso/acme/okta/start/?next=%2Fme%2F"
    assert "Continue to Okta" in response.content.decode()
    unknown = client.post("/sso/", {"email": "someone@elsewhere.test"})
    assert unknown.status_code == 400
    assert "No organisation on Uplift signs in this address" in unknown.content.decode()


def test_an_organisation_link_offers_its_providers(client: Client, okta: IdentityProvider) -> None:
    page = client.get("/sso/acme/")
    assert page.status_code == 200
    assert "Sign in with Okta" in page.content.decode()
    none = client.get("/sso/other/")
    assert none.status_code == 403
    assert refusal_code(none) == "no_provider"


def test_a_switched_off_person_is_refused(
    client: Client, world: World, okta: IdentityProvider
) -> None:
    world.ann.is_active = False
    world.ann.save()
    response = oidc_sign_in(client, okta)
    assert response.status_code == 403
    assert refusal_code(response) == "inactive"
    assert _signed_in_as(client) is None
