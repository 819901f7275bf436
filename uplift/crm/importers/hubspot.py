"""HubSpot CRM exports ("export all records" CSVs from the HubSpot UI) → canonical staging tables.

HubSpot's exports vary by portal, language of the property labels, export path and age, so every
field is looked up under several header spellings (case and spacing ignored) and every file under
several names. HUBSPOT_FILES below is the complete list of what is accepted.

Exports made in the UI show owners and associated companies by *name* ("Deal owner" = "Jane
Doe"), exports made through the API show them by id: a reference is therefore resolved against
the export's own owners (id, then e-mail, then unambiguous full name) and companies (id, then
unambiguous name). A reference that resolves to nothing is kept as written and reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from uplift.crm.importers.csvread import (
    DATETIME_FORMATS,
    KIND_WORDS,
    Column,
    check_columns,
    column_checks,
    datetime_formats_sql,
    ident,
    read_raw,
    sql_string,
    typed_sql,
)
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.folder import file_in_folder
from uplift.crm.importers.rejects import RawRows, column_checks_of, first_problem, rows_reject
from uplift.crm.importers.staging import (
    EntitySource,
    FileProgress,
    StagedExport,
    invalid_left_out,
    quiet,
    stage_entity,
)

SOURCE = "hubspot"
SRC = sql_string(SOURCE)

# HubSpot writes "2024-03-15 14:30" and "2024-03-15"; API-made exports write epoch milliseconds.
HUBSPOT_DATETIME_FORMATS = (*DATETIME_FORMATS, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
_FORMATS = datetime_formats_sql(HUBSPOT_DATETIME_FORMATS)

# The default sales pipeline, by internal id. Labels normalised the same way ("Decision Maker
# Bought-In" → "decisionmakerboughtin") equal the ids, so one table serves both spellings.
DEFAULT_STAGES: dict[str, tuple[str, bool, bool]] = {
    # internal id → label, closes the deal, wins the deal
    "appointmentscheduled": ("Appointment Scheduled", False, False),
    "qualifiedtobuy": ("Qualified To Buy", False, False),
    "presentationscheduled": ("Presentation Scheduled", False, False),
    "decisionmakerboughtin": ("Decision Maker Bought-In", False, False),
    "contractsent": ("Contract Sent", False, False),
    "closedwon": ("Closed Won", True, True),
    "closedlost": ("Closed Lost", True, False),
}


def _stage_macros() -> str:
    labels = " ".join(
        f"WHEN {sql_string(key)} THEN {sql_string(label)}"
        for key, (label, _, _) in DEFAULT_STAGES.items()
    )
    # Custom pipelines name their closing stages freely: "Closed won - renewals", "Won (EMEA)".
    return f"""
CREATE OR REPLACE TEMP MACRO hs_norm(s) AS regexp_replace(lower(s), '[^a-z0-9]', '', 'g');
CREATE OR REPLACE TEMP MACRO hs_stage_label(s) AS
    CASE hs_norm(s) {labels} ELSE NULLIF(trim(s), '') END;
CREATE OR REPLACE TEMP MACRO hs_outcome(s) AS
    hs_norm(regexp_replace(s, '\\s*\\([^()]*\\)\\s*$', ''));
CREATE OR REPLACE TEMP MACRO hs_stage_won(s) AS CASE WHEN s IS NULL THEN NULL
    ELSE starts_with(hs_outcome(s), 'closedwon') OR hs_outcome(s) = 'won' END;
CREATE OR REPLACE TEMP MACRO hs_stage_closed(s) AS CASE WHEN s IS NULL THEN NULL
    ELSE starts_with(hs_outcome(s), 'closedwon') OR starts_with(hs_outcome(s), 'closedlost')
         OR hs_outcome(s) IN ('won', 'lost') END;
