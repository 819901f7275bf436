"""SAML 2.0 as a service provider (pysaml2, which signs and checks signatures with xmlsec1).

Each identity provider of an organisation is its own service provider: its entity id is its
metadata address, `/sso/<organisation>/<provider>/saml/metadata/`, with an assertion consumer
service (HTTP-POST) and a single logout service (HTTP-Redirect) beside it. Assertions must be
signed by the identity provider's key from its imported metadata; responses to a request of ours
must answer that request, and unsolicited ones (IdP-initiated sign-in) are accepted when signed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import saml2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from defusedxml import ElementTree
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.mdstore import MetadataStore
from saml2.metadata import create_metadata_string
from saml2.response import (
    IncorrectlySigned,
    StatusError,
    UnsolicitedResponse,
    VerificationError,
)
from saml2.s_utils import status_message_factory, success_status_factory
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.samlp import STATUS_UNKNOWN_PRINCIPAL
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from uplift.identity.errors import ProviderSetupInvalid, SignInRefused
from uplift.identity.models import IdentityProvider

TIMEOUT_SECONDS = 10
EMAIL_ATTRIBUTES = (
    "email",
    "mail",
    "emailAddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
)
NAME_ATTRIBUTES = (
    "displayName",
    "name",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    "urn:oid:2.16.840.1.113730.3.1.241",
)


@dataclass(frozen=True)
class SpUrls:
    entity_id: str  # also where our metadata is published
    acs: str
    sls: str


@dataclass(frozen=True)
class SamlIdentity:
    email: str
    name: str
    assertion_id: str
    expires_at: dt.datetime
    name_id: str
    name_id_format: str
    session_index: str
    in_response_to: str


def sp_key_pair(common_name: str) -> tuple[str, str]:
    """A new RSA key and a self-signed certificate (ten years) for signing our SAML requests."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def idp_metadata_read(xml: str) -> str:
    """The entity id of the identity provider the metadata describes; refuses metadata that is
    not an identity provider's with a signing certificate."""
    store = MetadataStore(attrc=None, config=SPConfig())
    try:
        store.load("inline", xml)
    except Exception as exc:  # pysaml2 raises several XML and schema errors
        raise ProviderSetupInvalid(
            "That is not SAML metadata Uplift can read. Download the identity provider's "
            "federation metadata (an XML file starting with <EntityDescriptor>) and try again.",
            field="metadata",
        ) from exc
    idps = [entity for entity in store.keys() if store.single_sign_on_service(entity)]  # noqa: SIM118  (the store is not iterable)
    if not idps:
        raise ProviderSetupInvalid(
            "The metadata describes no identity provider with a single sign-on service.",
            field="metadata",
        )
    if not store.certs(idps[0], "idpsso", "signing"):
        raise ProviderSetupInvalid(
            "The identity provider's metadata has no signing certificate, so its assertions "
            "could not be checked.",
            field="metadata",
        )
    return str(idps[0])


def idp_metadata_fetch(url: str) -> str:
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
    except requests.RequestException as exc:
        raise ProviderSetupInvalid(
            f"Could not download the metadata from {url}: {exc}.", field="metadata_url"
        ) from exc
    return response.text


@contextmanager
def saml_client(
    *, provider: IdentityProvider, urls: SpUrls, private_key: str
) -> Iterator[Saml2Client]:
    """A pysaml2 client for the provider; xmlsec1 reads our key and certificate from files that
    live only while the client is used."""
    with tempfile.TemporaryDirectory(prefix="uplift-saml-") as folder:
        key_file = Path(folder) / "sp.key"
        cert_file = Path(folder) / "sp.crt"
        key_file.write_text(private_key)
        key_file.chmod(0o600)
        cert_file.write_text(provider.sp_certificate)
        config = SPConfig()
        config.load(_sp_settings(provider, urls, str(key_file), str(cert_file)))
        yield Saml2Client(config)


def _sp_settings(
    provider: IdentityProvider, urls: SpUrls, key_file: str, cert_file: str
) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "entityid": urls.entity_id,
        "key_file": key_file,
        "cert_file": cert_file,
        "xmlsec_binary": None,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": f"Uplift ({provider.organisation.name})",
                "endpoints": {
                    "assertion_consumer_service": [(urls.acs, saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [(urls.sls, saml2.BINDING_HTTP_REDIRECT)],
                },
                "allow_unsolicited": True,  # IdP-initiated sign-in, checked like any other
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                "name_id_format_allow_create": True,
            }
        },
    }
    if provider.idp_metadata_xml:
        settings["metadata"] = {"inline": [provider.idp_metadata_xml]}
    return settings


