"""Salesforce export CSVs (standard API field names) → canonical staging tables.

Real exports are dirty: a byte-order mark, CRLF line ends, quoted fields with commas and line
breaks, 15- and 18-character ids for the same record, dates and datetimes, blank amounts on lost
deals, custom fields (`Segment__c`), owners who are no longer in User.csv. Ids are normalised to
their 18-character form so that both spellings of one record join.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from uplift.crm.importers.csvread import Column, check_columns, column_or_null, read_raw, typed_sql
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.staging import EntitySource, StagedExport, stage_entity

SOURCE = "salesforce"
SRC = f"'{SOURCE}'"
Typed = Callable[..., str]  # t(column, kind="text") -> typed SQL expression

# Salesforce's case-safe id suffix: each 5-character chunk of the 15-character id gives one
# character, whose index has bit i set when character i of the chunk is an upper-case letter.
_ID18_MACROS = """
CREATE OR REPLACE TEMP MACRO sf_upper_bit(s, i) AS
    CASE WHEN ascii(substr(s, i, 1)) BETWEEN 65 AND 90 THEN 1 ELSE 0 END;
CREATE OR REPLACE TEMP MACRO sf_chunk(s) AS substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345',
    1 + sf_upper_bit(s, 1) + 2 * sf_upper_bit(s, 2) + 4 * sf_upper_bit(s, 3)
      + 8 * sf_upper_bit(s, 4) + 16 * sf_upper_bit(s, 5), 1);
CREATE OR REPLACE TEMP MACRO sf_id(raw) AS CASE
    WHEN raw IS NULL OR trim(raw) = '' THEN NULL
    WHEN length(trim(raw)) = 15 AND regexp_full_match(trim(raw), '[0-9A-Za-z]{15}')
        THEN trim(raw) || sf_chunk(substr(trim(raw), 1, 5)) || sf_chunk(substr(trim(raw), 6, 5))
             || sf_chunk(substr(trim(raw), 11, 5))
    ELSE trim(raw) END;
"""

FILES: dict[str, tuple[str, bool, list[Column]]] = {
    # entity: (file name, required file, columns read)
    "users": ("User.csv", True, [
        Column("Id", "id", required=True, not_blank=True), Column("Name"), Column("FirstName"),
        Column("LastName"), Column("Email"), Column("Title"), Column("ManagerId", "id"),
        Column("Department"), Column("Division"), Column("IsActive", "bool"),
        Column("CreatedDate", "datetime"), Column("Hire_Date__c", "date"),
    ]),
    "accounts": ("Account.csv", True, [
        Column("Id", "id", required=True, not_blank=True), Column("Name"), Column("Industry"),
        Column("Segment__c"), Column("Region__c"), Column("BillingCountry"),
        Column("NumberOfEmployees", "number"),
    ]),
    "opportunities": ("Opportunity.csv", True, [
        Column("Id", "id", required=True, not_blank=True), Column("OwnerId", "id", required=True),
        Column("AccountId", "id"), Column("Name"), Column("Amount", "money"),
        Column("CurrencyIsoCode"), Column("CreatedDate", "datetime", required=True),
        Column("CloseDate", "date", required=True), Column("StageName", required=True),
        Column("IsClosed", "bool", required=True), Column("IsWon", "bool", required=True),
        Column("Type"), Column("LeadSource"), Column("Product__c"),
    ]),
    "stage_history": ("OpportunityHistory.csv", False, [
        Column("OpportunityId", "id", required=True, not_blank=True),
        Column("StageName", required=True, not_blank=True),
        Column("CreatedDate", "datetime", required=True, not_blank=True),
    ]),
    "tasks": ("Task.csv", False, [
        Column("Id", "id", required=True, not_blank=True), Column("OwnerId", "id", required=True),
        Column("WhatId", "id"), Column("AccountId", "id"), Column("Subject"),
        Column("TaskSubtype"), Column("Type"), Column("ActivityDate", "date"),
        Column("CreatedDate", "datetime"), Column("CallDurationInSeconds", "number"),
    ]),
    "events": ("Event.csv", False, [
        Column("Id", "id", required=True, not_blank=True), Column("OwnerId", "id", required=True),
        Column("WhatId", "id"), Column("AccountId", "id"), Column("Subject"), Column("Type"),
        Column("StartDateTime", "datetime"), Column("ActivityDateTime", "datetime"),
        Column("DurationInMinutes", "number"), Column("CreatedDate", "datetime"),
    ]),
    "contact_roles": ("OpportunityContactRole.csv", False, [
        Column("OpportunityId", "id", required=True, not_blank=True),
        Column("ContactId", "id", required=True, not_blank=True), Column("Role"),
    ]),
}  # fmt: skip


def _find(directory: Path, name: str) -> Path | None:
    """The export's file for `name`, matched case-insensitively (exports differ in case)."""
    wanted = name.lower()
    for path in directory.iterdir():
        if path.is_file() and path.name.lower() == wanted:
            return path
    return None