"""


@dataclass(frozen=True)
class Field:
    key: str  # our name for the field
    headers: tuple[str, ...]  # accepted header spellings, preferred first; case is ignored
    kind: str = "text"  # text, id, date, datetime, money, number, bool, duration, minutes
    required: bool = False
    not_blank: bool = False


def _f(key: str, *headers: str, kind: str = "text", required: bool = False) -> Field:
    # Required fields are record ids: they must also have a value on every row.
    return Field(key, headers, kind, required=required, not_blank=required and kind == "id")


@dataclass(frozen=True)
class HubSpotFile:
    names: tuple[str, ...]  # file-name stems ("deals" accepts deals.csv, all-deals.csv, …)
    builder: str
    fields: tuple[Field, ...]
    required: bool = False
    activity_type: str | None = None  # what an engagement file holds when rows do not say


_OWNER_REF = (
    "Deal owner",
    "Activity assigned to",
    "Assigned to",
    "HubSpot Owner",
    "HubSpot Owner ID",
    "hubspot_owner_id",
    "Activity owner",
    "Owner",
    "Owner ID",
)
_COMPANY_REF = (
    "Associated Company IDs (Primary)",
    "Associated Company IDs",
    "Associated Company ID",
    "Associated Company (Primary)",
    "Associated Company",
    "Associated Companies",
    "Company ID",
    "Company Record ID",
    "Company",
)
_DEAL_REF = (
    "Associated Deal IDs",
    "Associated Deal ID",
    "Associated Deal",
    "Associated Deals",
    "Deal ID",
    "Deal Record ID",
    "Deal",
)
_ENGAGEMENT_FIELDS = (
    _f(
        "id",
        "Activity ID",
        "Record ID",
        "Engagement ID",
        "Call ID",
        "Email ID",
        "Meeting ID",
        "Task ID",
        "hs_object_id",
        "Object ID",
        "ID",
        kind="id",
        required=True,
    ),
    _f("type", "Activity type", "Engagement type", "hs_engagement_type", "Type"),
    _f("owner", *_OWNER_REF),
    _f("deal", *_DEAL_REF),
    _f("company", *_COMPANY_REF),
    _f(
        "when",
        "Activity date",
        "Timestamp",
        "hs_timestamp",
        "Meeting start time",
        "Start time",
        "Call date",
        "Email send date",
        "Due date",
        kind="datetime",
    ),
    _f("created", "Create Date", "Created Date", "createdate", "Created at", kind="datetime"),
    _f("end", "Meeting end time", "End time", kind="datetime"),
    _f(
        "duration",
        "Call duration",
        "Call duration (ms)",
        "Duration (ms)",
        "hs_call_duration",
        kind="duration",
    ),
    _f("minutes", "Duration (minutes)", "Duration in minutes", kind="minutes"),
)

HUBSPOT_FILES: dict[str, HubSpotFile] = {
    # Order matters: references are resolved against the files staged before.
    "owners": HubSpotFile(
        ("owners", "users"),
        "owners",
        required=True,
        fields=(
            _f(
                "id",
                "Owner ID",
                "HubSpot Owner ID",
                "hubspot_owner_id",
                "Id",
                "User ID",
                "Record ID",
                kind="id",
                required=True,
            ),
            _f("name", "Name", "Full name", "Owner name"),
            _f("first_name", "First Name", "firstname"),
            _f("last_name", "Last Name", "lastname"),
            _f("email", "Email", "Email address", "E-mail"),
            _f("primary_team", "Primary team"),
            _f("teams", "Teams", "Team"),
            _f("title", "Job title", "Title"),
            _f("region", "Region"),
            _f("archived", "Archived", kind="bool"),
            _f("deactivated", "Deactivated", kind="bool"),
            _f("active", "Active", "Is active", kind="bool"),
            _f("hire_date", "Hire date", "Start date", kind="date"),
            _f("created", "Created at", "Create Date", "Created", kind="date"),
            # PERSON, or QUEUE for a queue; a system account when it owns no deals.
            _f("user_type", "Type", "Owner type", "User type"),
        ),
    ),
    "companies": HubSpotFile(
        ("companies",),
        "companies",
        fields=(
            _f(
                "id",
                "Record ID",
                "Company ID",
                "Company Record ID",
                "hs_object_id",
                "Object ID",
                "ID",
                kind="id",
                required=True,
            ),
            _f("name", "Company name", "Name"),
            _f("industry", "Industry"),
            _f("employees", "Number of Employees", "numberofemployees", "Employees", kind="number"),
            _f("segment", "Segment", "Customer segment", "Company segment"),
            _f("region", "Region", "Sales region", "Territory"),
            _f("country", "Country/Region", "Country"),
        ),
    ),
    "deals": HubSpotFile(
        ("deals",),
        "deals",
        required=True,
        fields=(
            _f(
                "id",
                "Record ID",
                "Deal ID",
                "Deal Record ID",
                "hs_object_id",
                "Object ID",
                "ID",
                kind="id",
                required=True,
            ),
            _f("name", "Deal Name", "dealname", "Name"),
            _f("stage", "Deal Stage", "dealstage", "Stage", required=True),
            _f("owner", *_OWNER_REF),
            _f("company", *_COMPANY_REF),
            _f("amount", "Amount", "Amount in company currency", "Deal amount", kind="money"),
            _f("currency", "Currency", "Deal currency code", "deal_currency_code", "Currency code"),
            _f(
                "created",
                "Create Date",
                "Created Date",
                "createdate",
                "Created at",
                kind="datetime",
            ),
            _f("close", "Close Date", "closedate", "Closed date", kind="date"),
            _f("type", "Deal Type", "dealtype", "Type"),
            _f("product", "Product", "Product name"),
            _f(
                "lead_source",
                "Lead source",
                "Original Source Type",
                "Original Source",
                "Original Traffic Source",
                "Source",
            ),
            _f("is_won", "Is Closed Won", "hs_is_closed_won", "Is won", kind="bool"),
            _f(
                "is_closed",
                "Is Deal Closed?",
                "Is Deal Closed",
                "Is closed",
                "hs_is_closed",
                kind="bool",
            ),
        ),
    ),
    "stage_history": HubSpotFile(
        (
            "deal-stage-history",
            "deal-stages-history",
            "dealstage-history",
            "deal-history",
            "stage-history",
        ),
        "stage_history",
        fields=(
            _f(
                "deal",
                "Deal ID",
                "Record ID",
                "Deal Record ID",
                "Object ID",
                "hs_object_id",
                kind="id",
                required=True,
            ),
            _f("stage", "Deal Stage", "Stage", "dealstage", "Value", "New value", required=True),
            _f(
                "entered",
                "Date entered stage",
                "Entered at",
                "Timestamp",
                "Change date",
                "Changed at",
                "Date",
                kind="datetime",
                required=True,
            ),
        ),
    ),
    "engagements": HubSpotFile(
        ("engagements", "activities"), "engagements", fields=_ENGAGEMENT_FIELDS
    ),
    "calls": HubSpotFile(("calls",), "engagements", _ENGAGEMENT_FIELDS, activity_type="call"),
    "emails": HubSpotFile(("emails",), "engagements", _ENGAGEMENT_FIELDS, activity_type="email"),
    "meetings": HubSpotFile(
        ("meetings",), "engagements", _ENGAGEMENT_FIELDS, activity_type="meeting"
    ),
    "tasks": HubSpotFile(("tasks",), "engagements", _ENGAGEMENT_FIELDS, activity_type="task"),
}


def header_key(header: str) -> str:
    """Headers compare without case or extra spacing ("Deal owner" = "Deal Owner ")."""
    return " ".join(header.lower().split())


def _file_pattern(stem: str) -> re.Pattern[str]:
    # deals.csv, all-deals.csv, hubspot-deals.csv and the UI's own
    # hubspot-crm-exports-all-deals-2024-03-15.csv, with "-" or "_" and a browser's " (1)".
    words = "[-_ ]".join(re.escape(w) for w in stem.split("-"))
    return re.compile(
        rf"^(?:hubspot[-_ ](?:crm[-_ ]exports?[-_ ])?)?(?:all[-_ ])?{words}"
        r"(?:[-_ ]\d{4}-\d{2}-\d{2})?(?: ?\(\d+\))?\.csv$",
        re.IGNORECASE,
    )


def find_export_file(directory: Path, spec: HubSpotFile) -> Path | None:
    """The export's file for an entity; several candidates are an error, never a guess."""
    patterns = [_file_pattern(stem) for stem in spec.names]
    found = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and any(pattern.match(p.name) for pattern in patterns)
    )
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise MalformedInputError(names, f"several files look like the {spec.names[0]} export")
    return file_in_folder(directory, found[0]) if found else None