def sp_metadata(*, provider: IdentityProvider, urls: SpUrls, private_key: str) -> str:
    """Our metadata for the identity provider's administrator to import."""
    with saml_client(provider=provider, urls=urls, private_key=private_key) as client:
        xml = create_metadata_string(None, config=client.config, valid=24 * 365)
    return xml.decode() if isinstance(xml, bytes) else str(xml)


def saml_start(
    *, provider: IdentityProvider, urls: SpUrls, private_key: str, relay_state: str
) -> tuple[str, str]:
    """SP-initiated sign-in: our signed AuthnRequest's id, and the address to send the browser."""
    with saml_client(provider=provider, urls=urls, private_key=private_key) as client:
        request_id, info = client.prepare_for_authenticate(
            entityid=provider.idp_entity_id, relay_state=relay_state
        )
    location = next(value for name, value in info["headers"] if name == "Location")
    return str(request_id), str(location)


def _first(attributes: dict[str, list[str]], names: tuple[str, ...]) -> str:
    for name in names:
        values = attributes.get(name)
        if values:
            return str(values[0]).strip()
    return ""


def _expired(saml_response: str) -> bool:
    """Whether any NotOnOrAfter of the (not yet trusted) response lies in the past: pysaml2 says
    only "Condition not OK" when an assertion's validity ended before it began."""
    try:
        root = ElementTree.fromstring(base64.b64decode(saml_response))
    except (ValueError, binascii.Error, ElementTree.ParseError):
        return False
    now = dt.datetime.now(dt.UTC)
    for element in root.iter():
        ends = element.get("NotOnOrAfter")
        if ends:
            try:
                if dt.datetime.fromisoformat(ends) <= now:
                    return True
            except ValueError:
                continue
    return False


def saml_finish(
    *,
    provider: IdentityProvider,
    urls: SpUrls,
    private_key: str,
    saml_response: str,
    outstanding: dict[str, str],
) -> SamlIdentity:
    """The person a signed assertion names; refuses a bad signature, an expired or not yet valid
    assertion, a response to another request, and a response for another service provider."""
    with saml_client(provider=provider, urls=urls, private_key=private_key) as client:
        try:
            response = client.parse_authn_request_response(
                saml_response, saml2.BINDING_HTTP_POST, outstanding=outstanding
            )
        except (SignatureError, IncorrectlySigned) as exc:
            raise SignInRefused(
                "The sign-in was not signed by your organisation's identity provider (its "
                "signature did not match the certificate in its metadata). Ask your IT team "
                "whether the provider's certificate changed, then import its metadata again.",
                code="bad_signature",
            ) from exc
        except VerificationError as exc:
            if not _expired(saml_response):
                raise SignInRefused(
                    "The sign-in was not meant for Uplift (its audience or conditions do not "
                    "match). Ask your IT team to check the Uplift application's entity ID.",
                    code="bad_assertion",
                ) from exc
            raise SignInRefused(
                "The sign-in had expired before it reached Uplift. Sign in again.",
                code="expired",
            ) from exc
        except ResponseLifetimeExceed as exc:
            raise SignInRefused(
                "The sign-in had expired before it reached Uplift. Sign in again.",
                code="expired",
            ) from exc
        except ToEarly as exc:
            raise SignInRefused(
                "The sign-in is not valid yet: the identity provider's clock may be ahead. "
                "Try again in a minute.",
                code="not_yet_valid",
            ) from exc
        except UnsolicitedResponse as exc:
            raise SignInRefused(
                "The sign-in answers a request Uplift did not make. Start again from Uplift's "
                "sign-in page.",
                code="bad_state",
            ) from exc
        except StatusError as exc:
            raise SignInRefused(
                f"The identity provider did not sign you in: {exc}.", code="provider_refused"
            ) from exc
        except Exception as exc:  # pysaml2 raises many kinds for a malformed or foreign answer
            raise SignInRefused(
                "The sign-in could not be read or was not meant for Uplift. Sign in again; if "
                "it keeps failing, ask your IT team to check the Uplift application's settings.",
                code="bad_assertion",
            ) from exc
        if response is None or response.assertion is None:
            raise SignInRefused(
                "The identity provider's answer held no sign-in. Sign in again.",
                code="bad_assertion",
            )
        assertion = response.assertion
        attributes: dict[str, list[str]] = response.get_identity() or {}
        name_id: NameID | None = response.name_id
        email = _first(attributes, EMAIL_ATTRIBUTES)
        if not email and name_id is not None and name_id.format == NAMEID_FORMAT_EMAILADDRESS:
            email = str(name_id.text or "").strip()
        not_on_or_after = assertion.conditions.not_on_or_after if assertion.conditions else None
        expires = (
            dt.datetime.fromisoformat(str(not_on_or_after))
            if not_on_or_after
            else dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        )
        session_index = ""
        if assertion.authn_statement:
            session_index = str(assertion.authn_statement[0].session_index or "")
        return SamlIdentity(
            email=email.lower(),
            name=_first(attributes, NAME_ATTRIBUTES),
            assertion_id=str(assertion.id),
            expires_at=expires,
            name_id=str(name_id.text) if name_id is not None else "",
            name_id_format=str(name_id.format or "") if name_id is not None else "",
            session_index=session_index,
            in_response_to=str(response.in_response_to or ""),
        )


