"""Salesforce export CSVs (standard API field names) → canonical staging tables.

Real exports are dirty: a byte-order mark, CRLF line ends, quoted fields with commas and line
breaks, 15- and 18-character ids for the same record, dates and datetimes, blank amounts on lost
deals, custom fields (`Segment__c`), owners who are no longer in User.csv. Ids are normalised to
their 18-character form so that both spellings of one record join.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from uplift.crm.importers.csvread import (
    Column,
    check_columns,
    column_checks,
    csv_columns,
    csv_source,
    ident,
    read_raw,
    trimmed_sql,
    typed_value,
    unreadable,
)
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.folder import file_in_folder
from uplift.crm.importers.rejects import RawRows, column_checks_of, first_problem, rows_reject
from uplift.crm.importers.sfids import id18_sql
from uplift.crm.importers.staging import (
    EntitySource,
    FileProgress,
    StagedExport,
    quiet,
    stage_entity_checked,
)

SOURCE = "salesforce"
SRC = f"'{SOURCE}'"
Typed = Callable[..., str]  # t(column, kind="text") -> typed SQL expression

FILES: dict[str, tuple[str, bool, list[Column]]] = {
    # entity: (file name, required file, columns read)
    "users": (
        "User.csv",
        True,
        [
            Column("Id", "id", required=True, not_blank=True),
            Column("Name"),
            Column("FirstName"),
            Column("LastName"),
            Column("Email"),
            Column("Title"),
            Column("ManagerId", "id"),
            Column("Department"),
            Column("Division"),
            Column("IsActive", "bool"),
            Column("CreatedDate", "datetime"),
            Column("Hire_Date__c", "date"),
        ],
    ),
    "accounts": (
        "Account.csv",
        True,
        [
            Column("Id", "id", required=True, not_blank=True),
            Column("Name"),
            Column("Industry"),
            Column("Segment__c"),
            Column("Region__c"),
            Column("BillingCountry"),
            Column("NumberOfEmployees", "number"),
        ],
    ),
    "opportunities": (
        "Opportunity.csv",
        True,
        [
            Column("Id", "id", required=True, not_blank=True),
            Column("OwnerId", "id", required=True),
            Column("AccountId", "id"),
            Column("Name"),
            Column("Amount", "money"),
            Column("CurrencyIsoCode"),
            Column("CreatedDate", "datetime", required=True),
            Column("CloseDate", "date", required=True),
            Column("StageName", required=True),
            Column("IsClosed", "bool", required=True),
            Column("IsWon", "bool", required=True),
            Column("Type"),
            Column("LeadSource"),
            Column("Product__c"),
        ],
    ),
    "stage_history": (
        "OpportunityHistory.csv",
        False,
        [
            Column("OpportunityId", "id", required=True, not_blank=True),
            Column("StageName", required=True, not_blank=True),
            Column("CreatedDate", "datetime", required=True, not_blank=True),
        ],
    ),
    "tasks": (
        "Task.csv",
        False,
        [
            Column("Id", "id", required=True, not_blank=True),
            Column("OwnerId", "id", required=True),
            Column("WhatId", "id"),
            Column("AccountId", "id"),
            Column("Subject"),
            Column("TaskSubtype"),
            Column("Type"),
            Column("ActivityDate", "date"),
            Column("CreatedDate", "datetime"),
            Column("CallDurationInSeconds", "number"),
        ],
    ),
    "events": (
        "Event.csv",
        False,
        [
            Column("Id", "id", required=True, not_blank=True),
            Column("OwnerId", "id", required=True),
            Column("WhatId", "id"),
            Column("AccountId", "id"),
            Column("Subject"),
            Column("Type"),
            Column("StartDateTime", "datetime"),
            Column("ActivityDateTime", "datetime"),
            Column("DurationInMinutes", "number"),
            Column("CreatedDate", "datetime"),
        ],
    ),
    "contact_roles": (
        "OpportunityContactRole.csv",
        False,
        [
            Column("OpportunityId", "id", required=True, not_blank=True),
            Column("ContactId", "id", required=True, not_blank=True),
            Column("Role"),
        ],
    ),
    # Quotas have no standard object: a CRM sync writes the organisation's mapped quota object
    # here (docs/crm-sync.md), and an export may carry the same file.
    "quotas": (
        "Quota.csv",
        False,
        [
            Column("Id", "id"),
            Column("OwnerId", "id", required=True, not_blank=True),
            Column("StartDate", "date", required=True, not_blank=True),
            Column("EndDate", "date"),
            Column("Amount", "money", required=True),
        ],
    ),
}


def _find(directory: Path, name: str) -> Path | None:
    """The export's file for `name`, matched case-insensitively (exports differ in case)."""
    wanted = name.lower()
    for path in directory.iterdir():
        if path.is_file() and path.name.lower() == wanted:
            return file_in_folder(directory, path)
    return None


