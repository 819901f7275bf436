"""People and teams as SCIM resources (RFC 7643): a person is a User, a team a Group."""

from __future__ import annotations

from typing import Any

from uplift.orgs.models import Person, Team

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
BASE = "/scim/v2"


def _names(full_name: str) -> dict[str, str]:
    given, _, family = full_name.partition(" ")
    return {"formatted": full_name, "givenName": given, "familyName": family}


def user_resource(person: Person) -> dict[str, Any]:
    return {
        "schemas": [USER],
        "id": str(person.pk),
        "externalId": person.external_id or None,
        "userName": person.email,
        "name": _names(person.full_name),
        "displayName": person.full_name,
        "title": person.title,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        "active": person.is_active,
        "groups": (
            [{"value": str(person.team_id), "display": person.team.name}]
            if person.team is not None
            else []
        ),
        "meta": {
            "resourceType": "User",
            "created": person.date_joined.isoformat(),
            "location": f"{BASE}/Users/{person.pk}",
        },
    }


def group_resource(team: Team, members: list[Person]) -> dict[str, Any]:
    return {
        "schemas": [GROUP],
        "id": str(team.pk),
        "displayName": team.name,
        "members": [
            {"value": str(p.pk), "display": p.full_name, "$ref": f"{BASE}/Users/{p.pk}"}
            for p in members
        ],
        "meta": {"resourceType": "Group", "location": f"{BASE}/Groups/{team.pk}"},
    }


def list_response(resources: list[dict[str, Any]], *, total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


SERVICE_PROVIDER_CONFIG: dict[str, Any] = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    "documentationUri": "https://github.com/uplift/uplift/blob/main/docs/provisioning.md",
    "patch": {"supported": True},
    "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
    "filter": {"supported": True, "maxResults": 200},
    "changePassword": {"supported": False},
    "sort": {"supported": False},
    "etag": {"supported": False},
    "authenticationSchemes": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "The organisation's SCIM token, created by its enablement admin.",
            "primary": True,
        }
    ],
    "meta": {"resourceType": "ServiceProviderConfig", "location": f"{BASE}/ServiceProviderConfig"},
}

RESOURCE_TYPES: list[dict[str, Any]] = [
    {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "schema": USER,
        "meta": {"resourceType": "ResourceType", "location": f"{BASE}/ResourceTypes/User"},
    },
    {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "schema": GROUP,
        "meta": {"resourceType": "ResourceType", "location": f"{BASE}/ResourceTypes/Group"},
    },
]


def _attribute(name: str, kind: str = "string", **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        **more,
    }


SCHEMAS: list[dict[str, Any]] = [
    {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": USER,
        "name": "User",
        "description": "A person of the organisation",
        "attributes": [
            _attribute("userName", required=True, uniqueness="server"),
            _attribute("externalId"),
            _attribute("displayName"),
            _attribute("title"),
            _attribute("active", "boolean"),
            _attribute(
                "name",
                "complex",
                subAttributes=[
                    _attribute("formatted"),
                    _attribute("givenName"),
                    _attribute("familyName"),
                ],
            ),
            _attribute("emails", "complex", multiValued=True, subAttributes=[_attribute("value")]),
        ],
        "meta": {"resourceType": "Schema", "location": f"{BASE}/Schemas/{USER}"},
    },
    {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": GROUP,
        "name": "Group",
        "description": "A team of the organisation",
        "attributes": [
            _attribute("displayName", required=True),
            _attribute("members", "complex", multiValued=True, subAttributes=[_attribute("value")]),
        ],
        "meta": {"resourceType": "Schema", "location": f"{BASE}/Schemas/{GROUP}"},
    },
]
