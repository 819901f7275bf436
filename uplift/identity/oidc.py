"""OpenID Connect, the authorization code flow with PKCE (Authlib's client), and the ID token
checked against the provider's published keys (joserfc, Authlib's JOSE library).

The provider's discovery document and its keys (JWKS) are cached for an hour; an ID token signed
with a key id the cached set does not hold makes one fresh fetch of the set, so a provider that
rotates its signing key keeps signing people in without a restart.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any, cast

import requests
from authlib.integrations.requests_client import OAuth2Session
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from uplift.identity.errors import ProviderSetupInvalid, SignInRefused
from uplift.identity.models import IdentityProvider

TIMEOUT_SECONDS = 10
CACHE_SECONDS = 3600
LEEWAY_SECONDS = 60
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]


@dataclass(frozen=True)
class OidcStart:
    """Where to send the browser, and what the callback must find again in the session."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class OidcIdentity:
    email: str
    email_verified: bool
    name: str
    subject: str
    token_id: str  # the ID token's jti, or its nonce: what a replay would present again
    expires_at: float
    id_token: str


def _get_json(url: str, what: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        return cast("dict[str, Any]", response.json())
    except (requests.RequestException, ValueError) as exc:
        raise ProviderSetupInvalid(
            f"Could not read the identity provider's {what} at {url}: {exc}. Check the issuer "
            "address, or try again when the provider answers."
        ) from exc


def discovery_url(issuer: str) -> str:
    if "/.well-known/" in issuer:
        return issuer
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def oidc_discover(issuer: str, *, fresh: bool = False) -> dict[str, Any]:
    """The provider's discovery document, checked to name the same issuer and a code flow."""
    key = f"identity:oidc:discovery:{discovery_url(issuer)}"
    document = None if fresh else cache.get(key)
    if document is None:
        document = _get_json(discovery_url(issuer), "discovery document")
        missing = [
            name
            for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
            if not document.get(name)
        ]
        if missing:
            raise ProviderSetupInvalid(
                f"The discovery document at {discovery_url(issuer)} lacks {', '.join(missing)}: "
                "is this an OpenID Connect issuer?"
            )
        cache.set(key, document, CACHE_SECONDS)
    return cast("dict[str, Any]", document)


def oidc_keys(jwks_uri: str, *, fresh: bool = False) -> KeySet:
    key = f"identity:oidc:jwks:{jwks_uri}"
    published = None if fresh else cache.get(key)
    if published is None:
        published = _get_json(jwks_uri, "signing keys")
        cache.set(key, published, CACHE_SECONDS)
    return KeySet.import_key_set(cast("Any", published))


def issuer_of(provider: IdentityProvider) -> str:
    issuer = provider.issuer
    return issuer.split("/.well-known/")[0] if "/.well-known/" in issuer else issuer.rstrip("/")


def _session(provider: IdentityProvider, client_secret: str, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=client_secret or None,
        scope=provider.scopes or "openid email profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic" if client_secret else "none",
    )


def oidc_start(*, provider: IdentityProvider, client_secret: str, redirect_uri: str) -> OidcStart:
    """The authorization request: a fresh state, nonce and PKCE code verifier each time."""
    document = oidc_discover(provider.issuer)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    url, _ = _session(provider, client_secret, redirect_uri).create_authorization_url(
        document["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
    )
    return OidcStart(url=url, state=state, nonce=nonce, code_verifier=verifier)


def id_token_verify(
    *, provider: IdentityProvider, id_token: str, nonce: str, now: float | None = None
) -> dict[str, Any]:
    """The ID token's claims, once its signature (by a key the provider publishes), issuer,
    audience, expiry and nonce are right; refuses otherwise."""
    document = oidc_discover(provider.issuer)
    try:
        header = jwt.decode(id_token, oidc_keys(document["jwks_uri"]), SIGNING_ALGORITHMS).header
    except JoseError:
        # A key id the cached set lacks: the provider may have rotated its key. Look once more.
        header = None
    try:
        keys = oidc_keys(document["jwks_uri"], fresh=header is None)
        token = jwt.decode(id_token, keys, SIGNING_ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise SignInRefused(
            "The sign-in could not be checked: the identity provider's signature on it is not "
            "one of the keys it publishes. Try again; if it keeps failing, ask your IT team.",
            code="bad_signature",
        ) from exc
    registry = jwt.JWTClaimsRegistry(
        now=int(now if now is not None else time.time()),
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": document["issuer"]},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(token.claims)
    except JoseError as exc:
        expired = "exp" in str(exc) or "expired" in str(exc).lower()
        raise SignInRefused(
            "The sign-in had expired before it reached Uplift. Sign in again."
            if expired
            else "The sign-in was not meant for Uplift (its issuer, audience or one-time value "
            "did not match this sign-in). Sign in again from Uplift's sign-in page.",
            code="expired" if expired else "bad_token",
        ) from exc
    return dict(token.claims)


def oidc_finish(
    *,
    provider: IdentityProvider,
    client_secret: str,
    redirect_uri: str,
    code: str,
    code_verifier: str,
    nonce: str,
) -> OidcIdentity:
    """Exchanges the code (with the PKCE verifier) for tokens and reads the person from the
    verified ID token."""
    document = oidc_discover(provider.issuer)
    try:
        tokens = _session(provider, client_secret, redirect_uri).fetch_token(
            document["token_endpoint"], code=code, code_verifier=code_verifier
        )
    except Exception as exc:  # Authlib raises its own errors and requests' alike
        raise SignInRefused(
            "The identity provider did not accept the sign-in code. Sign in again.",
            code="token_refused",
        ) from exc
    id_token = str(tokens.get("id_token") or "")
    if not id_token:
        raise SignInRefused(
            "The identity provider answered without an ID token: check that the 'openid' scope "
            "is allowed for Uplift.",
            code="no_id_token",
        )
    claims = id_token_verify(provider=provider, id_token=id_token, nonce=nonce)
    # Entra ID sends no email_verified; its optional claim xms_edov says the same thing (the
    # e-mail's domain is verified as the tenant's own).
    verified = claims.get("email_verified", claims.get("xms_edov"))
    return OidcIdentity(
        email=str(claims.get("email") or "").strip().lower(),
        email_verified=verified is True or str(verified).lower() == "true",
        name=str(claims.get("name") or ""),
        subject=str(claims.get("sub") or ""),
        token_id=str(claims.get("jti") or claims.get("nonce") or ""),
        expires_at=float(claims.get("exp") or 0),
        id_token=id_token,
    )


def oidc_logout_url(
    *, provider: IdentityProvider, id_token: str, post_logout_redirect_uri: str
) -> str | None:
    """RP-initiated logout at the provider's end_session_endpoint, when it has one."""
    try:
        document = oidc_discover(provider.issuer)
    except ProviderSetupInvalid:
        return None
    endpoint = document.get("end_session_endpoint")
    if not endpoint:
        return None
    from urllib.parse import urlencode

    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": provider.client_id,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