def _typed_columns(present: list[str], columns: list[Column]) -> tuple[str, str, str]:
    """The three projections over a file's rows, innermost first: trimmed text, typed, checks.

    Each source column is trimmed and typed once (ids normalised to 18 characters); a row is bad
    when a required value is blank or a typed value does not read.
    """
    trimmed, typed, bad = [], [], []
    for column in columns:
        if column.name not in present:
            continue
        name = ident(column.name)
        trimmed.append(f"{trimmed_sql(name)} AS {name}")
        # Ids in Salesforce's 18-character form (most have it already).
        value = id18_sql(name) if column.kind == "id" else typed_value(name, column.kind)
        typed.append(f"{value} AS {name}")
        given = ident("given " + column.name)
        if column.not_blank:
            bad.append(f"{name} IS NULL")
        elif column.kind not in ("text", "id"):
            typed.append(f"{name} IS NOT NULL AS {given}")
            bad.append(f"({given} AND {name} IS NULL)")
    return ", ".join(trimmed), ", ".join(typed), " OR ".join(bad) or "FALSE"


def _selects(
    entity: str, present: list[str], columns: list[Column], source: str
) -> tuple[str, str]:
    """(canonical table name, SELECT producing its columns plus `_bad`) for a file."""
    kinds = {c.name: c.kind for c in columns}
    trimmed, typed, bad = _typed_columns(present, columns)

    def t(name: str, kind: str = "text") -> str:
        if kinds[name] != kind:
            raise ValueError(f"{entity}: {name} is read as {kinds[name]}, not {kind}")
        return ident(name) if name in present else "NULL"

    table, canonical = SELECT_BUILDERS[entity](t)
    rows = f"SELECT {typed} FROM (SELECT {trimmed} FROM {source})"
    return table, f"SELECT ({bad}) AS _bad, {canonical} FROM ({rows})"


def _users(t: Typed) -> tuple[str, str]:
    name = (
        f"coalesce({t('Name')}, nullif(trim(concat_ws(' ', {t('FirstName')}, "
        f"{t('LastName')})), ''), {t('Id', 'id')})"
    )
    hire = f"coalesce({t('Hire_Date__c', 'date')}, CAST({t('CreatedDate', 'datetime')} AS DATE))"
    return "crm_reps", (
        f"{SRC} AS source, {t('Id', 'id')} AS rep_id, {name} AS name, "
        f"lower({t('Email')}) AS email, {t('ManagerId', 'id')} AS manager_id, "
        f"{t('Department')} AS team, {t('Division')} AS region, {t('Title')} AS title, "
        f"{hire} AS hire_date, coalesce({t('IsActive', 'bool')}, TRUE) AS active"
    )


def _accounts(t: Typed) -> tuple[str, str]:
    employees = t("NumberOfEmployees", "number")
    segment = (
        f"coalesce({t('Segment__c')}, CASE WHEN {employees} IS NULL THEN NULL "
        f"WHEN {employees} < 200 THEN 'SMB' WHEN {employees} < 2000 THEN 'Mid-Market' "
        "ELSE 'Enterprise' END, 'Unknown')"
    )
    return "crm_accounts", (
        f"{SRC} AS source, {t('Id', 'id')} AS account_id, {t('Name')} AS name, "
        f"{segment} AS segment, {t('Industry')} AS industry, "
        f"coalesce({t('Region__c')}, {t('BillingCountry')}) AS region"
    )