_MACROS = r"""
CREATE OR REPLACE TEMP MACRO hs_first(v) AS NULLIF(trim(split_part(v, ';', 1)), '');
CREATE OR REPLACE TEMP MACRO hs_ref(v) AS CASE
    WHEN contains(v, '@') AND regexp_matches(v, '[^\s<>()]+@[^\s<>()]+')
        THEN lower(regexp_extract(v, '[^\s<>()]+@[^\s<>()]+'))
    ELSE lower(trim(v)) END;
CREATE OR REPLACE TEMP MACRO hs_minutes(v) AS CASE
    WHEN v IS NULL THEN NULL
    WHEN TRY_CAST(v AS DOUBLE) IS NOT NULL THEN TRY_CAST(v AS DOUBLE) / 60000
    WHEN regexp_full_match(v, '[0-9]+:[0-5][0-9]:[0-5][0-9]')
        THEN CAST(split_part(v, ':', 1) AS DOUBLE) * 60 + CAST(split_part(v, ':', 2) AS DOUBLE)
             + CAST(split_part(v, ':', 3) AS DOUBLE) / 60
    WHEN regexp_full_match(v, '[0-9]+:[0-5][0-9]')
        THEN CAST(split_part(v, ':', 1) AS DOUBLE) + CAST(split_part(v, ':', 2) AS DOUBLE) / 60
    END;
"""

