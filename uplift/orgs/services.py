"""Writes to organisations, teams and people. Views, the API and the CLI call these."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from uplift.core.refusals import Invalid
from uplift.orgs.models import ApiToken, Organisation, Person, Role, Team
from uplift.orgs.time_zones import time_zone_valid

TOKEN_PREFIX = "upl_"  # noqa: S105  (a public prefix, not a secret)
API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365


def organisation_get_or_create(*, name: str, slug: str | None = None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug or slugify(name)[:80], defaults={"name": name}
    )
    return organisation


def team_get_or_create(
    *,
    organisation: Organisation,
    name: str,
    kind: str = Team.Kind.TEAM,
    parent: Team | None = None,
    manager: Person | None = None,
) -> Team:
    team, created = Team.objects.get_or_create(
        organisation=organisation,
        parent=parent,
        name=name,
        defaults={"kind": kind, "manager": manager},
    )
    if not created and manager is not None and team.manager_id != manager.pk:
        team.manager = manager
        team.save(update_fields=["manager"])
    return team


def person_upsert(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str = Role.REP,
    team: Team | None = None,
    manager: Person | None = None,
    title: str = "",
    crm_user_id: str = "",
    hire_date: date | None = None,
    password: str | None = None,
) -> Person:
    """Create the person, or bring an existing one (matched by e-mail) up to date."""
    email = email.strip().lower()
    person = Person.objects.filter(email=email).first()
    fields = {
        "organisation": organisation,
        "full_name": full_name,
        "role": role,
        "team": team,
        "manager": manager,
        "title": title,
        "crm_user_id": crm_user_id,
        "hire_date": hire_date,
    }
    if person is None:
        return Person.objects.create_user(email, password=password, **fields)
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.save(update_fields=changed)
    if password and not person.check_password(password):
        person_password_set(person=person, password=password)
    return person


def person_password_set(*, person: Person, password: str) -> None:
    """Give the person a new password; saving it revokes all their API tokens (Person.save does
    that for every way a password changes), and signed-in browser sessions end through Django's
    session hash."""
    person.set_password(password)
    person.save(update_fields=["password"])


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def api_token_create(
    *, person: Person, name: str, lifetime_days: int = API_TOKEN_DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """Create a token that works for `lifetime_days` (1 to API_TOKEN_MAX_DAYS); the clear text
    is returned once and never stored."""
    if not 1 <= lifetime_days <= API_TOKEN_MAX_DAYS:
        raise Invalid(f"A token lives from 1 to {API_TOKEN_MAX_DAYS} days.", field="lifetime_days")
    clear = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        person=person,
        name=name.strip() or "API token",
        prefix=clear[:12],
        key_hash=_hash_token(clear),
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
    )
    return token, clear


def api_token_authenticate(*, clear: str) -> Person | None:
    """The owner of a live token (not revoked, not expired, owner active), else None."""
    if not clear.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("person")
        .filter(key_hash=_hash_token(clear), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.person.may_sign_in:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person


@transaction.atomic
def api_token_revoke(*, person: Person, token_id: int) -> bool:
    """Revoke one of the person's own tokens; False when it is not theirs or already revoked."""
    updated = ApiToken.objects.filter(pk=token_id, person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return updated == 1


def person_time_zone_set(*, person: Person, time_zone: str) -> Person:
    """The person's own time zone (an IANA name), or blank to follow their organisation's."""
    time_zone = time_zone.strip()
    if time_zone and not time_zone_valid(time_zone):
        raise Invalid("Choose a time zone from the list.", field="time_zone")
    person.time_zone = time_zone
    person.save(update_fields=["time_zone"])
    return person


def organisation_time_zone_set(*, organisation: Organisation, time_zone: str) -> Organisation:
    """The organisation's time zone: every time is shown in it to people who chose none."""
    time_zone = time_zone.strip()
    if not time_zone_valid(time_zone):
        raise Invalid("Choose a time zone from the list.", field="time_zone")
    organisation.time_zone = time_zone
    organisation.save(update_fields=["time_zone"])
    return organisation
