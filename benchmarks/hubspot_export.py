"""A HubSpot export made from the generated Salesforce one, for the HubSpot import benchmark.

The same organisation in HubSpot's own file and column names (owners, companies, deals, deal
stage history, engagements, meetings), with the ids in their 18-character form so references
resolve. HubSpot has no contact roles, so that file has no counterpart.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from uplift.crm.importers.csvread import csv_source, sql_string
from uplift.crm.importers.sfids import id18_sql

# file written: (Salesforce file read, columns as "SQL AS header")
FILES: dict[str, tuple[str, list[str]]] = {
    "owners.csv": (
        "User.csv",
        [
            f'{id18_sql("Id")} AS "Owner ID"',
            'FirstName AS "First Name"',
            'LastName AS "Last Name"',
            "Email",
            'Department AS "Teams"',
            'Title AS "Job title"',
        ],
    ),
    "all-companies.csv": (
        "Account.csv",
        [
            f'{id18_sql("Id")} AS "Record ID"',
            'Name AS "Company name"',
            "Industry",
            'NumberOfEmployees AS "Number of Employees"',
            'BillingCountry AS "Country/Region"',
            'Segment__c AS "Segment"',
        ],
    ),
    "all-deals.csv": (
        "Opportunity.csv",
        [
            f'{id18_sql("Id")} AS "Record ID"',
            'Name AS "Deal Name"',
            'StageName AS "Deal Stage"',
            "'Sales Pipeline' AS Pipeline",
            "Amount",
            'CloseDate AS "Close Date"',
            'CreatedDate AS "Create Date"',
            f'{id18_sql("OwnerId")} AS "Deal owner"',
            f'{id18_sql("AccountId")} AS "Associated Company IDs"',
            'Type AS "Deal Type"',
            'IsWon AS "Is Closed Won"',
            'IsClosed AS "Is Deal Closed?"',
        ],
    ),
    "deal-stage-history.csv": (
        "OpportunityHistory.csv",
        [
            f'{id18_sql("OpportunityId")} AS "Deal ID"',
            'StageName AS "Deal Stage"',
            'CreatedDate AS "Timestamp"',
        ],
    ),
    "engagements.csv": (
        "Task.csv",
        [
            f'{id18_sql("Id")} AS "Activity ID"',
            "upper(coalesce(TaskSubtype, 'TASK')) AS \"Activity type\"",
            'coalesce(ActivityDate, CreatedDate) AS "Activity date"',
            f'{id18_sql("OwnerId")} AS "HubSpot Owner ID"',
            (
                f"CASE WHEN WhatId LIKE '006%' THEN {id18_sql('WhatId')} END"
                ' AS "Associated Deal IDs"'
            ),
            f'{id18_sql("AccountId")} AS "Associated Company IDs"',
            'CAST(CallDurationInSeconds AS BIGINT) * 1000 AS "Call duration"',
        ],
    ),
    "meetings.csv": (
        "Event.csv",
        [
            f'{id18_sql("Id")} AS "Record ID"',
            'Subject AS "Meeting name"',
            'StartDateTime AS "Meeting start time"',
            'DurationInMinutes AS "Duration (minutes)"',
            f'{id18_sql("OwnerId")} AS "Activity assigned to"',
            (
                f"CASE WHEN WhatId LIKE '006%' THEN {id18_sql('WhatId')} END"
                ' AS "Associated Deal IDs"'
            ),
        ],
    ),
}


def hubspot_from_salesforce(salesforce: Path, target: Path) -> None:
    """Write the HubSpot files for the Salesforce export in `salesforce` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for name, (source, columns) in FILES.items():
            # Built from this module's own column list and the export's paths only.
            rows = f"SELECT {', '.join(columns)} FROM {csv_source(salesforce / source)}"  # noqa: S608
            con.execute(f"COPY ({rows}) TO {sql_string(str(target / name))} (HEADER)")
    finally:
        con.close()
