"""What the directory (Okta, Entra ID, Google) does to an organisation's people and teams
through SCIM, and the admin's token. A user the directory deactivates (`active: false`) or
deletes cannot sign in any more; their history, recognition and credit stay theirs (deletion
is a deactivation: erasing a person is the admin's separate step, docs/privacy.md)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from uplift.audit.models import Action
from uplift.audit.services import audit_record
from uplift.core.refusals import Conflict, Invalid, NotAllowed, NotFound
from uplift.orgs.models import Organisation, Person, Role, Team
from uplift.provisioning.filters import filter_query
from uplift.provisioning.models import ScimToken

TOKEN_PREFIX = "scim_"  # noqa: S105  (the prefix that tells a SCIM token, not one)
USER_FILTERS = {
    "username": "email",
    "externalid": "external_id",
    "displayname": "full_name",
    "emails.value": "email",
    "emails": "email",
    "id": "pk",
}
GROUP_FILTERS = {"displayname": "name", "id": "pk", "externalid": "name"}
MAX_COUNT = 200


def _hash(clear: str) -> str:
    return hashlib.sha256(clear.encode()).hexdigest()


def scim_token_rotate(*, admin: Person) -> str:
    """A new token for the admin's organisation (the old one stops working); shown once."""
    if admin.role != Role.ADMIN or admin.organisation is None:
        raise NotAllowed("Only an enablement admin creates the directory's token.")
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ScimToken.objects.update_or_create(
            organisation=admin.organisation,
            defaults={
                "prefix": clear[:12],
                "key_hash": _hash(clear),
                "created_at": timezone.now(),
                "created_by": admin,
                "last_used_at": None,
            },
        )
        audit_record(
            action=Action.SETTINGS_CHANGED,
            actor=admin,
            organisation_id=admin.organisation_id,
            detail=f"directory (SCIM) token {clear[:12]}… created",
        )
    return clear


def scim_token_revoke(*, admin: Person) -> bool:
    if admin.role != Role.ADMIN or admin.organisation is None:
        raise NotAllowed("Only an enablement admin revokes the directory's token.")
    removed, _ = ScimToken.objects.filter(organisation=admin.organisation).delete()
    if removed:
        audit_record(
            action=Action.SETTINGS_CHANGED,
            actor=admin,
            organisation_id=admin.organisation_id,
            detail="directory (SCIM) token revoked",
        )
    return bool(removed)