_KIND_WORDS = {
    **KIND_WORDS,
    "date": "is not a date (expected e.g. 2024-03-15)",
    "datetime": "is not a date-time (expected e.g. 2024-03-15 14:30)",
    "duration": "is not a duration (expected milliseconds or H:MM:SS)",
    "minutes": "is not a number of minutes",
}


def hubspot_typed(expr: str, kind: str) -> str:
    """SQL turning a text expression into its typed value (NULL when blank), HubSpot's way."""
    value = f"NULLIF(trim({expr}), '')"
    if kind in ("date", "datetime"):
        # DuckDB's own cast reads the ISO forms HubSpot writes, many times faster than trying
        # a list of formats; only what it cannot read is tried as epoch milliseconds, then
        # against the formats.
        moment = (
            f"coalesce(TRY_CAST({value} AS TIMESTAMP), "
            f"CASE WHEN regexp_full_match({value}, '[0-9]{{12,13}}') "
            f"THEN epoch_ms(CAST({value} AS BIGINT)) ELSE try_strptime({value}, {_FORMATS}) END)"
        )
        return moment if kind == "datetime" else f"CAST({moment} AS DATE)"
    if kind == "duration":  # HubSpot keeps call durations in milliseconds
        return f"hs_minutes({value})"
    if kind == "minutes":
        return f"TRY_CAST({value} AS DOUBLE)"
    return typed_sql(expr, kind)


class Cols:
    """The fields of one file as SQL, by our field key; absent fields read as NULL."""

    def __init__(self, raw: str, headers: dict[str, str], fields: dict[str, Field]):
        self.raw = raw
        self.headers = headers  # field key -> the header present in the file
        self.fields = fields

    def has(self, key: str) -> bool:
        return key in self.headers

    def text(self, key: str) -> str:
        return f"r.{ident(self.headers[key])}" if key in self.headers else "NULL"

    def __call__(self, key: str) -> str:
        if key not in self.headers:
            return "NULL"
        return hubspot_typed(self.text(key), self.fields[key].kind)


