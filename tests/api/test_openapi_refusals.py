"""Every operation of the OpenAPI document says how it refuses: 401 without credentials, 403
for the wrong role, 404 for what is not there or not in the caller's scope, each with the body
every refusal has (`ErrorOut`: detail, code, field) and a description in words."""

from __future__ import annotations

from typing import Any

from django.test import Client

from uplift.api.urls import api

ALWAYS = ("401", "403", "404")


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


def test_every_operation_documents_401_403_and_404() -> None:
    document = api.get_openapi_schema()
    assert len(_operations(document)) > 100
    missing = []
    for name, operation in _operations(document):
        for status in ALWAYS:
            response = operation["responses"].get(status) or operation["responses"].get(int(status))
            schema = (response or {}).get("content", {}).get("application/json", {}).get("schema")
            if response is None or schema != {"$ref": "#/components/schemas/ErrorOut"}:
                missing.append(f"{name} {status}")
            elif not response.get("description"):
                missing.append(f"{name} {status} (no description)")
    assert missing == [], "operations that do not document how they refuse"


def test_the_served_document_says_what_each_refusal_means(client: Client) -> None:
    document = client.get("/api/openapi.json").json()
    me = document["paths"]["/api/me"]["get"]["responses"]
    assert "Bearer" in me["401"]["description"]
    assert "role" in me["403"]["description"]
    assert "scope" in me["404"]["description"]
    schema = document["components"]["schemas"]["ErrorOut"]
    assert {"detail", "code", "field"} <= set(schema["properties"])


def test_the_refusals_answer_as_documented(client: Client, world: Any) -> None:
    """The bodies match ErrorOut: ninja's own 401 and the role check's 403 have `detail`."""
    unauthorised = client.get("/api/teams")
    assert unauthorised.status_code == 401
    assert set(unauthorised.json()) <= {"detail", "code", "field"}
    client.force_login(world.ann)
    forbidden = client.get("/api/teams")
    assert forbidden.status_code == 403
    assert "detail" in forbidden.json()
    missing = client.get("/api/people/999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
