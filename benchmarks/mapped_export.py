"""A mapped export made from the generated Salesforce one, for the mapped import benchmark.

The same organisation as a CRM of no particular brand would export it: one file per kind of
record (users, accounts, deals, stage history, activities, contact roles), with its own headers
("Deal ID", "Close Date", "Won"), activity types as words to map ("Call", "To-do"), amounts as
decimals, and a mapping.toml that reads it (`uplift import csv --mapping`). Its rows are the
canonical rows the Salesforce importer stages from the generated export (ids in their
18-character form, tasks and events in one activities file), so both imports store the same
records.

The same rows are also written as one workbook (`export.xlsx`, a sheet per file, with a mapping
of its own): ids and words as text, amounts and durations as numbers, dates and date-times as
dates, as a spreadsheet stores them. XlsxWriter writes it row by row (`constant_memory`, which
keeps text in the cells rather than in a shared table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import xlsxwriter

from uplift.crm.importers.csvread import sql_string
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.crm.importers.staging import stage_finalise

MAPPING = "mapping.toml"
XLSX_MAPPING = "mapping-xlsx.toml"
WORKBOOK = "export.xlsx"
FETCH_ROWS = 50_000
TYPE_WORDS = {"call": "Call", "email": "Email", "meeting": "Meeting", "task": "To-do"}


@dataclass(frozen=True)
class Column:
    target: str  # the canonical column
    header: str  # the export's
    sql: str  # its value, over the canonical staged table
    spec: str = ""  # what the mapping adds besides the header (kind, map)


@dataclass(frozen=True)
class ExportFile:
    section: str  # the mapping's section
    name: str  # the CSV file
    sheet: str
    table: str  # the canonical table
    columns: tuple[Column, ...]


def _text(target: str, header: str) -> Column:
    return Column(target, header, target)


_TYPE_SQL = (
    "CASE type " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in TYPE_WORDS.items()) + " END"
)
_TYPE_MAP = ", ".join(f'"{v.lower()}" = "{k}"' for k, v in TYPE_WORDS.items())

FILES = (
    ExportFile(
        "reps",
        "users.csv",
        "Users",
        "crm_reps",
        (
            _text("rep_id", "User ID"),
            _text("name", "Full Name"),
            _text("email", "Email"),
            _text("manager_id", "Manager ID"),
            _text("team", "Team"),
            _text("region", "Region"),
            _text("title", "Title"),
            Column("hire_date", "Hire Date", "hire_date"),
            Column("active", "Active", "active"),
        ),
    ),
    ExportFile(
        "accounts",
        "accounts.csv",
        "Accounts",
        "crm_accounts",
        (
            _text("account_id", "Account ID"),
            _text("name", "Account Name"),
            _text("segment", "Segment"),
            _text("industry", "Industry"),
            _text("region", "Region"),
        ),
    ),
    ExportFile(
        "opportunities",
        "deals.csv",
        "Deals",
        "crm_opportunities",
        (
            _text("opportunity_id", "Deal ID"),
            _text("owner_id", "Owner ID"),
            _text("account_id", "Account ID"),
            _text("name", "Deal Name"),
            _text("product", "Product"),
            Column("amount_cents", "Amount", "CAST(amount_cents / 100 AS DECIMAL(18, 2))"),
            _text("currency", "Currency"),
            Column("created_date", "Created", "created_date"),
            Column("close_date", "Close Date", "close_date"),
            _text("stage", "Stage"),
            Column("is_closed", "Closed", "is_closed"),
            Column("is_won", "Won", "is_won"),
            _text("type", "Deal Type"),
            _text("lead_source", "Lead Source"),
        ),
    ),
    ExportFile(
        "stage_history",
        "stage_history.csv",
        "Stage history",
        "crm_stage_history",
        (
            _text("opportunity_id", "Deal ID"),
            _text("stage", "Stage"),
            Column("entered_at", "Entered", "entered_at"),
        ),
    ),
    ExportFile(
        "activities",
        "activities.csv",
        "Activities",
        "crm_activities",
        (
            _text("activity_id", "Activity ID"),
            _text("owner_id", "Owner ID"),
            _text("opportunity_id", "Deal ID"),
            _text("account_id", "Account ID"),
            Column("type", "Type", _TYPE_SQL, f"map = {{ {_TYPE_MAP} }}"),
            Column("occurred_at", "Date", "occurred_at"),
            Column("duration_minutes", "Duration (min)", "duration_minutes"),
        ),
    ),
    ExportFile(
        "contact_roles",
        "contact_roles.csv",
        "Contact roles",
        "crm_contact_roles",
        (
            _text("opportunity_id", "Deal ID"),
            _text("contact_id", "Contact ID"),
            _text("role", "Role"),
        ),
    ),
)


def _mapping(*, workbook: bool) -> str:
    lines = [
        "# The benchmark's mapped export (benchmarks/mapped_export.py).",
        'source = "benchcrm"',
        'date_formats = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]',
        "",
    ]
    for file in FILES:
        lines.append(f"[{file.section}]")
        if workbook:
            lines += [f'file = "{WORKBOOK}"', f'sheet = "{file.sheet}"']
        else:
            lines.append(f'file = "{file.name}"')
        lines.append(f"[{file.section}.columns]")
        for c in file.columns:
            extra = f", {c.spec}" if c.spec else ""
            lines.append(f'{c.target} = {{ column = "{c.header}"{extra} }}')
        lines.append("")
    return "\n".join(lines)


def _rows_sql(file: ExportFile, staged: dict[str, str]) -> str:
    columns = ", ".join(f'{c.sql} AS "{c.header}"' for c in file.columns)
    # Built from this module's own column list and the staged tables' names only.
    return f'SELECT {columns} FROM "{staged[file.table]}"'  # noqa: S608


def _cell(value: Any) -> Any:
    """A value as a spreadsheet stores it: a decimal as a number, a date as a date-time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if value is not None and not isinstance(value, str | bool | int | float | dt.datetime):
        return float(value)
    return value


def _workbook_write(con: Any, staged: dict[str, str], path: Path) -> None:
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "default_date_format": "yyyy-mm-dd hh:mm:ss"}
    )
    try:
        for file in FILES:
            sheet = book.add_worksheet(file.sheet)
            sheet.write_row(0, 0, [c.header for c in file.columns])
            result = con.execute(_rows_sql(file, staged))
            row = 1
            while batch := result.fetchmany(FETCH_ROWS):
                for values in batch:
                    for col, value in enumerate(values):
                        if value is not None:
                            sheet.write(row, col, _cell(value))
                    row += 1
    finally:
        book.close()


def mapped_from_salesforce(salesforce: Path, target: Path, *, workbook: bool = True) -> None:
    """Write the mapped export (CSV files and mapping.toml; with `workbook`, export.xlsx and
    mapping-xlsx.toml too) of the Salesforce export in `salesforce` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        staged = stage_salesforce_export(con, salesforce)
        stage_finalise(con, staged)
        for file in FILES:
            sql = _rows_sql(file, staged.tables)
            con.execute(f"COPY ({sql}) TO {sql_string(str(target / file.name))} (HEADER)")
        (target / MAPPING).write_text(_mapping(workbook=False), encoding="utf-8")
        if workbook:
            _workbook_write(con, staged.tables, target / WORKBOOK)
            (target / XLSX_MAPPING).write_text(_mapping(workbook=True), encoding="utf-8")
    finally:
        con.close()
