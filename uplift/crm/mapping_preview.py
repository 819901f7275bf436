"""A mapping's preview: the first rows of each canonical table as the import would write them,
and the first rows it would refuse, with nothing written.

It runs the importer's own staging (uplift.crm.importers.mapped.stage_mapped_export, with bad
rows set aside as `--skip-invalid` does) over the whole export, in a DuckDB of its own in
memory, so the preview cannot disagree with the import: the same reading, typing, checks,
de-duplication and teams from the manager chain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from uplift.crm.importers.csvread import ident
from uplift.crm.importers.errors import ImportInputError, problem_text
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.rejects import REJECTS_TABLE
from uplift.crm.importers.staging import (
    ENTITY_LABELS,
    TABLES_BY_NAME,
    missing_references,
    stage_finalise,
    stage_teams,
)

PREVIEW_ROWS = 20
PREVIEW_ERRORS = 20
NO_DATA = "no data"
# The columns shown, in order, with their heading; the source is the same on every row.
SHOWN: dict[str, tuple[tuple[str, str], ...]] = {
    "crm_reps": (
        ("rep_id", "Rep id"),
        ("name", "Name"),
        ("email", "E-mail"),
        ("manager_id", "Manager"),
        ("team", "Team"),
        ("region", "Region"),
        ("active", "Active"),
    ),
    "crm_accounts": (
        ("account_id", "Account id"),
        ("name", "Name"),
        ("segment", "Segment"),
        ("industry", "Industry"),
        ("region", "Region"),
    ),
    "crm_opportunities": (
        ("opportunity_id", "Deal id"),
        ("name", "Name"),
        ("owner_id", "Owner"),
        ("account_id", "Account"),
        ("amount_cents", "Amount"),
        ("currency", "Currency"),
        ("created_date", "Created"),
        ("close_date", "Closed"),
        ("stage", "Stage"),
        ("outcome", "Outcome"),
    ),
    "crm_stage_history": (
        ("opportunity_id", "Deal id"),
        ("stage", "Stage"),
        ("entered_at", "Entered at"),
    ),
    "crm_activities": (
        ("activity_id", "Activity id"),
        ("owner_id", "Owner"),
        ("type", "Type"),
        ("occurred_at", "When"),
        ("opportunity_id", "Deal id"),
        ("account_id", "Account"),
        ("duration_minutes", "Minutes"),
    ),
    "crm_contact_roles": (
        ("opportunity_id", "Deal id"),
        ("contact_id", "Contact id"),
        ("role", "Role"),
    ),
    "crm_quotas": (
        ("rep_id", "Rep"),
        ("period_start", "From"),
        ("period_end", "To"),
        ("amount_cents", "Quota"),
    ),
}


@dataclass(frozen=True)
class PreviewTable:
    table: str  # crm_opportunities, …
    label: str  # "opportunities"
    files: str  # the files it is read from
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first rows, each value as text ("no data" for none)
    total: int  # rows the import would write
    empty: tuple[str, ...] = ()  # headings of the columns with no data in these rows (not shown)


@dataclass(frozen=True)
class PreviewError:
    file: str
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class MappingPreview:
    """What the import would do. `stopped`: why it could not be read at all (a column the
    mapping names is not in the file, a file that cannot be read), with nothing else."""

    tables: tuple[PreviewTable, ...] = ()
    errors: tuple[PreviewError, ...] = ()
    rejected: dict[str, int] = field(default_factory=dict)  # file -> rows that would be refused
    notes: tuple[str, ...] = ()
    files_read: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # references to records not in the export, in words
    stopped: str = ""

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())


def _text(column: str, value: Any) -> str:  # noqa: PLR0911
    if value is None:
        return NO_DATA
    if column == "amount_cents":
        return f"{value / 100:,.2f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _outcome(is_won: bool | None, is_closed: bool | None) -> str:
    if is_won:
        return "won"
    return "lost" if is_closed else "open"


def _table(con: Any, table: str, stage: str, files: str) -> PreviewTable:
    shown = SHOWN[table]
    columns = [c for c, _ in shown if c != "outcome"]
    outcome = any(c == "outcome" for c, _ in shown)
    selected = ", ".join(ident(c) for c in columns)
    if outcome:
        selected += ", is_won, is_closed"
    rows = []
    for found in con.execute(
        f"SELECT {selected} FROM {ident(stage)} LIMIT {PREVIEW_ROWS}"  # noqa: S608 (identifiers)
    ).fetchall():
        values = [_text(c, v) for c, v in zip(columns, found, strict=False)]
        if outcome:
            values.append(_outcome(found[-2], found[-1]))
        rows.append(tuple(values))
    total = con.execute(f"SELECT count(*) FROM {ident(stage)}").fetchone()[0]  # noqa: S608
    headings = [h for _, h in shown]
    kept = [i for i in range(len(headings)) if any(row[i] != NO_DATA for row in rows)]
    return PreviewTable(
        table=table,
        label=ENTITY_LABELS[table],
        files=files,
        headings=tuple(headings[i] for i in kept),
        rows=tuple(tuple(row[i] for i in kept) for row in rows),
        total=int(total),
        empty=tuple(h for i, h in enumerate(headings) if i not in kept),
    )


def _errors(con: Any, files: list[str]) -> list[PreviewError]:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [REJECTS_TABLE]
    ).fetchone()[0]
    if not exists:
        return []
    found = con.execute(
        f"SELECT _source, _row, _column, _words, _value FROM {REJECTS_TABLE} "  # noqa: S608
        f"ORDER BY _source, _row LIMIT {PREVIEW_ERRORS}"
    ).fetchall()
    return [
        PreviewError(files[source], int(row), column or "", problem_text(value, words))
        for source, row, column, words, value in found
    ]


def mapping_preview(location: Path, *, home: Path | None = None) -> MappingPreview:
    """Stage the export the mapping file at `location` reads, as an import would, and say what
    it would write and refuse; nothing is written anywhere. A problem that stops the import
    (ImportInputError) is returned as `stopped`."""
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit = '1500MB'")
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = true")
        if home is not None:
            spill = home / "tmp"
            spill.mkdir(parents=True, exist_ok=True)
            con.execute(f"SET temp_directory = '{spill}'")
        try:
            staged = stage_mapped_export(con, location, skip_invalid=True)
            stage_finalise(con, staged)
            stage_teams(con, staged)
            missing = missing_references(con, staged)
        except ImportInputError as exc:
            return MappingPreview(stopped=str(exc))
        tables = []
        for table in TABLES_BY_NAME:
            if table in staged.tables:
                files = ", ".join(e.source.file for e in staged.entities_for(table))
                tables.append(_table(con, table, staged.tables[table], files))
        return MappingPreview(
            tables=tuple(tables),
            errors=tuple(_errors(con, [raw.file for raw in staged.raws])),
            rejected={name: rows for name, rows in staged.rejected.items() if rows},
            notes=tuple(staged.notes),
            files_read=tuple(f.describe() for f in staged.files),
            missing=tuple(
                f"{m.rows} {m.meaning}: {', '.join(m.ids[:5])}"
                + (f" and {len(m.ids) - 5} more" if len(m.ids) > 5 else "")
                for m in missing
            ),
        )
    finally:
        con.close()