def _opportunities(t: Typed) -> tuple[str, str]:
    return "crm_opportunities", (
        f"{SRC} AS source, {t('Id', 'id')} AS opportunity_id, "
        f"{t('OwnerId', 'id')} AS owner_id, {t('AccountId', 'id')} AS account_id, "
        f"{t('Name')} AS name, {t('Product__c')} AS product, "
        f"{t('Amount', 'money')} AS amount_cents, "
        f"coalesce({t('CurrencyIsoCode')}, 'USD') AS currency, "
        f"CAST({t('CreatedDate', 'datetime')} AS DATE) AS created_date, "
        f"{t('CloseDate', 'date')} AS close_date, {t('StageName')} AS stage, "
        f"coalesce({t('IsClosed', 'bool')}, FALSE) AS is_closed, "
        f"coalesce({t('IsWon', 'bool')}, FALSE) AS is_won, {t('Type')} AS type, "
        f"{t('LeadSource')} AS lead_source"
    )


def _stage_history(t: Typed) -> tuple[str, str]:
    return "crm_stage_history", (
        f"{SRC} AS source, {t('OpportunityId', 'id')} AS opportunity_id, "
        f"{t('StageName')} AS stage, {t('CreatedDate', 'datetime')} AS entered_at"
    )


def _tasks(t: Typed) -> tuple[str, str]:
    subtype = f"lower(coalesce({t('TaskSubtype')}, {t('Type')}, ''))"
    subject = f"lower(coalesce({t('Subject')}, ''))"
    kind = (
        f"CASE WHEN {subtype} LIKE '%call%' THEN 'call' "
        f"WHEN {subtype} LIKE '%email%' OR {subtype} LIKE '%e-mail%' THEN 'email' "
        f"WHEN {subtype} LIKE '%meeting%' THEN 'meeting' "
        f"WHEN {subject} LIKE 'call%' OR {subject} LIKE '%phone%' THEN 'call' "
        f"WHEN {subject} LIKE 'email%' OR {subject} LIKE 'e-mail%' THEN 'email' "
        f"WHEN {subject} LIKE '%meeting%' THEN 'meeting' ELSE 'task' END"
    )
    when = (
        f"coalesce(CAST({t('ActivityDate', 'date')} AS TIMESTAMP), {t('CreatedDate', 'datetime')})"
    )
    minutes = f"{t('CallDurationInSeconds', 'number')} / 60.0"
    return "crm_activities", _activity_select(t, kind, when, minutes)


def _events(t: Typed) -> tuple[str, str]:
    subject = f"lower(coalesce({t('Subject')}, ''))"
    kind = (
        f"CASE WHEN lower(coalesce({t('Type')}, '')) LIKE '%call%' "
        f"OR {subject} LIKE 'call%' THEN 'call' ELSE 'meeting' END"
    )
    when = (
        f"coalesce({t('StartDateTime', 'datetime')}, {t('ActivityDateTime', 'datetime')}, "
        f"{t('CreatedDate', 'datetime')})"
    )
    return "crm_activities", _activity_select(t, kind, when, t("DurationInMinutes", "number"))


def _contact_roles(t: Typed) -> tuple[str, str]:
    return "crm_contact_roles", (
        f"{SRC} AS source, {t('OpportunityId', 'id')} AS opportunity_id, "
        f"{t('ContactId', 'id')} AS contact_id, {t('Role')} AS role"
    )


def _quotas(t: Typed) -> tuple[str, str]:
    return "crm_quotas", (
        f"{SRC} AS source, {t('OwnerId', 'id')} AS rep_id, "
        f"{t('StartDate', 'date')} AS period_start, {t('EndDate', 'date')} AS period_end, "
        f"{t('Amount', 'money')} AS amount_cents"
    )


def _activity_select(t: Typed, kind: str, when: str, minutes: str) -> str:
    # WhatId points at any object; only opportunity ids (prefix 006) are opportunities.
    what = t("WhatId", "id")
    return (
        f"{SRC} AS source, {t('Id', 'id')} AS activity_id, "
        f"{t('OwnerId', 'id')} AS owner_id, "
        f"CASE WHEN {what} LIKE '006%' THEN {what} END AS opportunity_id, "
        f"coalesce({t('AccountId', 'id')}, CASE WHEN {what} LIKE '001%' THEN {what} END) "
        f"AS account_id, {kind} AS type, {when} AS occurred_at, "
        f"CAST({minutes} AS DOUBLE) AS duration_minutes"
    )


