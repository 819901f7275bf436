"""A real OpenID Connect provider on 127.0.0.1 for the tests: discovery, JWKS, the authorization
endpoint (it signs in whoever the test says, without asking), the token endpoint (client secret
and PKCE checked, codes used once), and RP-initiated logout. ID tokens are RS256-signed with
joserfc; `rotate_key` replaces the published key as a provider rotating its keys does."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class OidcProvider:
    client_id: str = "uplift-test-client"
    client_secret: str = "uplift-test-secret"
    email: str = "ann@acme.test"
    name: str = "Ann Test"
    email_verified: bool = True
    claims_override: dict[str, Any] = field(default_factory=dict)
    issuer: str = ""
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "key-1"})
    )
    foreign_key: RSAKey | None = None  # signs with a key it does not publish
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    logouts: list[dict[str, str]] = field(default_factory=list)
    last_id_token: str = ""

    def rotate_key(self) -> None:
        """A new signing key with a new key id; the old one is no longer published."""
        number = int(str(self.key.kid).split("-")[-1]) + 1
        self.key = RSAKey.generate_key(2048, parameters={"kid": f"key-{number}"})

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self, *, nonce: str) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": f"sub-{self.email}",
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "jti": secrets.token_hex(8),
            "email": self.email,
            "email_verified": self.email_verified,
            "name": self.name,
            **self.claims_override,
        }
        signer = self.foreign_key or self.key
        return jwt.encode({"alg": "RS256", "kid": str(signer.kid)}, claims, signer)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        handler = {
            "/.well-known/openid-configuration": lambda _request: self._json(self.discovery()),
            "/jwks": lambda _request: self._json({"keys": [self.key.as_dict(private=False)]}),
            "/authorize": self._authorize,
            "/token": self._token,
            "/logout": self._logout,
        }.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    @staticmethod
    def _json(body: dict[str, Any], status: int = 200) -> Response:
        import json

        return Response(json.dumps(body), status=status, mimetype="application/json")

    def _authorize(self, request: Request) -> Response:
        args = request.args
        if args.get("client_id") != self.client_id or args.get("response_type") != "code":
            return Response("unknown client", status=400)
        if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            return Response("PKCE required", status=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": args["redirect_uri"],
            "challenge": args["code_challenge"],
            "nonce": args.get("nonce", ""),
            "scope": args.get("scope", ""),
        }
        query = urlencode({"code": code, "state": args.get("state", "")})
        return Response(status=302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def _token(self, request: Request) -> Response:
        form = request.form
        self.token_requests.append(dict(form))
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (self.client_id, self.client_secret):
            return self._json({"error": "invalid_client"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._json({"error": "invalid_grant"}, 400)
        if _s256(form.get("code_verifier", "")) != grant["challenge"]:
            return self._json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        self.last_id_token = self.id_token(nonce=grant["nonce"])
        return self._json(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.last_id_token,
            }
        )

    def _logout(self, request: Request) -> Response:
        self.logouts.append(dict(request.args))
        target = request.args.get("post_logout_redirect_uri")
        if target:
            return Response(status=302, headers={"Location": target})
        return Response("signed out")


@contextmanager
def oidc_provider_running(**settings: Any) -> Iterator[OidcProvider]:
    provider = OidcProvider(**settings)
    server = make_server("127.0.0.1", 0, provider, threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join()