def _typed(present: list[str], name: str, kind: str) -> str:
    source = column_or_null(present, name)
    if kind == "id":
        return f"sf_id({source})"
    return typed_sql(source, kind) if source != "NULL" else "NULL"


def _selects(entity: str, present: list[str], raw: str) -> tuple[str, str]:
    """(canonical table name, SELECT producing its columns plus _row) for a raw file."""

    def t(name: str, kind: str = "text") -> str:
        return _typed(present, name, kind)

    return SELECT_BUILDERS[entity](t, raw)


def _users(t: Typed, raw: str) -> tuple[str, str]:
    name = (
        f"coalesce({t('Name')}, nullif(trim(concat_ws(' ', {t('FirstName')}, "
        f"{t('LastName')})), ''), {t('Id', 'id')})"
    )
    hire = f"coalesce({t('Hire_Date__c', 'date')}, CAST({t('CreatedDate', 'datetime')} AS DATE))"
    return "crm_reps", (
        f"SELECT _row, {SRC} AS source, {t('Id', 'id')} AS rep_id, {name} AS name, "
        f"lower({t('Email')}) AS email, {t('ManagerId', 'id')} AS manager_id, "
        f"{t('Department')} AS team, {t('Division')} AS region, {t('Title')} AS title, "
        f"{hire} AS hire_date, coalesce({t('IsActive', 'bool')}, TRUE) AS active FROM {raw}"
    )


def _accounts(t: Typed, raw: str) -> tuple[str, str]:
    employees = t("NumberOfEmployees", "number")
    segment = (
        f"coalesce({t('Segment__c')}, CASE WHEN {employees} IS NULL THEN NULL "
        f"WHEN {employees} < 200 THEN 'SMB' WHEN {employees} < 2000 THEN 'Mid-Market' "
        "ELSE 'Enterprise' END, 'Unknown')"
    )
    return "crm_accounts", (
        f"SELECT _row, {SRC} AS source, {t('Id', 'id')} AS account_id, {t('Name')} AS name, "
        f"{segment} AS segment, {t('Industry')} AS industry, "
        f"coalesce({t('Region__c')}, {t('BillingCountry')}) AS region FROM {raw}"
    )


def _opportunities(t: Typed, raw: str) -> tuple[str, str]:
    return "crm_opportunities", (
        f"SELECT _row, {SRC} AS source, {t('Id', 'id')} AS opportunity_id, "
        f"{t('OwnerId', 'id')} AS owner_id, {t('AccountId', 'id')} AS account_id, "
        f"{t('Name')} AS name, {t('Product__c')} AS product, "
        f"{t('Amount', 'money')} AS amount_cents, "
        f"coalesce({t('CurrencyIsoCode')}, 'USD') AS currency, "
        f"CAST({t('CreatedDate', 'datetime')} AS DATE) AS created_date, "
        f"{t('CloseDate', 'date')} AS close_date, {t('StageName')} AS stage, "
        f"coalesce({t('IsClosed', 'bool')}, FALSE) AS is_closed, "
        f"coalesce({t('IsWon', 'bool')}, FALSE) AS is_won, {t('Type')} AS type, "
        f"{t('LeadSource')} AS lead_source FROM {raw}"
    )