def _explain(con: Any, path: Path, raw: str, columns: list[Column]) -> None:
    """Read a file again with row numbers to raise the error naming its first bad value."""
    check_columns(con, path.name, raw, read_raw(con, path, raw), columns)


def _reject(con: Any, staged: StagedExport, raw: int, columns: list[Column], stage: str) -> None:
    """Record the bad rows of `stage` with what is wrong with each: the file is read again, with
    row numbers, and each row's first failing check (in the order of the file's columns) named."""
    rows = staged.raws[raw]
    rows.ensure()
    checks = column_checks_of(column_checks(rows.file, rows.headers, columns))
    bad = f"SELECT rowid + 2 AS _row FROM {ident(stage)} WHERE _bad"
    rows_reject(con, raw, rows, checks, rows=bad, problem=first_problem(checks))


# The columns that hold each file's key (the canonical key), named in the rejects file.
KEY_HEADERS = {
    "stage_history": "OpportunityId, StageName, CreatedDate",
    "contact_roles": "OpportunityId, ContactId",
    "quotas": "OwnerId, StartDate",
}


def stage_salesforce_export(
    con: Any, directory: Path, *, progress: FileProgress = quiet, skip_invalid: bool = False
) -> StagedExport:
    """Read, check and stage every file of a Salesforce export. Writes nothing permanent.

    With `skip_invalid`, a row with a blank required value or an unreadable one is left out and
    recorded for the rejects file instead of stopping the import."""
    if not directory.is_dir():
        raise MalformedInputError(str(directory), "is not a directory")
    paths = {entity: _find(directory, file_name) for entity, (file_name, _, _) in FILES.items()}
    for entity, (file_name, required, _) in FILES.items():
        if required and paths[entity] is None:
            raise MalformedInputError(file_name, f"is missing from {directory}")
    found = {entity: path for entity, path in paths.items() if path is not None}
    staged = StagedExport(
        source=SOURCE, progress=progress, files_total=len(found), skip_invalid=skip_invalid
    )
    for entity, path in found.items():
        columns = FILES[entity][2]
        staged.reading(path.name)
        present = csv_columns(con, path)
        column_checks(path.name, present, columns)  # a missing required column stops here
        table, select = _selects(entity, present, columns, csv_source(path))
        raw_table = f"raw_{entity}"
        # Read again, with row numbers, only if one of its rows is rejected.
        load = partial(read_raw, con, path, raw_table)
        raw = staged.raw_add(RawRows(path.name, raw_table, load=load))
        stage_entity_checked(
            con,
            staged,
            EntitySource(entity=entity, file=path.name, table=table),
            select,
            unreadable=partial(unreadable, path),
            explain=partial(_explain, con, path, raw_table, columns),
            reject=partial(_reject, con, staged, raw, columns),
            raw=raw,
            key_headers=KEY_HEADERS.get(entity, "Id"),
        )
        if entity == "users":
            _user_kinds(con, staged, csv_source(path), present)
    return staged


# What says a user is an integration, automation or API user, when the export has it.
USER_TYPE_HEADERS = ("UserType",)
PROFILE_HEADERS = ("Profile.Name", "ProfileName", "Profile")


def _user_kinds(con: Any, staged: StagedExport, source: str, present: list[str]) -> None:
    """Each user's type and profile, read again from User.csv beside the staged users (for the
    system accounts: uplift.crm.importers.system_accounts); nothing when the file has neither."""
    user_type = next((h for h in USER_TYPE_HEADERS if h in present), None)
    profile = next((h for h in PROFILE_HEADERS if h in present), None)
    if user_type is None and profile is None:
        return
    type_value = trimmed_sql(ident(user_type)) if user_type else "NULL"
    profile_value = trimmed_sql(ident(profile)) if profile else "NULL"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stage_user_kinds AS "
        f"SELECT {id18_sql(trimmed_sql(ident('Id')))} AS rep_id, {type_value} AS user_type, "
        f"{profile_value} AS profile FROM {source}"
    )
    staged.user_kinds = "stage_user_kinds"


SELECT_BUILDERS: dict[str, Callable[[Typed], tuple[str, str]]] = {
    "users": _users,
    "accounts": _accounts,
    "opportunities": _opportunities,
    "stage_history": _stage_history,
    "tasks": _tasks,
    "events": _events,
    "contact_roles": _contact_roles,
    "quotas": _quotas,
}