def saml_logout_url(
    *,
    provider: IdentityProvider,
    urls: SpUrls,
    private_key: str,
    name_id: str,
    name_id_format: str,
    session_index: str,
) -> str | None:
    """SP-initiated single logout: a signed LogoutRequest sent by redirect, when the identity
    provider has a single logout service."""
    with saml_client(provider=provider, urls=urls, private_key=private_key) as client:
        try:
            destinations = client.metadata.single_logout_service(
                provider.idp_entity_id, saml2.BINDING_HTTP_REDIRECT, "idpsso"
            )
        except Exception:  # noqa: BLE001  (no logout service is an ordinary answer)
            return None
        if not destinations:
            return None
        destination = destinations[0]["location"]
        request_id, request = client.create_logout_request(
            destination,
            provider.idp_entity_id,
            name_id=NameID(text=name_id, format=name_id_format or None),
            session_indexes=[session_index] if session_index else None,
        )
        info = client.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(request),
            destination,
            relay_state="",
            sign=True,
            sigalg=client.signing_algorithm,
        )
    del request_id
    return str(next(value for name, value in info["headers"] if name == "Location"))


@dataclass(frozen=True)
class LogoutAnswer:
    signs_out: bool  # the identity provider asked to end this person's session
    location: str | None  # where to send the browser with our answer, if any


def saml_logout_answer(
    *,
    provider: IdentityProvider,
    urls: SpUrls,
    private_key: str,
    query: dict[str, str],
    name_id: str,
) -> LogoutAnswer:
    """The identity provider's logout message at our single logout service: its answer to our
    request (nothing more to do), or its own request (IdP-initiated logout) for the person
    signed in here as `name_id`, which we answer, signed, by redirect."""
    with saml_client(provider=provider, urls=urls, private_key=private_key) as client:
        if "SAMLResponse" in query:
            client.parse_logout_request_response(query["SAMLResponse"], saml2.BINDING_HTTP_REDIRECT)
            return LogoutAnswer(signs_out=True, location=None)
        parsed = client.parse_logout_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        message = parsed.message
        asked_for = str(message.name_id.text) if message.name_id is not None else ""
        matches = bool(name_id) and asked_for.lower() == name_id.lower()
        status = (
            success_status_factory()
            if matches
            else status_message_factory("Not signed in here", STATUS_UNKNOWN_PRINCIPAL)
        )
        response = client.create_logout_response(
            message, bindings=[saml2.BINDING_HTTP_REDIRECT], status=status
        )
        destination = client.response_args(message, [saml2.BINDING_HTTP_REDIRECT])
        info = client.apply_binding(
            destination["binding"],
            str(response),
            destination["destination"],
            relay_state=query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=client.signing_algorithm,
        )
    location = next((str(value) for name, value in info["headers"] if name == "Location"), None)
    return LogoutAnswer(signs_out=matches, location=location)
