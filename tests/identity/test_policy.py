"""The sign-in policy: password sign-in switched off (keeping a break-glass admin), the settings
page that sets it, and the identity providers an enablement admin adds there."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.identity.oidc_provider import OidcProvider
from uplift.identity.errors import ProviderSetupInvalid
from uplift.identity.models import IdentityProvider, SignInPolicy
from uplift.identity.services import policy_set, provider_remove
from uplift.orgs.models import Role


def _password_sign_in(client: Client, email: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": email, "password": password})


def test_password_sign_in_off_refuses_passwords_but_the_break_glass_admins(
    world: World, okta: IdentityProvider
) -> None:
    policy_set(
        organisation=world.org,
        password_sign_in=False,
        create_people=False,
        default_role=Role.REP,
        break_glass=world.ada,
    )
    refused = _password_sign_in(Client(), world.ann.email)
    assert refused.status_code == 200
    assert "Your organisation signs in with single sign-on" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session

    break_glass = _password_sign_in(Client(), world.ada.email)
    assert break_glass.status_code == 302
    other_company = _password_sign_in(Client(), world.otto.email)
    assert other_company.status_code == 302  # Other still signs in with passwords


def test_a_wrong_password_still_counts_towards_the_lockout(
    world: World, okta: IdentityProvider
) -> None:
    policy_set(
        organisation=world.org,
        password_sign_in=False,
        create_people=False,
        default_role=Role.REP,
        break_glass=world.ada,
    )
    client = Client()
    statuses = [_password_sign_in(client, world.ada.email, "wrong").status_code for _ in range(10)]
    assert statuses[-1] == 429
    assert _password_sign_in(client, world.ada.email).status_code == 429


def test_passwords_cannot_go_off_without_a_provider_or_a_break_glass_admin(
    world: World, oidc_idp: OidcProvider
) -> None:
    with pytest.raises(ProviderSetupInvalid, match="Add an identity provider"):
        policy_set(
            organisation=world.org,
            password_sign_in=False,
            create_people=False,
            default_role=Role.REP,
            break_glass=world.ada,
        )
    IdentityProvider.objects.create(
        organisation=world.org, protocol=IdentityProvider.Protocol.OIDC, name="Okta", slug="okta"
    )
    with pytest.raises(ProviderSetupInvalid, match="break-glass"):
        policy_set(
            organisation=world.org,
            password_sign_in=False,
            create_people=False,
            default_role=Role.REP,
            break_glass=None,
        )
    with pytest.raises(ProviderSetupInvalid, match="enablement admin of this organisation"):
        policy_set(
            organisation=world.org,
            password_sign_in=False,
            create_people=False,
            default_role=Role.REP,
            break_glass=world.olga,
        )
    assert not SignInPolicy.objects.exists()


def test_the_last_provider_stays_while_passwords_are_off(
    world: World, okta: IdentityProvider
) -> None:
    policy_set(
        organisation=world.org,
        password_sign_in=False,
        create_people=False,
        default_role=Role.REP,
        break_glass=world.ada,
    )
    with pytest.raises(ProviderSetupInvalid, match="turn it on"):
        provider_remove(provider=okta)
    assert IdentityProvider.objects.filter(pk=okta.pk).exists()


def test_the_admin_adds_an_oidc_provider_on_the_settings_page(
    world: World,
    login,
    oidc_idp: OidcProvider,  # type: ignore[no-untyped-def]
) -> None:
    client = login(world.ada)
    response = client.post(
        "/settings/sign-in/oidc/",
        {
            "oidc-name": "Okta",
            "oidc-issuer": oidc_idp.issuer,
            "oidc-client_id": oidc_idp.client_id,
            "oidc-client_secret": oidc_idp.client_secret,
            "oidc-email_domains": "acme.test",
        },
    )
    provider = IdentityProvider.objects.get(organisation=world.org)
    assert response.status_code == 302
    assert response["Location"] == f"/settings/sign-in/{provider.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "http://testserver/sso/acme/okta/oidc/callback/" in page
    assert oidc_idp.client_secret not in page


def test_an_issuer_that_does_not_answer_is_refused_on_the_form(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.ada)
    response = client.post(
        "/settings/sign-in/oidc/",
        {"oidc-name": "Okta", "oidc-issuer": "http://127.0.0.1:9/", "oidc-client_id": "x"},
    )
    assert response.status_code == 400
    assert (
        "Could not read the identity provider&#x27;s discovery document"
        in response.content.decode()
    )
    assert not IdentityProvider.objects.exists()


def test_turning_passwords_off_on_the_page_needs_a_break_glass_admin(
    world: World,
    login,
    okta: IdentityProvider,  # type: ignore[no-untyped-def]
) -> None:
    client = login(world.ada)
    refused = client.post("/settings/sign-in/policy/", {"policy-default_role": "rep"})
    assert refused.status_code == 400
    assert "Choose a break-glass enablement admin" in refused.content.decode()
    saved = client.post(
        "/settings/sign-in/policy/",
        {"policy-default_role": "rep", "policy-break_glass": world.ada.pk},
    )
    assert saved.status_code == 302
    policy = SignInPolicy.objects.get(organisation=world.org)
    assert (policy.password_sign_in, policy.break_glass) == (False, world.ada)
