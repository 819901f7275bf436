"""Everything Uplift holds about one person, as a zip of JSON and CSV with a README.

What it holds is found, not listed: every record of Uplift's own apps that points at the person
(each way it points: a coaching session as rep and as coach are two files), plus the records that
belong to those of their own private records (a session's action items, a plan's milestones and
check-ins, an assessment's ratings), plus the audit trail's events that name them. Secrets are
left out (password and token hashes, encrypted credentials). Where a record is another person's
private record and this person only took part in it (the coach of someone else's session, the
rater of someone else's assessment), its free text stays out: it is about the other person.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from uplift.audit.selectors import audit_events_of
from uplift.coaching.models import CoachingSession, RolePlaySession
from uplift.debriefs.models import Debrief
from uplift.development.models import Assessment, DevelopmentPlan
from uplift.orgs.models import ApiToken, Person

# Another person's private record, by the field that names whose it is.
PRIVATE_OWNER: dict[type[models.Model], str] = {
    CoachingSession: "rep",
    RolePlaySession: "rep",
    DevelopmentPlan: "rep",
    Assessment: "subject",
    Debrief: "star",
}
SECRET_FIELDS = {"password", "key_hash", "last_login"}
TEXT_FIELDS = (models.TextField,)
README = """Personal data held by Uplift
============================

Person: {name} <{email}>
Organisation: {organisation}
Exported: {when} by {by}

person.json             who you are in Uplift: name, e-mail, title, role, team, manager,
                        hire and leave dates, whether you may sign in
records/<app>.<record>.<field>.json and .csv
                        every record that names you, one file per kind of record and per
                        way it names you (e.g. coaching.coachingsession.rep: the sessions
                        in which you are coached; .coach: those you held as coach)
records/...children     the parts of your own private records (action items, milestones,
                        check-ins, ratings)
audit_trail.json/.csv   every event of the audit trail that names you, as the one acting
                        or the one it is about (who opened your private records)

Left out: password and token hashes, encrypted credentials. Where you took part in another
person's private record (as the coach of their session, the rater of their assessment), its
free text is left out: it is about them. Pulse answers are never stored against a person.
The CRM records you own (opportunities, activities) are your company's CRM data; they are
held by your CRM and imported from it.
"""


@dataclass(frozen=True)
class ExportFile:
    name: str
    rows: list[dict[str, Any]]


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)  # a UUID, a time zone


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and not f.name.endswith("_encrypted")
    ]


def _row(obj: models.Model, fields: list[models.Field[Any, Any]], *, text: bool) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in fields:
        if not text and isinstance(f, TEXT_FIELDS):
            continue
        row[f.attname] = _value(getattr(obj, f.attname))
    return row


def _person_models() -> Iterator[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    for model in apps.get_models():
        if not model.__module__.startswith("uplift.") or model in (Person, ApiToken):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Person:
                yield model, f


def _children(model: type[models.Model], ids: list[int]) -> Iterator[ExportFile]:
    """The records that are parts of the person's own private records."""
    for child in apps.get_models():
        for f in child._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is model:
                fields = _fields(child)
                rows = [
                    _row(obj, fields, text=True)
                    for obj in child._default_manager.filter(**{f"{f.name}_id__in": ids})
                ]
                if rows:
                    label = child._meta.label_lower
                    yield ExportFile(f"records/{label}.{f.name}.children", rows)


def export_files(*, person: Person) -> list[ExportFile]:
    files: list[ExportFile] = []
    for model, fk in _person_models():
        owner = PRIVATE_OWNER.get(model)
        own_private = owner == fk.name
        text = owner is None or own_private
        fields = _fields(model)
        found = list(model._default_manager.filter(**{fk.attname: person.pk}))
        if not found:
            continue
        files.append(
            ExportFile(
                f"records/{model._meta.label_lower}.{fk.name}",
                [_row(obj, fields, text=text) for obj in found],
            )
        )
        if own_private:
            files.extend(_children(model, [obj.pk for obj in found]))
    files.append(
        ExportFile(
            "audit_trail",
            [
                {
                    "at": e.at.isoformat(),
                    "action": e.get_action_display(),
                    "by": (e.actor.full_name if e.actor else "Uplift itself"),
                    "about": (e.subject.full_name if e.subject else ""),
                    "record": e.get_record_display() if e.record else "",
                    "record_id": e.record_id,
                    "detail": e.detail,
                    "through": e.get_door_display(),
                }
                for e in audit_events_of(person=person)
            ],
        )
    )
    return files


def _profile(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.full_name,
        "email": person.email,
        "title": person.title,
        "role": person.role,
        "organisation": person.organisation.name if person.organisation else None,
        "team": person.team.name if person.team else None,
        "manager": person.manager.full_name if person.manager else None,
        "crm_user_id": person.crm_user_id,
        "external_id": person.external_id,
        "hire_date": _value(person.hire_date),
        "leave_date": _value(person.leave_date),
        "active": person.is_active,
        "may_sign_in": person.may_sign_in,
        "time_zone": person.time_zone,
        "joined": _value(person.date_joined),
        "last_sign_in": _value(person.last_login),
        "erased_at": _value(person.erased_at),
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _value(t.created_at),
                "last_used_at": _value(t.last_used_at),
                "expires_at": _value(t.expires_at),
                "revoked_at": _value(t.revoked_at),
            }
            for t in person.api_tokens.all()
        ],
    }


def _csv(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    headings: list[str] = []
    for row in rows:
        headings.extend(k for k in row if k not in headings)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headings)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return "\ufeff" + out.getvalue()


def export_zip(*, person: Person, by: str) -> bytes:
    """The zip: README.txt, person.json, then one JSON and one CSV file per kind of record."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(
                name=person.full_name,
                email=person.email,
                organisation=person.organisation.name if person.organisation else "none",
                when=timezone.now().isoformat(timespec="seconds"),
                by=by,
            ),
        )
        archive.writestr("person.json", json.dumps(_profile(person), indent=2, ensure_ascii=False))
        for file in export_files(person=person):
            archive.writestr(
                f"{file.name}.json", json.dumps(file.rows, indent=2, ensure_ascii=False)
            )
            archive.writestr(f"{file.name}.csv", _csv(file.rows))
    return buffer.getvalue()
