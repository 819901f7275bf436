"""Every page carries a Content-Security-Policy that runs only Uplift's own script files and a
Permissions-Policy that turns off what Uplift never uses; no template sneaks in inline script."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import World

TEMPLATE_ROOTS = sorted((Path(settings.BASE_DIR) / "uplift").glob("*/templates"))
INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
EVENT_HANDLER = re.compile(r"""\son[a-z]+=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("path", ["/login/", "/me/", "/api/me", "/api/docs"])
def test_pages_and_the_api_carry_both_policies(client: Client, world: World, path: str) -> None:
    client.force_login(world.ann)
    response = client.get(path)
    policy = _policy(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_the_api_docs_come_from_our_own_static_files(client: Client) -> None:
    page = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_no_template_carries_inline_script() -> None:
    """The policy runs only our own script files, so an inline <script> or on*= handler would
    silently do nothing: use a data- behaviour of uplift/web/static/web/behaviours.js instead."""
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
    found: dict[str, str] = {}
    for root in TEMPLATE_ROOTS:
        for template in root.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            name = str(template.relative_to(root))
            for script in INLINE_SCRIPT.finditer(text):
                if "src=" not in script["attributes"] and "json" not in script["attributes"]:
                    found[_hash(script["body"])] = f"{name}: <script>"
            for handler in EVENT_HANDLER.finditer(text):
                found[_hash(handler["double"] or handler["single"] or "")] = f"{name}: handler"
            assert "javascript:" not in text, name
    assert sorted(found.values()) == []
