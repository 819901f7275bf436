"""A real SAML 2.0 identity provider for the tests, pysaml2's IdP side: its metadata, the
single sign-on service (HTTP-Redirect; it signs in whoever the test says and answers with a
signed assertion by auto-submitted HTTP-POST form), IdP-initiated sign-in, and single logout.
Served on 127.0.0.1 for the browser; the other tests call its methods directly."""

from __future__ import annotations

import base64
import html
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import saml2
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from uplift.identity.saml import sp_key_pair

AUTHN = {"class_ref": saml2.saml.AUTHN_PASSWORD, "authn_auth": "https://idp.test/"}


@dataclass
class SamlIdp:
    base: str
    folder: Path
    email: str = "ann@acme.test"
    name: str = "Ann Test"
    lifetime_minutes: int = 15
    sp_metadata: str = ""
    logouts: list[str] = field(default_factory=list)
    _server: Server | None = None

    def __post_init__(self) -> None:
        key, cert = sp_key_pair("Test IdP")
        (self.folder / "idp.key").write_text(key)
        (self.folder / "idp.crt").write_text(cert)

    @property
    def entity_id(self) -> str:
        return f"{self.base}/metadata"

    def config(self) -> IdPConfig:
        settings: dict[str, Any] = {
            "entityid": self.entity_id,
            "key_file": str(self.folder / "idp.key"),
            "cert_file": str(self.folder / "idp.crt"),
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base}/sso", saml2.BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{self.base}/slo", saml2.BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": self.lifetime_minutes},
                            "attribute_restrictions": None,
                            "name_form": saml2.saml.NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                }
            },
        }
        if self.sp_metadata:
            settings["metadata"] = {"inline": [self.sp_metadata]}
        config = IdPConfig()
        config.load(settings)
        return config

    def metadata(self) -> str:
        xml = create_metadata_string(None, config=self.config(), valid=24)
        return xml.decode() if isinstance(xml, bytes) else str(xml)

    def trust(self, sp_metadata: str) -> None:
        """Registers Uplift's service provider metadata, as an IdP administrator does."""
        self.sp_metadata = sp_metadata
        self._server = None

    @property
    def server(self) -> Server:
        if self._server is None:
            self._server = Server(config=self.config())
        return self._server

    def response(
        self, *, acs: str, sp_entity_id: str, in_response_to: str | None = None, email: str = ""
    ) -> str:
        """A signed SAMLResponse (base64, as HTTP-POST carries it) for the person."""
        email = email or self.email
        response = self.server.create_authn_response(
            identity={"mail": [email], "displayName": [self.name]},
            in_response_to=in_response_to,
            destination=acs,
            sp_entity_id=sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            userid=email,
            authn=AUTHN,
            sign_assertion=True,
            sign_response=True,
        )
        return base64.b64encode(str(response).encode()).decode()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path == "/metadata":
            result = Response(self.metadata(), mimetype="application/samlmetadata+xml")
        elif request.path == "/sso":
            result = self._sso(request)
        elif request.path == "/slo":
            self.logouts.append(request.args.get("SAMLRequest", ""))
            result = Response("signed out of the identity provider")
        else:
            result = Response("not found", status=404)
        return result(environ, start_response)

    def _sso(self, request: Request) -> Response:
        parsed = self.server.parse_authn_request(
            request.args["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT
        )
        message = parsed.message
        acs = str(message.assertion_consumer_service_url)
        saml_response = self.response(
            acs=acs, sp_entity_id=str(message.issuer.text), in_response_to=str(message.id)
        )
        relay = html.escape(request.args.get("RelayState", ""), quote=True)
        page = (
            f'<html><body onload="document.forms[0].submit()"><form method="post" '
            f'action="{html.escape(acs, quote=True)}">'
            f'<input type="hidden" name="SAMLResponse" value="{saml_response}">'
            f'<input type="hidden" name="RelayState" value="{relay}">'
            "<noscript><button>Continue</button></noscript></form></body></html>"
        )
        return Response(page, mimetype="text/html")


@contextmanager
def saml_idp_running() -> Iterator[SamlIdp]:
    with tempfile.TemporaryDirectory(prefix="uplift-test-idp-") as folder:
        holder: dict[str, SamlIdp] = {}

        def app(environ: dict[str, Any], start_response: Any) -> Any:
            return holder["idp"](environ, start_response)

        server = make_server("127.0.0.1", 0, app, threaded=True)
        holder["idp"] = SamlIdp(base=f"http://127.0.0.1:{server.server_port}", folder=Path(folder))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield holder["idp"]
        finally:
            server.shutdown()
            thread.join()