def _reference(cols: Cols, key: str, lookup: str, alias: str) -> tuple[str, str]:
    """(value, join): the record a reference column names, or the reference as written."""
    if not cols.has(key):
        return "NULL", ""
    first = f"hs_first({cols.text(key)})"
    join = f" LEFT JOIN {lookup} {alias} ON {alias}.hs_key = hs_ref({first})"
    return f"coalesce({alias}.hs_id, {first})", join


def _owners(c: Cols, spec: HubSpotFile) -> str:
    full = f"nullif(trim(concat_ws(' ', {c('first_name')}, {c('last_name')})), '')"
    name = f"coalesce({c('name')}, {full}, {c('email')}, {c('id')})"
    team = f"hs_first(coalesce({c('primary_team')}, {c('teams')}))"
    active = f"coalesce({c('active')}, NOT {c('archived')}, NOT {c('deactivated')}, TRUE)"
    hire = f"coalesce({c('hire_date')}, {c('created')})"
    return (
        f"SELECT _row, {SRC} AS source, {c('id')} AS rep_id, {name} AS name, "
        f"lower({c('email')}) AS email, CAST(NULL AS VARCHAR) AS manager_id, {team} AS team, "
        f"{c('region')} AS region, {c('title')} AS title, {hire} AS hire_date, "
        f"{active} AS active FROM {c.raw} r"
    )


def _companies(c: Cols, spec: HubSpotFile) -> str:
    employees = c("employees")
    segment = (
        f"coalesce({c('segment')}, CASE WHEN {employees} IS NULL THEN NULL "
        f"WHEN {employees} < 200 THEN 'SMB' WHEN {employees} < 2000 THEN 'Mid-Market' "
        "ELSE 'Enterprise' END, 'Unknown')"
    )
    return (
        f"SELECT _row, {SRC} AS source, {c('id')} AS account_id, {c('name')} AS name, "
        f"{segment} AS segment, {c('industry')} AS industry, "
        f"coalesce({c('region')}, {c('country')}) AS region FROM {c.raw} r"
    )


def _deals(c: Cols, spec: HubSpotFile) -> str:
    owner, owner_join = _reference(c, "owner", "hs_owner_keys", "o")
    company, company_join = _reference(c, "company", "hs_company_keys", "a")
    stage = c("stage")
    # The explicit flags win; the stage decides only when the export has no flag columns.
    won = f"coalesce({c('is_won')}, hs_stage_won({stage}), FALSE)"
    closed = (
        f"coalesce({c('is_closed')}, CASE WHEN {c('is_won')} THEN TRUE END, "
        f"hs_stage_closed({stage}), FALSE)"
    )
    return (
        f"SELECT _row, {SRC} AS source, {c('id')} AS opportunity_id, {owner} AS owner_id, "
        f"{company} AS account_id, {c('name')} AS name, {c('product')} AS product, "
        f"{c('amount')} AS amount_cents, coalesce(upper({c('currency')}), 'USD') AS currency, "
        f"CAST({c('created')} AS DATE) AS created_date, {c('close')} AS close_date, "
        f"hs_stage_label({stage}) AS stage, {closed} AS is_closed, {won} AS is_won, "
        f"{c('type')} AS type, {c('lead_source')} AS lead_source "
        f"FROM {c.raw} r{owner_join}{company_join}"
    )


def _stage_history(c: Cols, spec: HubSpotFile) -> str:
    return (
        f"SELECT _row, {SRC} AS source, hs_first({c('deal')}) AS opportunity_id, "
        f"hs_stage_label({c('stage')}) AS stage, {c('entered')} AS entered_at FROM {c.raw} r"
    )


