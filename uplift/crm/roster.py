"""The HR roster: who works here, their title, manager, team, hire date and leave date.

`uplift import roster FILE` reads a CSV or a spreadsheet (XLSX, XLS, ODS); its columns are found
by header or named in a mapping file (`uplift.crm.roster_rows`). Required: e-mail.

All or nothing by default: a bad value refuses the whole file, naming its file, row and column,
and nothing is written. With `skip_invalid` the valid rows are imported and the others written,
with their reasons, to a rejects file. Either way one transaction. Idempotent: importing the
same roster again changes nothing. People are matched by e-mail within the organisation and
created when missing; from the day after their leave date they cannot sign in, and their
history stays. Every run is recorded in the import history (the Imports page), failed ones too.

Once a roster import has succeeded, the roster owns the people of the organisation: CRM imports
and syncs no longer change a name, title, team, manager, hire date or whether someone is active
(`roster_owns_people`, used by `uplift.crm.people`); they still link CRM ids, add the people the
CRM has and the roster lacks, and fill in what is blank.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from uplift.analytics.performance.exposure import HrDates
from uplift.crm.history import ImportRun, import_record_create
from uplift.crm.importers.staging import quiet
from uplift.crm.importers.summary import EntityCounts, ImportSummary
from uplift.crm.models import ImportRecord
from uplift.crm.roster_rows import (
    RosterFile,
    RosterReject,
    RosterRow,
    roster_mapping_read,
    roster_read,
    roster_rejects_write,
)
from uplift.orgs.models import Organisation, Person, Role
from uplift.orgs.services import team_get_or_create

ROSTER_SOURCE = "roster"
Progress = Callable[[str, int, int], None]  # step, done, total: as the CRM imports'
PROGRESS_EVERY = 200


@dataclass
class RosterSummary:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    departed: int = 0
    unknown_managers: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    # Rows left out (with skip_invalid) per file, and the file that gives them back.
    rejected: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    skip_invalid: bool = False

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "departed": self.departed,
            "unknown_managers": self.unknown_managers,
            "dry_run": self.dry_run,
            "rejected": self.rejected,
            "rows_rejected": self.rows_rejected,
            "rejects_file": self.rejects_file,
            "skip_invalid": self.skip_invalid,
        }

    def as_import_summary(self, location: Path) -> ImportSummary:
        """The summary as the import history records every import's."""
        people = EntityCounts(
            entity="people",
            file=self.file,
            read=self.rows + self.rows_rejected,
            inserted=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            rejected=self.rows_rejected,
        )
        return ImportSummary(
            source=ROSTER_SOURCE,
            location=str(location),
            dry_run=self.dry_run,
            entities=[people],
            rejected=self.rejected,
            rejects_file=self.rejects_file,
            skip_invalid=self.skip_invalid,
        )


def roster_owns_people(*, organisation: Organisation) -> bool:
    """Whether the roster is the organisation's source of people: a roster import of it has
    succeeded (it is on the Imports page). From then on CRM imports leave the people's names,
    titles, teams, managers, hire dates and active state to the roster."""
    return ImportRecord.objects.filter(
        organisation=organisation, source=ROSTER_SOURCE, result=ImportRecord.Result.SUCCEEDED
    ).exists()


def roster_import(
    *,
    path: Path,
    organisation: Organisation,
    mapping: Path | None = None,
    dry_run: bool = False,
    today: date | None = None,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: Progress = quiet,
    run: ImportRun | None = None,
) -> RosterSummary:
    """Import the roster into the organisation (see the module's doc), recorded in the import
    history whatever the outcome. `rejects`: with `skip_invalid`, where the rows left out are
    written once the import has committed (a dry run writes them too, as its report)."""
    started_at, clock = timezone.now(), time.perf_counter()

    def record(**outcome: Any) -> None:
        import_record_create(
            organisation=organisation,
            run=run or ImportRun(),
            source=ROSTER_SOURCE,
            location=path,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            started_at=started_at,
            seconds=time.perf_counter() - clock,
            **outcome,
        )

    try:
        progress(f"Reading {path.name}", 0, 1)
        read = roster_read(path, roster_mapping_read(mapping), skip_invalid=skip_invalid)
        summary = _write(
            read,
            organisation=organisation,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            today=today,
            progress=progress,
        )
        summary.skip_invalid = skip_invalid
        if skip_invalid:
            summary.rejected = {read.name: len(read.rejected)}
        if skip_invalid and rejects is not None:
            progress("Writing the rejected rows", 0, 1)
            pending = rejects.with_name(f".{rejects.name}.{uuid.uuid4().hex}.partial")
            try:
                roster_rejects_write(read, pending)
                pending.replace(rejects)
            finally:
                pending.unlink(missing_ok=True)
            summary.rejects_file = str(rejects)
    except BaseException as failure:
        record(failure=failure)
        raise
    record(summary=summary.as_import_summary(path))
    return summary


