"""The HR roster: who works here, their title, manager, team, hire date and leave date.

`uplift import roster FILE` reads a CSV or a spreadsheet (XLSX, XLS, ODS). Its columns are found
by their headers as the CRM imports find theirs (folded: case, accents and punctuation left out,
the same names in several languages, `header_names.toml`), or named in a mapping file
(`--mapping`, TOML: `[columns]` with `email = "Work e-mail"` and so on). Required: e-mail.

All or nothing: a bad value refuses the whole file, naming its file, row and column, and
nothing is written. Idempotent: importing the same roster again changes nothing. People are
matched by e-mail within the organisation and created when missing; from the day after their
leave date they cannot sign in, and their history stays.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook

from uplift.analytics.performance.exposure import HrDates
from uplift.audit.models import Action
from uplift.audit.services import audit_record
from uplift.crm.header_names import _names as header_names
from uplift.crm.header_names import fold
from uplift.crm.importers.errors import MalformedInputError
from uplift.orgs.models import Organisation, Person, Role
from uplift.orgs.services import team_get_or_create

COLUMNS = ("email", "name", "title", "manager_email", "team", "hire_date", "leave_date")
LEAVE_NAMES = frozenset(
    {
        "leave date",
        "leaving date",
        "end date",
        "termination date",
        "last day",
        "left on",
        "austrittsdatum",
        "date de depart",
        "fecha de baja",
    }
)
MANAGER_NAMES = frozenset(
    {
        "manager email",
        "manager e mail",
        "manager",
        "reports to",
        "line manager",
        "line manager email",
        "supervisor email",
    }
)
SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y")


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
        }


def _names_for(column: str) -> frozenset[str]:
    """The folded header names a roster column goes by."""
    if column == "leave_date":
        return LEAVE_NAMES
    if column == "manager_email":
        return MANAGER_NAMES
    reps: dict[str, list[str]] = header_names()["columns"]["reps"]
    return frozenset(reps[column])


def _mapping(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise MalformedInputError(where, f"the mapping cannot be read: {error}") from error
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise MalformedInputError(where, "[columns] maps each roster column to a header")
    unknown = sorted(set(columns) - set(COLUMNS))
    if unknown:
        raise MalformedInputError(
            where, f"unknown roster columns {unknown}; known: {', '.join(COLUMNS)}"
        )
    return dict(columns)


def _rows(path: Path) -> list[list[str]]:
    where = path.name
    try:
        if path.suffix.lower() in SPREADSHEETS:
            book = CalamineWorkbook.from_path(str(path))
            sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
            return [[_cell(v) for v in row] for row in sheet]
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise MalformedInputError(where, "no such file") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise MalformedInputError(where, f"cannot be read: {error}") from error
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _columns(headers: list[str], mapping: dict[str, str], where: str) -> dict[str, int]:
    folded = [fold(h) for h in headers]
    found: dict[str, int] = {}
    for column in COLUMNS:
        if column in mapping:
            wanted = fold(mapping[column])
            if wanted not in folded:
                raise MalformedInputError(
                    where, f"the mapping names {mapping[column]!r} for {column}: no such header"
                )
            found[column] = folded.index(wanted)
    # Exact names first ("Manager Email" is the manager's), then a qualifier word before a known
    # name ("Work Email", "Employee Name").
    for relaxed in (False, True):
        for column in COLUMNS:
            if column in found:
                continue
            names = _names_for(column)
            for index, header in enumerate(folded):
                words = " ".join(header.split()[1:]) if relaxed else header
                taken = index in found.values()
                theirs = column == "manager_email" or header not in MANAGER_NAMES
                if words in names and not taken and theirs:
                    found[column] = index
                    break
    if "email" not in found:
        raise MalformedInputError(
            where, "no e-mail column: name it 'Email' or map it with --mapping", row=1
        )
    return found


def _date(value: str, where: str, row: int, column: str) -> date | None:
    if not value.strip():
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip()[:10], pattern).date()  # noqa: DTZ007  (a day)
        except ValueError:
            continue
    raise MalformedInputError(
        where, f"{value!r} is not a date (YYYY-MM-DD)", row=row, column=column
    )


@dataclass(frozen=True)
class RosterRow:
    row: int
    email: str
    name: str
    title: str
    manager_email: str
    team: str
    hire_date: date | None
    leave_date: date | None


def _read(path: Path, mapping: dict[str, str]) -> list[RosterRow]:
    where = path.name
    rows = _rows(path)
    if not rows:
        raise MalformedInputError(where, "the file is empty")
    columns = _columns(rows[0], mapping, where)
    headers = rows[0]
    read: list[RosterRow] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):

        def value(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        email = value("email").lower()
        if "@" not in email or len(email) > 254:
            raise MalformedInputError(
                where,
                f"{email!r} is not an e-mail address" if email else "no e-mail address",
                row=number,
                column=headers[columns["email"]],
            )
        if email in seen:
            raise MalformedInputError(
                where,
                f"{email} is also on row {seen[email]}",
                row=number,
                column=headers[columns["email"]],
            )
        seen[email] = number
        dates = {
            c: _date(value(c), where, number, headers[columns[c]]) if c in columns else None
            for c in ("hire_date", "leave_date")
        }
        read.append(
            RosterRow(
                row=number,
                email=email,
                name=value("name")[:200],
                title=value("title")[:200],
                manager_email=value("manager_email").lower(),
                team=value("team")[:200],
                hire_date=dates["hire_date"],
                leave_date=dates["leave_date"],
            )
        )
    return read


def roster_import(
    *,
    path: Path,
    organisation: Organisation,
    mapping: Path | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> RosterSummary:
    """Import the roster into the organisation, all or nothing (see the module's doc)."""
    rows = _read(path, _mapping(mapping))
    today = today or timezone.localdate()
    summary = RosterSummary(file=path.name, rows=len(rows), dry_run=dry_run)
    with transaction.atomic():
        people: dict[str, Person] = {}
        new: set[str] = set()
        changed: set[str] = set()
        for r in rows:
            person = Person.objects.filter(email__iexact=r.email).first()
            if person is not None and person.organisation_id != organisation.pk:
                raise MalformedInputError(
                    path.name, f"{r.email} belongs to another organisation", row=r.row
                )
            if person is None:
                person = Person.objects.create_user(
                    r.email, organisation=organisation, full_name=r.name or r.email, role=Role.REP
                )
                created = True
            else:
                created = False
            if _apply(person, r, organisation=organisation, today=today) and not created:
                changed.add(r.email)
            if created:
                new.add(r.email)
            summary.departed += person.has_left(today)
            people[r.email] = person
        _link_managers(rows, people, organisation, summary, new=new, changed=changed)
        summary.created = len(new)
        summary.updated = len(changed)
        summary.unchanged = len(rows) - len(new) - len(changed)
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                action=Action.IMPORTED,
                organisation_id=organisation.pk,
                detail=f"HR roster {path.name}: {summary.created} new, {summary.updated} updated",
            )
    return summary


def _apply(person: Person, r: RosterRow, *, organisation: Organisation, today: date) -> bool:
    """The roster's values on the person (HR is the source of people, tenure and teams)."""
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
