"""Request bodies are bounded: anything but the upload page refuses a body over 5 MB with 413
before reading it (a 300 MB multipart post to /login/ used to be read to disk in full), and the
upload page takes up to UPLIFT_UPLOAD_MAX_MB."""

from __future__ import annotations

import json
import socket
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import World

FIVE_MB = 5 * 2**20


def test_the_limits_are_set() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == FIVE_MB
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 100


@pytest.mark.django_db(transaction=True)
def test_a_300_mb_anonymous_upload_to_the_sign_in_page_is_refused_unread(
    live_server: Any,
) -> None:
    """With the CSRF cookie any visitor gets (so that the CSRF check reads the form), announce
    300 MB of multipart body, send 64 KB of it, and get 413 back while the rest is still unsent:
    the server answered without waiting for (or storing) the body."""
    address = urlsplit(live_server.url)
    with urlopen(f"{live_server.url}/login/", timeout=60) as page:  # noqa: S310  (the test server)
        cookie = SimpleCookie(page.headers["Set-Cookie"])["csrftoken"].value
    boundary = "----uplift"
    head = (
        "POST /login/ HTTP/1.1\r\n"
        f"Host: {address.hostname}\r\n"
        f"Cookie: csrftoken={cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {300 * 2**20}\r\n"
        "\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="big"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname, address.port), timeout=60) as conn:
        conn.sendall(head + b"\0" * 65_536)
        status_line = conn.makefile("rb").readline().decode()
    assert status_line.split()[1] == "413", status_line


def test_a_large_form_to_a_page_is_refused(client: Client) -> None:
    response = client.post(
        "/login/",
        "username=" + "a" * (FIVE_MB + 1),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "at most 5 MB" in response.text


def test_a_large_json_body_to_the_api_is_refused(client: Client, world: World) -> None:
    client.force_login(world.ann)
    body = json.dumps({"receiver_id": world.gil.pk, "message": "x" * (FIVE_MB + 1)})
    response = client.post("/api/recognition/kudos", body, content_type="application/json")
    assert response.status_code == 413


def test_a_declared_length_that_is_not_a_number_is_refused(client: Client) -> None:
    response = client.post("/login/", {}, CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_the_upload_page_takes_more_than_five_mb_up_to_its_own_limit(
    client: Client, world: World, settings: Any
) -> None:
    client.force_login(world.ada)

    def upload() -> int:
        export = SimpleUploadedFile("users.csv", b"Id,Name\n" + b"x" * (FIVE_MB + 1))
        return client.post("/enablement/imports/", {"source": "csv", "files": export}).status_code

    assert upload() != 413
    settings.UPLIFT_UPLOAD_MAX_BYTES = FIVE_MB
    assert upload() == 413