def _write(
    read: RosterFile,
    *,
    organisation: Organisation,
    dry_run: bool,
    skip_invalid: bool,
    today: date | None,
    progress: Progress,
) -> RosterSummary:
    """The roster's rows on the people, in one transaction (rolled back on a dry run)."""
    today = today or timezone.localdate()
    summary = RosterSummary(file=read.name, dry_run=dry_run)
    # Where the identity provider provisions people (a SCIM token), it alone lets them back in.
    directory = Organisation.objects.filter(pk=organisation.pk, scim_token__isnull=False).exists()
    with transaction.atomic():
        people: dict[str, Person] = {}
        new: set[str] = set()
        changed: set[str] = set()
        total = len(read.rows)
        for done, r in enumerate(read.rows):
            if done % PROGRESS_EVERY == 0:
                progress("Writing people", done, total)
            person = Person.objects.filter(email__iexact=r.email).first()
            if person is not None and person.organisation_id != organisation.pk:
                read.reject(
                    RosterReject(
                        r.row, read.email_header, "belongs to another organisation", r.email
                    ),
                    skip_invalid=skip_invalid,
                )
                continue
            if person is None:
                person = Person.objects.create_user(
                    r.email, organisation=organisation, full_name=r.name or r.email, role=Role.REP
                )
                new.add(r.email)
            applied = _apply(
                person, r, organisation=organisation, today=today, reactivate=not directory
            )
            if applied and r.email not in new:
                changed.add(r.email)
            summary.departed += person.has_left(today)
            people[r.email] = person
        progress("Linking managers", total, total)
        rows = [r for r in read.rows if r.email in people]
        _link_managers(rows, people, organisation, summary, new=new, changed=changed)
        summary.rows = len(rows)
        summary.created = len(new)
        summary.updated = len(changed)
        summary.unchanged = len(rows) - len(new) - len(changed)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _apply(
    person: Person, r: RosterRow, *, organisation: Organisation, today: date, reactivate: bool
) -> bool:
    """The roster's values on the person (HR is the source of people, tenure and teams). A leave
    date passed ends sign-in. On the roster and not past a leave date is working here, so active
    again if a CRM said otherwise — unless the identity provider provisions people
    (`reactivate` false): someone it switched off stays off however the roster lists them."""
    if person.erased_at is not None:
        return False
    changes: dict[str, Any] = {
        "full_name": r.name or person.full_name,
        "title": r.title or person.title,
        "hire_date": r.hire_date or person.hire_date,
        "leave_date": r.leave_date,
    }
    if r.team:
        changes["team"] = team_get_or_create(organisation=organisation, name=r.team)
    if r.leave_date is not None and r.leave_date < today:
        changes["is_active"] = False
    elif reactivate:
        changes["is_active"] = True
    changed = [k for k, v in changes.items() if getattr(person, k) != v]
    for key in changed:
        setattr(person, key, changes[key])
    if changed:
        person.save(update_fields=changed)
    return bool(changed)


def _link_managers(
    rows: list[RosterRow],
    people: dict[str, Person],
    organisation: Organisation,
    summary: RosterSummary,
    *,
    new: set[str],
    changed: set[str],
) -> None:
    """Each person under the manager the roster names (in the roster or already here)."""
    for r in rows:
        if not r.manager_email:
            continue
        manager = (
            people.get(r.manager_email)
            or Person.objects.filter(
                organisation=organisation, email__iexact=r.manager_email
            ).first()
        )
        if manager is None:
            summary.unknown_managers.append({"row": r.row, "manager_email": r.manager_email})
            continue
        person = people[r.email]
        if manager.pk not in (person.manager_id, person.pk):
            person.manager = manager
            person.save(update_fields=["manager"])
            if r.email not in new:
                changed.add(r.email)


def hr_dates_of(*, organisation: Organisation) -> dict[str, HrDates]:
    """The hire and leave dates HR gave (the roster, the directory), by CRM user id, for the
    analysis's selling time: they win over the CRM export's."""
    return {
        crm_id: HrDates(hire_date=hire, leave_date=leave)
        for crm_id, hire, leave in Person.objects.filter(organisation=organisation)
        .exclude(crm_user_id="")
        .values_list("crm_user_id", "hire_date", "leave_date")
        if hire is not None or leave is not None
    }
