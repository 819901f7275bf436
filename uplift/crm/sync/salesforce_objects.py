"""What the Salesforce sync reads: the objects, their fields, and the connection's field mapping.

Each object's fields are the columns of its file in a Salesforce export (the names
uplift/crm/importers/salesforce.py reads), so the landed records import exactly as a file export
of the same records would. Standard fields are read by their own names; custom fields only when
the connection's mapping names them, because an organisation's custom fields are its own:

    {"segment": "Account.Customer_Tier__c", "region": "Account.Sales_Region__c",
     "product": "Opportunity.Product_Line__c", "hire_date": "User.Start_Date__c",
     "currency": "Opportunity.CurrencyIsoCode",
     "quota": {"object": "Quota__c", "rep": "OwnerId", "start": "Start_Date__c",
               "end": "End_Date__c", "amount": "Amount__c"}}

A mapped field is read under its own name and written in the export's column for it
(`Segment__c`, `Region__c`, `Product__c`, `Hire_Date__c`, `CurrencyIsoCode`); quotas, when mapped,
become the export's `Quota.csv` (OwnerId, StartDate, EndDate, Amount).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from uplift.core.refusals import Invalid
from uplift.crm.sync.connector import SourceObject

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")  # an API name: nothing else enters SOQL


@dataclass(frozen=True)
class SalesforceObject:
    """One object as the sync reads it: what the engine sees, and how to ask for it."""

    source: SourceObject
    api_name: str  # the object queried (a mapped quota object has its own name)
    api_fields: tuple[str, ...]  # the field queried for each export column, in the same order
    large: bool  # may hold millions of records: read through the Bulk API 2.0 when many changed
    whole: bool = False  # read in full whenever one of its records changed (users)


def _object(
    name: str,
    export_file: str,
    canonical_table: str,
    fields: tuple[str, ...],
    *,
    large: bool,
    whole: bool = False,
    key_fields: tuple[str, ...] = (),
) -> SalesforceObject:
    return SalesforceObject(
        source=SourceObject(
            name=name,
            export_file=export_file,
            fields=fields,
            canonical_table=canonical_table,
            key_fields=key_fields,
        ),
        api_name=name,
        api_fields=fields,
        large=large,
        whole=whole,
    )


# The export column each mappable custom field is written in, on its object.
MAPPABLE: dict[str, tuple[str, str]] = {
    "hire_date": ("User", "Hire_Date__c"),
    "segment": ("Account", "Segment__c"),
    "region": ("Account", "Region__c"),
    "currency": ("Opportunity", "CurrencyIsoCode"),
    "product": ("Opportunity", "Product__c"),
}
QUOTA_PARTS = ("object", "rep", "start", "end", "amount")
QUOTA_COLUMNS = ("Id", "OwnerId", "StartDate", "EndDate", "Amount")

STANDARD: tuple[SalesforceObject, ...] = (
    # Users are few and read whole whenever one changed: the manager chain that puts reps in
    # teams needs every user, not only those changed since the last sync.
    _object(
        "User",
        "User.csv",
        "crm_reps",
        (
            "Id",
            "Name",
            "FirstName",
            "LastName",
            "Email",
            "Title",
            "ManagerId",
            "Department",
            "Division",
            "IsActive",
            "CreatedDate",
        ),
        large=False,
        whole=True,
    ),
    _object(
        "Account",
        "Account.csv",
        "crm_accounts",
        ("Id", "Name", "Industry", "BillingCountry", "NumberOfEmployees"),
        large=False,
    ),
    _object(
        "Opportunity",
        "Opportunity.csv",
        "crm_opportunities",
        (
            "Id",
            "OwnerId",
            "AccountId",
            "Name",
            "Amount",
            "CreatedDate",
            "CloseDate",
            "StageName",
            "IsClosed",
            "IsWon",
            "Type",
            "LeadSource",
        ),
        large=True,
    ),
    _object(
        "OpportunityHistory",
        "OpportunityHistory.csv",
        "crm_stage_history",
        ("Id", "OpportunityId", "StageName", "CreatedDate"),
        large=True,
    ),
    _object(
        "OpportunityContactRole",
        "OpportunityContactRole.csv",
        "crm_contact_roles",
        ("Id", "OpportunityId", "ContactId", "Role"),
        large=True,
        key_fields=("OpportunityId", "ContactId"),
    ),
    _object(
        "Task",
        "Task.csv",
        "crm_activities",
        (
            "Id",
            "OwnerId",
            "WhatId",
            "AccountId",
            "Subject",
            "TaskSubtype",
            "Type",
            "ActivityDate",
            "CreatedDate",
            "CallDurationInSeconds",
        ),
        large=True,
    ),
    _object(
        "Event",
        "Event.csv",
        "crm_activities",
        (
            "Id",
            "OwnerId",
            "WhatId",
            "AccountId",
            "Subject",
            "Type",
            "StartDateTime",
            "ActivityDateTime",
            "DurationInMinutes",
            "CreatedDate",
        ),
        large=True,
    ),
)


def _api_name(value: Any, *, what: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise Invalid(f"{what}: {value!r} is not a Salesforce API name.", field="field_mapping")
    return value


def mapping_check(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The mapping, checked: known keys, `Object.Field` on the right object, API names only."""
    checked: dict[str, Any] = {}
    for key, value in mapping.items():
        if key == "quota":
            if not isinstance(value, Mapping) or set(value) != set(QUOTA_PARTS):
                raise Invalid(
                    f"quota maps {', '.join(QUOTA_PARTS)}: the quota object and its rep, start "
                    "date, end date and amount fields.",
                    field="field_mapping",
                )
            checked[key] = {part: _api_name(value[part], what=f"quota {part}") for part in value}
            continue
        if key not in MAPPABLE:
            known = ", ".join([*MAPPABLE, "quota"])
            raise Invalid(f"{key!r} cannot be mapped; these can: {known}.", field="field_mapping")
        wanted = MAPPABLE[key][0]
        parts = value.split(".") if isinstance(value, str) else []
        if len(parts) != 2 or parts[0] != wanted:
            raise Invalid(
                f"{key} comes from a field of {wanted}: write {wanted}.FieldName__c.",
                field="field_mapping",
            )
        checked[key] = f"{wanted}.{_api_name(parts[1], what=key)}"
    return checked