def _stage_history(t: Typed, raw: str) -> tuple[str, str]:
    return "crm_stage_history", (
        f"SELECT _row, {SRC} AS source, {t('OpportunityId', 'id')} AS opportunity_id, "
        f"{t('StageName')} AS stage, {t('CreatedDate', 'datetime')} AS entered_at FROM {raw}"
    )


def _tasks(t: Typed, raw: str) -> tuple[str, str]:
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
    return "crm_activities", _activity_select(raw, t, kind, when, minutes)


def _events(t: Typed, raw: str) -> tuple[str, str]:
    subject = f"lower(coalesce({t('Subject')}, ''))"
    kind = (
        f"CASE WHEN lower(coalesce({t('Type')}, '')) LIKE '%call%' "
        f"OR {subject} LIKE 'call%' THEN 'call' ELSE 'meeting' END"
    )
    when = (
        f"coalesce({t('StartDateTime', 'datetime')}, {t('ActivityDateTime', 'datetime')}, "
        f"{t('CreatedDate', 'datetime')})"
    )
    return "crm_activities", _activity_select(raw, t, kind, when, t("DurationInMinutes", "number"))


def _contact_roles(t: Typed, raw: str) -> tuple[str, str]:
    return "crm_contact_roles", (
        f"SELECT _row, {SRC} AS source, {t('OpportunityId', 'id')} AS opportunity_id, "
        f"{t('ContactId', 'id')} AS contact_id, {t('Role')} AS role FROM {raw}"
    )


def _activity_select(raw: str, t: Typed, kind: str, when: str, minutes: str) -> str:
    # WhatId points at any object; only opportunity ids (prefix 006) are opportunities.
    what = t("WhatId", "id")
    return (
        f"SELECT _row, {SRC} AS source, {t('Id', 'id')} AS activity_id, "
        f"{t('OwnerId', 'id')} AS owner_id, "
        f"CASE WHEN {what} LIKE '006%' THEN {what} END AS opportunity_id, "
        f"coalesce({t('AccountId', 'id')}, CASE WHEN {what} LIKE '001%' THEN {what} END) "
        f"AS account_id, {kind} AS type, {when} AS occurred_at, "
        f"CAST({minutes} AS DOUBLE) AS duration_minutes FROM {raw}"
    )


def stage_salesforce_export(con: Any, directory: Path) -> StagedExport:
    """Read, check and stage every file of a Salesforce export. Writes nothing permanent."""
    if not directory.is_dir():
        raise MalformedInputError(str(directory), "is not a directory")
    con.execute(_ID18_MACROS)
    staged = StagedExport(source=SOURCE)
    for entity, (file_name, required, columns) in FILES.items():
        path = _find(directory, file_name)
        if path is None:
            if required:
                raise MalformedInputError(file_name, f"is missing from {directory}")
            continue
        raw = f"raw_{entity}"
        present = read_raw(con, path, raw)
        check_columns(con, path.name, raw, present, columns)
        table, select = _selects(entity, present, raw)
        stage_entity(con, staged, EntitySource(entity=entity, file=path.name, table=table), select)
    return staged


SELECT_BUILDERS: dict[str, Callable[[Typed, str], tuple[str, str]]] = {
    "users": _users,
    "accounts": _accounts,
    "opportunities": _opportunities,
    "stage_history": _stage_history,
    "tasks": _tasks,
    "events": _events,
    "contact_roles": _contact_roles,
}