def _engagements(c: Cols, spec: HubSpotFile) -> str:
    owner, owner_join = _reference(c, "owner", "hs_owner_keys", "o")
    deal, deal_join = _reference(c, "deal", "hs_deal_keys", "d")
    company, company_join = _reference(c, "company", "hs_company_keys", "a")
    default = sql_string(spec.activity_type or "task")
    words = f"lower(coalesce({c('type')}, {default}))"
    kind = (
        f"CASE WHEN {words} LIKE '%call%' THEN 'call' "
        f"WHEN {words} LIKE '%email%' OR {words} LIKE '%e-mail%' THEN 'email' "
        f"WHEN {words} LIKE '%meeting%' THEN 'meeting' ELSE 'task' END"
    )
    if spec.activity_type == "task":
        kind = "'task'"  # a task to call someone is still a task, not a call
    when = f"coalesce({c('when')}, {c('created')})"
    meeting = f"date_diff('second', {c('when')}, {c('end')}) / 60.0"
    minutes = f"coalesce({c('duration')}, {c('minutes')}, {meeting if c.has('end') else 'NULL'})"
    # Notes are engagements too, but none of call/email/meeting/task: they are not read.
    return (
        f"SELECT _row, {SRC} AS source, {c('id')} AS activity_id, {owner} AS owner_id, "
        f"{deal} AS opportunity_id, {company} AS account_id, {kind} AS type, "
        f"{when} AS occurred_at, CAST({minutes} AS DOUBLE) AS duration_minutes "
        f"FROM {c.raw} r{owner_join}{deal_join}{company_join} "
        f"WHERE lower(coalesce({c('type')}, '')) NOT LIKE '%note%'"
    )


def _lookup(con: Any, name: str, stage: str | None, id_column: str, names: list[str]) -> None:
    """A key → id table for resolving references: ids first, then each other column in turn.

    A name shared by two records resolves to neither: guessing would credit the wrong person.
    """
    if stage is None:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS "
            "SELECT CAST(NULL AS VARCHAR) AS hs_key, CAST(NULL AS VARCHAR) AS hs_id WHERE FALSE"
        )
        return
    source, key = ident(stage), ident(id_column)
    parts = [f"SELECT lower({key}) AS k, {key} AS id, 0 AS p FROM {source}"]
    parts += [
        f"SELECT lower(trim({ident(col)})), {key}, {i} FROM {source} WHERE {ident(col)} IS NOT NULL"
        for i, col in enumerate(names, start=1)
    ]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS WITH keys AS ({' UNION ALL '.join(parts)}), "
        "best AS (SELECT k, min(p) AS p FROM keys WHERE id IS NOT NULL GROUP BY k) "
        "SELECT keys.k AS hs_key, min(keys.id) AS hs_id FROM keys "
        "JOIN best ON keys.k = best.k AND keys.p = best.p "
        "GROUP BY keys.k HAVING count(DISTINCT keys.id) = 1"
    )


# What each staged entity turns into a lookup: (lookup table, id column, name columns).
LOOKUPS = {
    "owners": ("hs_owner_keys", "rep_id", ["email", "name"]),
    "companies": ("hs_company_keys", "account_id", ["name"]),
    "deals": ("hs_deal_keys", "opportunity_id", ["name"]),
}

BUILDERS: dict[str, tuple[str, Callable[[Cols, HubSpotFile], str]]] = {
    "owners": ("crm_reps", _owners),
    "companies": ("crm_accounts", _companies),
    "deals": ("crm_opportunities", _deals),
    "stage_history": ("crm_stage_history", _stage_history),
    "engagements": ("crm_activities", _engagements),
}


def _columns(fields: list[tuple[Field, str]]) -> list[Column]:
    return [Column(h, f.kind, required=f.required, not_blank=f.not_blank) for f, h in fields]


def _check(con: Any, file: str, raw: str, fields: list[tuple[Field, str]]) -> None:
    """Required columns exist and every typed value parses (HubSpot's way), or say where not.

    One scan of the file's rows checks every column.
    """
    headers = [header for _, header in fields]
    columns = _columns(fields)
    check_columns(con, file, raw, headers, columns, typed=hubspot_typed, words=_KIND_WORDS)


