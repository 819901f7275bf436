"""Signing in to Salesforce: OAuth 2.0 web-server flow and JWT bearer flow (docs/crm-sync.md).

Web-server flow: an admin is sent to `authorize_url` (scopes `api refresh_token`), Salesforce
sends them back with a code, `code_exchange` turns it into an access token, a refresh token and
the instance URL; `token_refresh` gets a new access token when one expires. JWT bearer flow (a
server-to-server integration user, no browser): `jwt_token` signs an assertion (RS256, PyJWT)
with the connected app's private key and exchanges it for an access token.

A token endpoint that answers `invalid_grant` (a refresh token revoked or expired, a JWT the app
is not authorised for) raises `ConnectionRevoked`: an admin must connect again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
import requests

from uplift.crm.sync.connector import ConnectionRevoked, SyncFailed

SCOPES = "api refresh_token"
LOGIN_URL = "https://login.salesforce.com"
TEST_AUDIENCE = "https://test.salesforce.com"
JWT_LIFETIME_SECONDS = 180  # Salesforce accepts an assertion for at most three minutes


@dataclass(frozen=True, repr=False)
class Tokens:
    access_token: str
    instance_url: str
    refresh_token: str = ""
    scope: str = ""

    def __repr__(self) -> str:  # never the tokens
        return f"Tokens(instance_url={self.instance_url!r})"


def authorize_url(
    *,
    login_url: str,
    client_id: str,
    redirect_uri: str,
    state: str,
    scope: str = SCOPES,
    code_challenge: str = "",
) -> str:
    """Where to send the admin to allow Uplift to read Salesforce (the web-server flow); with
    `code_challenge` (PKCE, S256) the code is exchanged only with its verifier."""
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
    }
    if code_challenge:
        params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
    query = urlencode(params)
    return f"{login_url.rstrip('/')}/services/oauth2/authorize?{query}"


def code_exchange(
    *,
    session: requests.Session,
    login_url: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    code_verifier: str = "",
) -> Tokens:
    """The tokens for the code Salesforce sent the admin back with (and the PKCE verifier of
    the challenge the admin was sent with)."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": redirect_uri,
    }
    if code_verifier:
        data["code_verifier"] = code_verifier
    return _token_request(session, login_url, data)


def token_refresh(
    *,
    session: requests.Session,
    login_url: str,
    client_id: str,
    client_secret: str,
    refresh_token: str,
) -> Tokens:
    """A new access token for the refresh token (which stays the same unless Salesforce gives a
    new one)."""
    tokens = _token_request(
        session,
        login_url,
        {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": client_id,
            "client_secret": client_secret,
        },
    )
    return tokens if tokens.refresh_token else _with_refresh(tokens, refresh_token)


def _with_refresh(tokens: Tokens, refresh_token: str) -> Tokens:
    return Tokens(tokens.access_token, tokens.instance_url, refresh_token, tokens.scope)


def jwt_audience(login_url: str) -> str:
    """The assertion's audience: test.salesforce.com for sandboxes, else login.salesforce.com
    (also when signing in through a My Domain)."""
    host = urlsplit(login_url).hostname or ""
    sandbox = host.startswith("test.") or ".sandbox." in host
    return TEST_AUDIENCE if sandbox else LOGIN_URL


def jwt_token(
    *,
    session: requests.Session,
    login_url: str,
    client_id: str,
    username: str,
    private_key: str,
) -> Tokens:
    """An access token for `username` through the JWT bearer flow."""
    claims = {
        "iss": client_id,
        "sub": username,
        "aud": jwt_audience(login_url),
        "exp": int(time.time()) + JWT_LIFETIME_SECONDS,
    }
    try:
        assertion = jwt.encode(claims, private_key, algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise ConnectionRevoked(
            f"the connection's private key cannot sign a JWT ({exc}): upload the key of the "
            "certificate in the connected app"
        ) from exc
    return _token_request(
        session,
        login_url,
        {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},
    )


def _token_request(session: requests.Session, login_url: str, data: dict[str, str]) -> Tokens:
    url = f"{login_url.rstrip('/')}/services/oauth2/token"
    try:
        answer = session.post(url, data=data, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise SyncFailed(f"Salesforce's sign-in server could not be reached: {exc}") from exc
    body: dict[str, Any] = _json(answer)
    if answer.status_code == 400 and body.get("error") == "invalid_grant":
        words = body.get("error_description") or "invalid_grant"
        raise ConnectionRevoked(f"Salesforce refused the sign-in ({words})")
    if answer.status_code >= 300 or "access_token" not in body:
        words = body.get("error_description") or body.get("error") or answer.reason
        raise SyncFailed(f"Salesforce's sign-in failed (HTTP {answer.status_code}: {words}).")
    return Tokens(
        access_token=str(body["access_token"]),
        instance_url=str(body.get("instance_url") or ""),
        refresh_token=str(body.get("refresh_token") or ""),
        scope=str(body.get("scope") or ""),
    )


def _json(answer: requests.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