def salesforce_objects(mapping: Mapping[str, Any]) -> list[SalesforceObject]:
    """Every object the sync reads, with the mapped custom fields, in the order the engine
    reads them (users and accounts before the records that refer to them)."""
    mapping = mapping_check(mapping)
    extra: dict[str, list[tuple[str, str]]] = {}  # object -> [(export column, api field)]
    for key, (object_name, column) in MAPPABLE.items():
        if key in mapping:
            extra.setdefault(object_name, []).append((column, mapping[key].split(".")[1]))
    objects = []
    for standard in STANDARD:
        added = extra.get(standard.api_name, [])
        if not added:
            objects.append(standard)
            continue
        columns = (*standard.source.fields, *(column for column, _ in added))
        fields = (*standard.api_fields, *(field for _, field in added))
        source = SourceObject(
            name=standard.source.name,
            export_file=standard.source.export_file,
            fields=columns,
            canonical_table=standard.source.canonical_table,
            key_fields=standard.source.key_fields,
        )
        objects.append(
            SalesforceObject(source, standard.api_name, fields, standard.large, standard.whole)
        )
    quota = mapping.get("quota")
    if quota:
        source = SourceObject(
            name=quota["object"],
            export_file="Quota.csv",
            fields=QUOTA_COLUMNS,
            canonical_table="crm_quotas",
            key_fields=("OwnerId", "StartDate"),  # a quota row is its rep and period
        )
        api_fields = ("Id", quota["rep"], quota["start"], quota["end"], quota["amount"])
        objects.append(SalesforceObject(source, quota["object"], api_fields, large=False))
    return objects