def _left_out(con: Any, staged: StagedExport, raw: int, fields: list[tuple[Field, str]]) -> int:
    """With `skip_invalid`: record the rows that fail a check of `_check` for the rejects file,
    and stage the file from `kept_<raw table>`, its raw rows without them. Returns how many."""
    rows = staged.raws[raw]
    found = column_checks(
        rows.file,
        [header for _, header in fields],
        _columns(fields),
        typed=hubspot_typed,
        words=_KIND_WORDS,
    )
    checks = column_checks_of(found, _KIND_WORDS)
    problem = first_problem(checks)
    bad = f"SELECT _row FROM {ident(rows.table)} WHERE ({problem}) IS NOT NULL"
    count = int(con.execute(f"SELECT count(*) FROM ({bad})").fetchone()[0]) if checks else 0
    if count:
        rows_reject(con, raw, rows, checks, rows=bad, problem=problem)
        staged.rejected_in(rows.file, count)
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {ident('kept_' + rows.table)} AS SELECT * "
        f"FROM {ident(rows.table)} WHERE ({problem}) IS NULL"
    )
    return count


def _resolve_headers(file: str, present: list[str], spec: HubSpotFile) -> dict[str, str]:
    """Field key → the header that carries it; a missing required field names its spellings."""
    by_key = {header_key(h): h for h in present}
    found: dict[str, str] = {}
    for field in spec.fields:
        header = next(
            (by_key[header_key(a)] for a in field.headers if header_key(a) in by_key), None
        )
        if header is not None:
            found[field.key] = header
        elif field.required:
            others = ", ".join(repr(h) for h in field.headers[1:])
            raise MalformedInputError(
                file,
                f"the required column is missing (also accepted: {others})",
                column=field.headers[0],
            )
    return found


_DATE_ENTERED = re.compile(
    r"^date entered [\"'\u201c\u201d\u2018\u2019]?(.+?)[\"'\u201c\u201d\u2018\u2019]?$",
    re.IGNORECASE,
)
_DATE_ENTERED_API = re.compile(r"^hs_date_entered_(.+)$", re.IGNORECASE)


def stage_dates_columns(present: list[str]) -> dict[str, str]:
    """Deal columns that record when a deal entered a stage → that stage's label.

    HubSpot adds `Date entered "Contract Sent (Sales Pipeline)"` (and `hs_date_entered_<id>` in
    API exports) for every stage: stage history without a separate history export.
    """
    found: dict[str, str] = {}
    for header in present:
        match = _DATE_ENTERED.match(header.strip()) or _DATE_ENTERED_API.match(header.strip())
        if match is None:
            continue
        stage = re.sub(r"\s*\([^()]*\)$", "", match.group(1)).strip()
        normal = re.sub(r"[^a-z0-9]", "", stage.lower())
        found[header] = DEFAULT_STAGES[normal][0] if normal in DEFAULT_STAGES else stage
    return found


def _stage_dates(
    con: Any,
    staged: StagedExport,
    *,
    file: str,
    raw: str,
    deal_id: str,
    present: list[str],
) -> None:
    columns = stage_dates_columns(present)
    if not columns:
        return
    _check(con, file, raw, [(Field("entered", (h,), "datetime"), h) for h in columns])
    deal = hubspot_typed(f"r.{ident(deal_id)}", "id")
    selects = []
    for header, stage in columns.items():
        entered = hubspot_typed(f"r.{ident(header)}", "datetime")
        selects.append(
            f"SELECT _row, {SRC} AS source, {deal} AS opportunity_id, {sql_string(stage)} "
            f"AS stage, {entered} AS entered_at FROM {ident(raw)} r WHERE {entered} IS NOT NULL"
        )
    source = EntitySource(entity="deal_stage_dates", file=file, table="crm_stage_history")
    # Its rows are stage entries read from the deals' rows, not rows of a file of their own:
    # an entry repeated elsewhere is counted as rejected, but its deal was imported.
    stage_entity(con, staged, source, " UNION ALL ".join(selects))