def scim_authenticate(*, clear: str) -> Organisation | None:
    if not clear.startswith(TOKEN_PREFIX):
        return None
    token = ScimToken.objects.select_related("organisation").filter(key_hash=_hash(clear)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.organisation


# --- Reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    start: int
    count: int


def page_of(start: str | None, count: str | None) -> Page:
    try:
        first = int(start) if start else 1
        size = int(count) if count else 100
    except ValueError as error:
        raise Invalid("startIndex and count are whole numbers.", code="invalidValue") from error
    return Page(start=max(first, 1), count=min(max(size, 0), MAX_COUNT))


def users_of(*, organisation: Organisation, filter_text: str) -> QuerySet[Person]:
    people = Person.objects.filter(organisation=organisation).select_related("team")
    if filter_text:
        people = people.filter(filter_query(filter_text, USER_FILTERS))
    return people.order_by("pk")


def groups_of(*, organisation: Organisation, filter_text: str) -> QuerySet[Team]:
    teams = Team.objects.filter(organisation=organisation)
    if filter_text:
        teams = teams.filter(filter_query(filter_text, GROUP_FILTERS))
    return teams.order_by("pk")


def user_of(*, organisation: Organisation, user_id: str) -> Person:
    person = (
        Person.objects.filter(organisation=organisation, pk=_id(user_id))
        .select_related("team")
        .first()
    )
    if person is None:
        raise NotFound(f"No user {user_id} in this directory.")
    return person


def group_of(*, organisation: Organisation, group_id: str) -> Team:
    team = Team.objects.filter(organisation=organisation, pk=_id(group_id)).first()
    if team is None:
        raise NotFound(f"No group {group_id} in this directory.")
    return team


def _id(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) < 2**63:
        return 0
    return int(raw)


# --- Users ---------------------------------------------------------------------------------------


def _boolean(value: Any) -> bool:
    """Entra ID sends "False" and "True" as strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise Invalid("active is true or false.", field="active", code="invalidValue")


def _text(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise Invalid(f"{name} is text.", field=name, code="invalidValue")
    text = value.strip()
    if "\x00" in text or len(text) > limit:
        raise Invalid(f"{name} is at most {limit} characters.", field=name, code="invalidValue")
    return text


def _user_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The person's fields a SCIM User body sets (only those it carries)."""
    fields: dict[str, Any] = {}
    if "userName" in data:
        email = _text(data["userName"], "userName", 254).lower()
        if "@" not in email:
            raise Invalid("userName is the person's e-mail address.", code="invalidValue")
        fields["email"] = email
    name = data.get("name")
    if isinstance(name, dict):
        formatted = name.get("formatted") or " ".join(
            str(name.get(k) or "") for k in ("givenName", "familyName")
        )
        if str(formatted).strip():
            fields["full_name"] = _text(str(formatted), "name", 200)
    if "displayName" in data and data["displayName"] and "full_name" not in fields:
        fields["full_name"] = _text(data["displayName"], "displayName", 200)
    if "externalId" in data:
        fields["external_id"] = _text(data["externalId"] or "", "externalId", 255)
    if "title" in data:
        fields["title"] = _text(data["title"] or "", "title", 200)
    if "active" in data:
        fields["is_active"] = _boolean(data["active"])
    return fields


def _save(person: Person, fields: dict[str, Any]) -> Person:
    if person.erased_at is not None:
        fields = {k: v for k, v in fields.items() if k == "is_active" and v is False}
    if "email" in fields and (
        Person.objects.filter(email__iexact=fields["email"]).exclude(pk=person.pk).exists()
    ):
        raise Conflict("Another person has that userName.", code="uniqueness")
    for key, value in fields.items():
        setattr(person, key, value)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise Conflict("Another person has that userName.", code="uniqueness") from error
    return person


def user_create(*, organisation: Organisation, data: dict[str, Any]) -> Person:
    fields = _user_fields(data)
    if "email" not in fields:
        raise Invalid("A user needs a userName (their e-mail address).", code="invalidValue")
    if Person.objects.filter(email__iexact=fields["email"]).exists():
        raise Conflict("A user with that userName exists already.", code="uniqueness")
    person = Person.objects.create_user(
        fields.pop("email"),
        organisation=organisation,
        full_name=fields.pop("full_name", ""),
        role=Role.REP,
    )
    person.full_name = person.full_name or person.email
    return _save(person, fields)


def user_replace(*, person: Person, data: dict[str, Any]) -> Person:
    fields = _user_fields(data)
    fields.setdefault("is_active", True)  # PUT replaces: a body without `active` means active
    return _save(person, fields)


def user_patch(*, person: Person, operations: Any) -> Person:
    """PATCH as Okta and Entra ID send it: replace/add with a path, or with a dictionary of
    attributes and no path; `op` in any case."""
    if not isinstance(operations, list) or not operations:
        raise Invalid("A PATCH needs Operations.", code="invalidSyntax")
    fields: dict[str, Any] = {}
    for operation in operations:
        if not isinstance(operation, dict):
            raise Invalid("Each operation is an object.", code="invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in ("replace", "add"):
            raise Invalid(
                f"The {op or 'missing'} operation is not supported on users.", code="invalidSyntax"
            )
        path, value = operation.get("path"), operation.get("value")
        if path:
            key = str(path)
            if key.startswith("name."):
                given, _, family = person.full_name.partition(" ")
                parts = {"givenName": given, "familyName": family, "formatted": None}
                parts[key.removeprefix("name.")] = value
                fields |= _user_fields({"name": parts})
                continue
            if key.startswith("emails"):
                key, value = "userName", value[0]["value"] if isinstance(value, list) else value
            fields |= _user_fields({key: value})
        elif isinstance(value, dict):
            fields |= _user_fields(value)
        else:
            raise Invalid("An operation without a path carries an object.", code="invalidSyntax")
    return _save(person, fields)


def user_deactivate(*, person: Person) -> None:
    """DELETE: the person is deactivated (their history stays; erasure is separate)."""
    _save(person, {"is_active": False})


# --- Groups --------------------------------------------------------------------------------------


def _member_ids(value: Any) -> list[int]:
    if not isinstance(value, list):
        raise Invalid("members is a list.", field="members", code="invalidValue")
    return [_id(str(m.get("value", ""))) for m in value if isinstance(m, dict)]


def _set_members(team: Team, ids: list[int], *, add: bool) -> None:
    people = Person.objects.filter(organisation_id=team.organisation_id, pk__in=ids)
    if add:
        people.exclude(team=team).update(team=team)
    else:
        people.filter(team=team).update(team=None)


def group_create(*, organisation: Organisation, data: dict[str, Any]) -> Team:
    name = _text(data.get("displayName") or "", "displayName", 200)
    if not name:
        raise Invalid("A group needs a displayName.", code="invalidValue")
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise Conflict("A group with that displayName exists already.", code="uniqueness")
    with transaction.atomic():
        team = Team.objects.create(organisation=organisation, name=name)
        _set_members(team, _member_ids(data.get("members", [])), add=True)
    return team


def group_replace(*, team: Team, data: dict[str, Any]) -> Team:
    with transaction.atomic():
        if data.get("displayName"):
            team.name = _text(data["displayName"], "displayName", 200)
            team.save(update_fields=["name"])
        if "members" in data:
            wanted = set(_member_ids(data["members"]))
            current = set(team.members.values_list("pk", flat=True))
            _set_members(team, sorted(current - wanted), add=False)
            _set_members(team, sorted(wanted - current), add=True)
    return team


def group_patch(*, team: Team, operations: Any) -> Team:
    if not isinstance(operations, list) or not operations:
        raise Invalid("A PATCH needs Operations.", code="invalidSyntax")
    with transaction.atomic():
        for operation in operations:
            op = str(operation.get("op", "")).lower() if isinstance(operation, dict) else ""
            path = str(operation.get("path") or "") if isinstance(operation, dict) else ""
            value = operation.get("value") if isinstance(operation, dict) else None
            if op in ("add", "replace") and path == "members":
                if op == "replace":
                    team.members.update(team=None)
                _set_members(team, _member_ids(value), add=True)
            elif op == "remove" and path.startswith("members"):
                ids = _member_ids(value) if value else []
                if "[" in path:  # members[value eq "12"]
                    query = filter_query(
                        path[path.index("[") + 1 : path.rindex("]")], {"value": "pk"}
                    )
                    ids += list(team.members.filter(query).values_list("pk", flat=True))
                elif not ids:
                    ids = list(team.members.values_list("pk", flat=True))
                _set_members(team, ids, add=False)
            elif op == "replace" and (
                path == "displayName" or (not path and isinstance(value, dict))
            ):
                name = value.get("displayName") if isinstance(value, dict) else value
                team.name = _text(name or team.name, "displayName", 200)
                team.save(update_fields=["name"])
            else:
                raise Invalid(
                    f"The operation {op} {path} is not supported on groups.", code="invalidSyntax"
                )
    return team


def group_delete(*, team: Team) -> None:
    if team.children.exists():
        raise Conflict(
            "The group has teams under it in Uplift; move them first.", code="mutability"
        )
    with transaction.atomic():
        team.members.update(team=None)
        team.delete()
