"""Reading an HR roster: its columns found by header (or named in a mapping file), each row
checked, and the rows left out with their reasons when the import is asked to skip them.

Headers are folded and matched as the CRM imports match theirs (`header_names.toml`), with the
roster's own names for the leave date and the manager. A bad row refuses the whole file, naming
its file, row and column; with `skip_invalid` it is left out and kept as a `RosterReject`
instead, and so are the earlier copies of a repeated e-mail address (the last copy wins, as in
the CRM imports). `roster_rejects_write` writes those rows through the CRM imports' rejects file
(`uplift.crm.importers.rejects`): each as its file had it, then file, row, column and reason.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
from python_calamine import CalamineWorkbook

from uplift.crm.header_names import _names as header_names
from uplift.crm.header_names import fold
from uplift.crm.importers.csvread import ident
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.rejects import RawRows, rejects_insert, rejects_write

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
RAW_TABLE = "roster_raw"


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


@dataclass(frozen=True)
class RosterReject:
    """A row left out: its number in the file, the header of the column at fault, what is wrong
    and the value quoted (None when there is none to quote)."""

    row: int
    column: str
    words: str
    value: str | None = None

    @property
    def error(self) -> str:
        return self.words if self.value is None else f"{self.value!r} {self.words}"


@dataclass
class RosterFile:
    """A roster as read: its headers, its cells (for the rejects file) and the rows to import."""

    name: str
    headers: list[str]
    email_header: str
    cells: dict[int, list[str]]
    rows: list[RosterRow] = field(default_factory=list)
    rejected: list[RosterReject] = field(default_factory=list)

    def reject(self, reject: RosterReject, *, skip_invalid: bool) -> None:
        """Leave a row out with its reason; without `skip_invalid`, refuse the whole file."""
        if not skip_invalid:
            raise MalformedInputError(self.name, reject.error, row=reject.row, column=reject.column)
        self.rejected.append(reject)

    @property
    def rows_read(self) -> int:
        return len(self.cells)


def _names_for(column: str) -> frozenset[str]:
    """The folded header names a roster column goes by."""
    if column == "leave_date":
        return LEAVE_NAMES
    if column == "manager_email":
        return MANAGER_NAMES
    reps: dict[str, list[str]] = header_names()["columns"]["reps"]
    return frozenset(reps[column])


def roster_mapping_read(path: Path | None) -> dict[str, str]:
    """The `[columns]` of a roster mapping file (roster column → the header it is under)."""
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


def _lines(path: Path) -> list[list[str]]:
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
    return list(csv.reader(io.StringIO(text), _dialect(text)))


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon or tab, as the text uses; a roster of one column has no delimiter to
    find, and reads as a comma-separated file."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


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


def _day(value: str) -> date | None:
    """The day a cell names in one of `DATE_FORMATS`; None when it names none (or is blank)."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip()[:10], pattern).date()  # noqa: DTZ007  (a day)
        except ValueError:
            continue
    return None


def _row_read(
    cells: list[str], number: int, columns: dict[str, int], headers: list[str]
) -> RosterRow | RosterReject:
    def value(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    email = value("email").lower()
    if "@" not in email or len(email) > 254:
        header = headers[columns["email"]]
        if not email:
            return RosterReject(number, header, "no e-mail address")
        return RosterReject(number, header, "is not an e-mail address", email)
    dates: dict[str, date | None] = {}
    for column in ("hire_date", "leave_date"):
        text = value(column)
        dates[column] = _day(text) if text else None
        if text and dates[column] is None:
            return RosterReject(
                number, headers[columns[column]], "is not a date (YYYY-MM-DD)", text
            )
    return RosterRow(
        row=number,
        email=email,
        name=value("name")[:200],
        title=value("title")[:200],
        manager_email=value("manager_email").lower(),
        team=value("team")[:200],
        hire_date=dates["hire_date"],
        leave_date=dates["leave_date"],
    )


def roster_read(path: Path, mapping: dict[str, str], *, skip_invalid: bool = False) -> RosterFile:
    """Every row of the roster checked: the rows to import, and (with `skip_invalid`) the rows
    left out; without it, the first bad row refuses the file (`MalformedInputError`)."""
    where = path.name
    lines = _lines(path)
    if not lines or not any(c.strip() for c in lines[0]):
        raise MalformedInputError(where, "the file is empty")
    headers = lines[0]
    columns = _columns(headers, mapping, where)
    cells = {n: row for n, row in enumerate(lines[1:], start=2) if any(c.strip() for c in row)}
    email_header = headers[columns["email"]]
    read = RosterFile(name=where, headers=headers, email_header=email_header, cells=cells)
    kept: dict[str, RosterRow] = {}
    for number, row in cells.items():
        found = _row_read(row, number, columns, headers)
        if isinstance(found, RosterReject):
            read.reject(found, skip_invalid=skip_invalid)
            continue
        earlier = kept.pop(found.email, None)
        if earlier is not None:
            if not skip_invalid:
                raise MalformedInputError(
                    where,
                    f"{found.email} is also on row {earlier.row}",
                    row=number,
                    column=email_header,
                )
            words = f"is repeated in row {number}, which is imported instead (the last copy wins)"
            read.reject(
                RosterReject(earlier.row, email_header, words, earlier.email), skip_invalid=True
            )
        kept[found.email] = found
    read.rows = sorted(kept.values(), key=lambda r: r.row)
    return read


def _unique_headers(headers: list[str]) -> list[str]:
    """Headers as columns of a table: a blank one is `column<N>`, a repeated one gets `_<N>`."""
    named: list[str] = []
    for index, header in enumerate(headers, start=1):
        name = header.strip() or f"column{index}"
        copy = 1
        while name in named:
            copy += 1
            name = f"{header.strip() or f'column{index}'}_{copy}"
        named.append(name)
    return named


def roster_rejects_write(read: RosterFile, path: Path) -> dict[str, int]:
    """Write the rows left out to `path` (CSV) with the CRM imports' rejects file: each row as
    the roster had it, then its file, row number, column and reason. Returns rows per file."""
    headers = _unique_headers(read.headers)
    width = len(headers)
    with duckdb.connect() as con:
        columns = ", ".join(f"{ident(h)} VARCHAR" for h in headers)
        con.execute(f"CREATE TEMP TABLE {RAW_TABLE} (_row BIGINT, {columns})")
        rows = [[r.row, *(read.cells[r.row] + [""] * width)[:width]] for r in read.rejected]
        if rows:
            marks = ", ".join(["?"] * (width + 1))
            con.executemany(f"INSERT INTO {RAW_TABLE} VALUES ({marks})", rows)  # noqa: S608  (marks only)
        con.execute(
            "CREATE TEMP TABLE roster_rejected (_row BIGINT, _column VARCHAR, _words VARCHAR, "
            "_value VARCHAR)"
        )
        if read.rejected:
            con.executemany(
                "INSERT INTO roster_rejected VALUES (?, ?, ?, ?)",
                [[r.row, r.column, r.words, r.value] for r in read.rejected],
            )
        rejects_insert(con, "SELECT 0, _row, _column, _words, _value FROM roster_rejected")
        raw = RawRows(file=read.name, table=RAW_TABLE, headers=headers)
        return rejects_write(con, [raw], path)
