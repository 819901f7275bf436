"""Landed pages become the export the file importer reads: Bulk API result sets landed as CSV,
REST pages as records, each record written once as last landed, deletions applied last."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from uplift.crm.models import CrmConnection, SyncPage, SyncRun
from uplift.crm.sync.export import export_write
from uplift.crm.sync.salesforce import bulk_page
from uplift.crm.sync.salesforce_objects import salesforce_objects

OBJECTS = {o.source.name: o for o in salesforce_objects({})}
ACCOUNT = OBJECTS["Account"]
ROLE = OBJECTS["OpportunityContactRole"]


def _bulk_csv(header: list[str], rows: list[list[str]]) -> str:
    lines = [",".join(header)]
    lines += [",".join(f'"{v}"' if ("," in v or "\n" in v) else v for v in row) for row in rows]
    return "\n".join(lines) + "\n"


ACCOUNT_HEADER = [*ACCOUNT.api_fields, "IsDeleted", "SystemModstamp"]


def test_a_bulk_result_set_becomes_a_page_of_csv_in_the_export_columns() -> None:
    text = _bulk_csv(
        ACCOUNT_HEADER,
        [
            ["001A", "Acme, Inc.", "Retail", "FR", "120", "false", "2026-06-01T08:00:01.000Z"],
            ["001B", "Line\nbreak", "", "DE", "", "false", "2026-06-01T08:00:03.000Z"],
            ["001C", "Gone", "Retail", "FR", "5", "true", "2026-06-01T08:00:02.000Z"],
        ],
    )
    page = bulk_page(ACCOUNT, text, "bulk:750x:2")
    assert page.record_count == 2
    assert page.records == []
    assert page.deleted_ids == ["001C"]
    assert page.next_cursor == "bulk:750x:2"
    assert page.high_water == datetime(2026, 6, 1, 8, 0, 3, tzinfo=UTC)
    rows = list(csv.reader(page.table.splitlines(keepends=True)))
    assert rows[0] == list(ACCOUNT.source.fields)
    assert rows[1:] == [
        ["001A", "Acme, Inc.", "Retail", "FR", "120"],
        ["001B", "Line\nbreak", "", "DE", ""],
    ]


def test_a_deleted_contact_role_in_a_result_set_keeps_the_fields_of_its_key() -> None:
    text = _bulk_csv(
        [*ROLE.api_fields, "IsDeleted", "SystemModstamp"],
        [["00KA", "006A", "003A", "Decision Maker", "true", "2026-06-01T08:00:01.000Z"]],
    )
    page = bulk_page(ROLE, text, None)
    assert page.table_rows == 0
    assert page.deleted_records == [
        {"Id": "00KA", "OpportunityId": "006A", "ContactId": "003A", "Role": "Decision Maker"}
    ]


def _land(run: SyncRun, object_name: str, sequence: int, **landed: object) -> None:
    SyncPage.objects.create(run=run, object_name=object_name, sequence=sequence, **landed)


def _written(folder: Path, name: str) -> list[list[str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_each_record_is_written_once_as_last_landed_and_deletions_win(
    connection: CrmConnection, tmp_path: Path
) -> None:
    run = SyncRun.objects.create(connection=connection, full=True, trigger="command_line")
    first = bulk_page(
        ACCOUNT,
        _bulk_csv(
            ACCOUNT_HEADER,
            [
                ["001A", "Acme", "Retail", "FR", "120", "false", "2026-06-01T08:00:01.000Z"],
                ["001B", "Beta", "Retail", "DE", "7", "false", "2026-06-01T08:00:01.000Z"],
                ["001C", "Gamma", "Retail", "DE", "9", "false", "2026-06-01T08:00:01.000Z"],
            ],
        ),
        None,
    )
    second = bulk_page(
        ACCOUNT,
        _bulk_csv(
            ACCOUNT_HEADER,
            [["001D", "Delta", "Energy", "IT", "3", "false", "2026-06-01T08:00:02.000Z"]],
        ),
        None,
    )
    _land(run, "Account", 1, table=first.table)
    _land(run, "Account", 2, table=second.table)
    # Read again through REST after the cursor expired: Acme changed, Beta deleted since.
    _land(
        run,
        "Account",
        3,
        records=[
            {
                "Id": "001A",
                "Name": "Acme Group",
                "Industry": "Retail",
                "BillingCountry": "FR",
                "NumberOfEmployees": 130,
            }
        ],
        deleted_ids=["001B"],
    )
    landed = export_write(run, [ACCOUNT.source], tmp_path)
    rows = _written(tmp_path, "Account.csv")
    assert rows[0] == list(ACCOUNT.source.fields)
    assert rows[1:] == [
        ["001C", "Gamma", "Retail", "DE", "9"],
        ["001D", "Delta", "Energy", "IT", "3"],
        ["001A", "Acme Group", "Retail", "FR", "130"],
    ]
    assert landed.records == {"Account": 3}
    assert landed.deletions == {"crm_accounts": [("001B",)]}


def test_a_record_deleted_then_landed_again_is_written(
    connection: CrmConnection, tmp_path: Path
) -> None:
    run = SyncRun.objects.create(connection=connection, full=True, trigger="command_line")
    _land(
        run,
        "OpportunityContactRole",
        1,
        deleted_records=[
            {"Id": "00KA", "OpportunityId": "006A", "ContactId": "003A", "Role": "Buyer"}
        ],
    )
    again = bulk_page(
        ROLE,
        _bulk_csv(
            [*ROLE.api_fields, "IsDeleted", "SystemModstamp"],
            [
                ["00KA", "006A", "003A", "Buyer", "false", "2026-06-01T08:00:05.000Z"],
                ["00KB", "006A", "003B", "Champion", "true", "2026-06-01T08:00:05.000Z"],
            ],
        ),
        None,
    )
    _land(
        run, "OpportunityContactRole", 2, table=again.table, deleted_records=again.deleted_records
    )
    landed = export_write(run, [ROLE.source], tmp_path)
    assert _written(tmp_path, "OpportunityContactRole.csv")[1:] == [
        ["00KA", "006A", "003A", "Buyer"]
    ]
    assert landed.deletions == {"crm_contact_roles": [("006A", "003B")]}
    assert landed.deleted == {"OpportunityContactRole": 1}
