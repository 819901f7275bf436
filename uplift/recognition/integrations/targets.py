"""Where a webhook may post: over https to a public address, and nowhere inside the network.

A webhook URL is typed by an admin, so it must not make the server call its own internal
services (the cloud metadata address 169.254.169.254, a database on 10.x, the server itself on
127.0.0.1). Its host name is resolved and every address checked when it is saved and again
before each post, and the connection itself is checked against the address it really reached
(a name that resolves to a public address at the check and a private one at the connection is
caught there). UPLIFT_WEBHOOK_ALLOW_PRIVATE lets an installation with an on-premises chat server
post to private and loopback addresses, over http as well; link-local addresses (the cloud
metadata service among them) stay out of reach.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"https": 443, "http": 80}


class WebhookTargetRefused(Exception):  # noqa: N818  (a refusal, shown to the admin as it is)
    """A webhook URL that Uplift will not post to; the message says why."""


def _address(text: str) -> Address:
    found = ipaddress.ip_address(text.split("%", 1)[0])  # an IPv6 zone ("%eth0") is not part
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def address_refusal(address: Address, *, allow_private: bool) -> str | None:
    """Why a webhook may not post to this address, or None when it may."""
    if address.is_multicast or address.is_unspecified:
        return f"{address} is not the address of one server"
    if address.is_link_local:  # where clouds answer with the server's own credentials
        return f"{address} is a link-local address"
    if address.is_global or allow_private:
        return None
    kind = (
        "a loopback" if address.is_loopback else "a private" if address.is_private else "a reserved"
    )
    return (
        f"{address} is {kind} address, inside the network (an installation with its own chat "
        "server there sets UPLIFT_WEBHOOK_ALLOW_PRIVATE=1)"
    )


def target_addresses(url: str, *, allow_private: bool) -> list[Address]:
    """Every address the URL's host resolves to, all of them allowed; WebhookTargetRefused
    otherwise (with why)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise WebhookTargetRefused("A webhook URL must start with https://.")
    if parts.scheme == "http" and not allow_private:
        raise WebhookTargetRefused("A webhook URL must start with https://.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise WebhookTargetRefused(f"The webhook URL's port is not valid: {error}.") from error
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise WebhookTargetRefused(f"{parts.hostname} cannot be resolved: {error}.") from error
    addresses = list(dict.fromkeys(_address(str(entry[4][0])) for entry in found))
    for address in addresses:
        refusal = address_refusal(address, allow_private=allow_private)
        if refusal:
            named = "" if parts.hostname == str(address) else f"{parts.hostname}: "
            raise WebhookTargetRefused(f"{named}{refusal}.")
    if parts.scheme == "http" and any(a.is_global for a in addresses):
        raise WebhookTargetRefused(
            "A webhook URL must start with https:// (plain http:// only to a chat server inside "
            "the network)."
        )
    return addresses


def peer_check(sock: socket.socket, *, allow_private: bool) -> None:
    """Refuse a connection that reached an address a webhook may not post to."""
    refusal = address_refusal(_address(str(sock.getpeername()[0])), allow_private=allow_private)
    if refusal:
        sock.close()
        raise WebhookTargetRefused(f"the connection reached {refusal}.")
