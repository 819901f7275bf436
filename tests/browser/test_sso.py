"""Single sign-on in a real browser, against real identity providers on 127.0.0.1: a rep signs in
with OpenID Connect from the sign-in page by work e-mail and signs out of the provider too; a rep
signs in with SAML 2.0 from the organisation's link; the admin's Settings, Sign-in. Screenshots
at 1280 px and 390 px."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_coaching import warm_up
from tests.conftest import World
from tests.identity.oidc_provider import OidcProvider, oidc_provider_running
from tests.identity.saml_idp import SamlIdp, saml_idp_running
from uplift.identity.services import provider_oidc_add, provider_saml_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def oidc_idp() -> Iterator[OidcProvider]:
    with oidc_provider_running() as provider:
        yield provider


@pytest.fixture
def saml_idp() -> Iterator[SamlIdp]:
    with saml_idp_running() as idp:
        yield idp


def _both_widths(page: Page, screenshot: Callable[[str], Path], name: str) -> None:
    screenshot(name)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    screenshot(f"{name}-phone")
    page.set_viewport_size({"width": 1280, "height": 860})


def test_a_rep_signs_in_and_out_with_openid_connect(
    page: Page,
    live_server: object,
    world: World,
    oidc_idp: OidcProvider,
    screenshot: Callable[[str], Path],
) -> None:
    base = str(live_server)
    provider_oidc_add(
        organisation=world.org,
        name="Okta",
        issuer=oidc_idp.issuer,
        client_id=oidc_idp.client_id,
        client_secret=oidc_idp.client_secret,
        email_domains="acme.test",
    )
    warm_up(base)
    page.goto(f"{base}/login/")
    _both_widths(page, screenshot, "sso-sign-in-page")
    page.get_by_role("link", name="Company single sign-on").click()
    page.get_by_label("Work e-mail").fill(world.ann.email)
    _both_widths(page, screenshot, "sso-find")
    page.get_by_role("button", name="Continue").click()
    # The form's answer names the provider and moves on to it by itself.
    # Through the provider and back: discovery, the code exchange and the keys take a moment.
    page.wait_for_url(f"{base}/me/", timeout=60_000)
    assert oidc_idp.token_requests[-1]["code_verifier"]
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert world.ann.full_name.split()[0] in page.content()

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/login/", timeout=60_000)
    assert oidc_idp.logouts
    assert oidc_idp.logouts[-1]["id_token_hint"] == oidc_idp.last_id_token
    page.goto(f"{base}/me/")
    expect(page).to_have_url(f"{base}/login/?next=/me/")


def test_a_rep_signs_in_with_saml_from_the_organisations_link(
    page: Page,
    live_server: object,
    world: World,
    saml_idp: SamlIdp,
    screenshot: Callable[[str], Path],
) -> None:
    base = str(live_server)
    provider = provider_saml_add(
        organisation=world.org, name="Entra ID", metadata_url=f"{saml_idp.base}/metadata"
    )
    warm_up(base)
    metadata = requests.get(f"{base}/sso/acme/{provider.slug}/saml/metadata/", timeout=60)
    saml_idp.trust(metadata.text)

    page.goto(f"{base}/sso/acme/")
    _both_widths(page, screenshot, "sso-organisation-link")
    page.get_by_role("link", name="Sign in with Entra ID").click()
    page.wait_for_url(lambda url: url.startswith(base), timeout=60_000)
    page.goto(f"{base}/me/")
    expect(page).to_have_url(f"{base}/me/")
    assert world.ann.full_name.split()[0] in page.content()

    # A sign-in Uplift did not start is refused, in words, with the way back.
    page.context.clear_cookies()
    page.goto(f"{base}/sso/acme/{provider.slug}/oidc/callback/?state=made-up")
    expect(page.get_by_test_id("sso-refused")).to_contain_text("state does not match")
    _both_widths(page, screenshot, "sso-refused")


def test_the_admin_sets_up_single_sign_on(
    page: Page,
    live_server: object,
    world: World,
    oidc_idp: OidcProvider,
    screenshot: Callable[[str], Path],
) -> None:
    base = str(live_server)
    warm_up(base)
    sign_in(page, base, world.ada)
    page.goto(f"{base}/settings/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in")
    form = page.locator("form", has=page.get_by_role("button", name="Add OpenID Connect provider"))
    form.get_by_label("Name on the button").fill("Okta")
    form.get_by_label("Issuer or discovery URL").fill(oidc_idp.issuer)
    form.get_by_label("Client ID").fill(oidc_idp.client_id)
    form.get_by_label("Client secret").fill(oidc_idp.client_secret)
    form.get_by_label("E-mail domains").fill("acme.test")
    form.get_by_role("button", name="Add OpenID Connect provider").click()
    expect(page.get_by_test_id("redirect-uri")).to_have_text(f"{base}/sso/acme/okta/oidc/callback/")
    _both_widths(page, screenshot, "sso-provider")
    page.goto(f"{base}/settings/sign-in/")
    expect(page.get_by_test_id("providers")).to_contain_text("Okta")
    _both_widths(page, screenshot, "sso-settings")