def _export_files(directory: Path) -> dict[str, Path | None]:
    """Each HubSpot file of the export (None when absent); a missing required file stops here."""
    paths: dict[str, Path | None] = {}
    for entity, spec in HUBSPOT_FILES.items():
        path = paths[entity] = find_export_file(directory, spec)
        if path is None and spec.required:
            also = ", ".join(f"{n}.csv" for n in spec.names[1:])
            raise MalformedInputError(
                f"{spec.names[0]}.csv",
                f"is missing from {directory} (also accepted: all-{spec.names[0]}.csv, "
                f"hubspot-crm-exports-all-{spec.names[0]}-<date>.csv{', ' + also if also else ''})",
            )
    return paths


def _key_headers(entity: str, headers: dict[str, str]) -> str:
    """The columns that hold a row's key, named in the rejects file."""
    keys = ("deal", "stage", "entered") if entity == "stage_history" else ("id",)
    return ", ".join(headers[k] for k in keys if k in headers)


def stage_hubspot_export(
    con: Any, directory: Path, *, progress: FileProgress = quiet, skip_invalid: bool = False
) -> StagedExport:
    """Read, check and stage every file of a HubSpot export. Writes nothing permanent.

    With `skip_invalid`, a row with a blank id or an unreadable value is left out and recorded
    for the rejects file instead of stopping the import."""
    if not directory.is_dir():
        raise MalformedInputError(str(directory), "is not a directory")
    paths = _export_files(directory)
    con.execute(_MACROS + _stage_macros())
    staged = StagedExport(
        source=SOURCE,
        progress=progress,
        files_total=sum(p is not None for p in paths.values()),
        skip_invalid=skip_invalid,
    )
    staged_by_entity: dict[str, str] = {}
    for entity, spec in HUBSPOT_FILES.items():
        path = paths[entity]
        if path is not None:
            staged.reading(path.name)
            raw = f"raw_{entity}"
            present = read_raw(con, path, raw)
            raw_index = staged.raw_add(RawRows(path.name, raw, present))
            headers = _resolve_headers(path.name, present, spec)
            fields = {f.key: f for f in spec.fields}
            checked = [(fields[k], h) for k, h in headers.items()]
            invalid = 0
            if skip_invalid:  # a bad stage date leaves its deal out too: one row, one verdict
                dates = stage_dates_columns(present) if entity == "deals" else {}
                checked += [(Field("entered", (h,), "datetime"), h) for h in dates]
                invalid = _left_out(con, staged, raw_index, checked)
            else:
                _check(con, path.name, raw, checked)
            table, build = BUILDERS[spec.builder]
            rows = f"kept_{raw}" if skip_invalid else raw  # the file's rows less the bad ones
            select = build(Cols(ident(rows), headers, fields), spec)
            source = EntitySource(entity, path.name, table)
            key_headers = _key_headers(entity, headers)
            staged_entity = stage_entity(
                con, staged, source, select, raw=raw_index, key_headers=key_headers
            )
            invalid_left_out(staged_entity, invalid)
            staged_by_entity[entity] = staged_entity.stage
            if entity == "owners" and "user_type" in headers:
                cols = Cols(ident(rows), headers, fields)
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE stage_user_kinds AS SELECT "
                    f"{cols('id')} AS rep_id, {cols('user_type')} AS user_type, "
                    f"CAST(NULL AS VARCHAR) AS profile FROM {cols.raw} r"
                )
                staged.user_kinds = "stage_user_kinds"
            if entity == "deals":
                _stage_dates(
                    con,
                    staged,
                    file=path.name,
                    raw=rows,
                    deal_id=headers["id"],
                    present=present,
                )
        if entity in LOOKUPS:  # later files resolve their references against this one
            lookup, id_column, names = LOOKUPS[entity]
            _lookup(con, lookup, staged_by_entity.get(entity), id_column, names)
    return staged
