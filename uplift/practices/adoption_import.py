"""Back-filling practice adoptions from a CSV file: `rep_email` or `rep_id`, `practice`,
`adopted_on`. A practice that does not exist yet is created as a draft with that title."""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from uplift.crm.importers.errors import MalformedInputError
from uplift.orgs.models import Organisation, Person
from uplift.practices.models import Adoption, Practice
from uplift.practices.search import practice_search_index

MAX_TITLE = 200


@dataclass
class AdoptionRow:
    row: int
    rep_email: str
    rep_id: str
    practice: str
    adopted_on: date


@dataclass
class AdoptionImportSummary:
    file: str
    dry_run: bool
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    practices_created: list[str] = field(default_factory=list)
    unknown_reps: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_rows(path: Path) -> list[AdoptionRow]:
    name = path.name
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise MalformedInputError(name, f"cannot be opened: {exc.strerror}") from exc
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            if "practice" not in header:
                raise MalformedInputError(name, "the required column is missing", column="practice")
            if "adopted_on" not in header:
                raise MalformedInputError(
                    name, "the required column is missing", column="adopted_on"
                )
            if "rep_email" not in header and "rep_id" not in header:
                raise MalformedInputError(name, "needs a rep_email or a rep_id column")
            rows = []
            for number, record in enumerate(reader, start=2):
                rows.append(_parse(name, number, record))
        except UnicodeDecodeError as exc:
            raise MalformedInputError(name, "is not UTF-8 text") from exc
        except csv.Error as exc:
            raise MalformedInputError(name, f"cannot be read as CSV: {exc}") from exc
    return rows


def _parse(name: str, number: int, record: dict[str, Any]) -> AdoptionRow:
    if None in record:  # more fields than the header names
        raise MalformedInputError(name, "has more fields than the header", row=number)
    email = (record.get("rep_email") or "").strip().lower()
    rep_id = (record.get("rep_id") or "").strip()
    if not email and not rep_id:
        raise MalformedInputError(name, "names no rep (rep_email or rep_id)", row=number)
    title = " ".join((record.get("practice") or "").split())
    if not title:
        raise MalformedInputError(name, "a value is required", row=number, column="practice")
    if len(title) > MAX_TITLE:
        raise MalformedInputError(
            name, f"longer than {MAX_TITLE} characters", row=number, column="practice"
        )
    raw_date = (record.get("adopted_on") or "").strip()
    try:
        adopted_on = date.fromisoformat(raw_date)
    except ValueError:
        raise MalformedInputError(
            name,
            f"{raw_date[:40]!r} is not a date (expected e.g. 2024-03-15)",
            row=number,
            column="adopted_on",
        ) from None
    return AdoptionRow(number, email, rep_id, title, adopted_on)


def adoptions_import(
    *, path: Path, organisation: Organisation, dry_run: bool = False
) -> AdoptionImportSummary:
    """Import the file all or nothing. Re-importing it changes nothing."""
    rows = _read_rows(path)
    summary = AdoptionImportSummary(file=path.name, dry_run=dry_run, read=len(rows))
    people = Person.objects.filter(organisation=organisation)
    by_email = {p.email: p for p in people}
    by_crm = {p.crm_user_id: p for p in people if p.crm_user_id}
    with transaction.atomic():
        practices = {p.title.lower(): p for p in Practice.objects.filter(organisation=organisation)}
        for row in rows:
            person = by_email.get(row.rep_email) or by_crm.get(row.rep_id)
            if person is None:
                summary.rejected += 1
                summary.unknown_reps.append(
                    {"row": row.row, "rep_email": row.rep_email, "rep_id": row.rep_id}
                )
                continue
            practice = practices.get(row.practice.lower())
            if practice is None:
                practice = Practice.objects.create(organisation=organisation, title=row.practice)
                practice_search_index(practice=practice)
                practices[row.practice.lower()] = practice
                summary.practices_created.append(row.practice)
            _record(summary, practice, person, row.adopted_on)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _record(summary: AdoptionImportSummary, practice: Practice, person: Person, on: date) -> None:
    adoption = Adoption.objects.filter(practice=practice, person=person).first()
    if adoption is None:
        Adoption.objects.create(
            practice=practice,
            person=person,
            stage=Adoption.Stage.PRACTISING,
            practising_on=on,
            source="import",
        )
        summary.inserted += 1
        return
    if adoption.practising_on == on:
        summary.unchanged += 1
        return
    adoption.practising_on = on
    if adoption.stage == Adoption.Stage.PLANNED:
        adoption.stage = Adoption.Stage.PRACTISING
    adoption.save(update_fields=["practising_on", "stage", "updated_at"])
    summary.updated += 1
