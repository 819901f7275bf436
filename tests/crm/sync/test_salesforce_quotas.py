"""Quotas from the organisation's own quota object, named in the connection's field mapping."""

from __future__ import annotations

from datetime import date

from tests.analytics_store import organisation_rows
from tests.crm.sync.conftest import MAPPING, sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_settings_update

QUOTA = {
    "object": "Sales_Quota__c",
    "rep": "Rep__c",
    "start": "Period_Start__c",
    "end": "Period_End__c",
    "amount": "Target__c",
}


def test_a_mapped_quota_object_fills_the_quotas_and_its_deletions_leave(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    org = salesforce.org
    org.records["Sales_Quota__c"] = {}
    reps = [u["Id"] for u in org.live("User")][:3]
    for number, rep in enumerate(reps):
        org.add(
            "Sales_Quota__c",
            {
                "Id": f"a0B5g00000Qq{number:03d}AAA",
                "Rep__c": rep,
                "Period_Start__c": "2026-04-01",
                "Period_End__c": "2026-06-30",
                "Target__c": 250000.0 + number,
            },
        )
    connection_settings_update(connection=connection, field_mapping={**MAPPING, "quota": QUOTA})

    sync(connection)

    quotas = organisation_rows(
        connection.organisation,
        "SELECT rep_id, period_start, period_end, amount_cents FROM crm_quotas ORDER BY 1",
    )
    expected = sorted(
        (rep, date(2026, 4, 1), date(2026, 6, 30), 25_000_000 + 100 * n)
        for n, rep in enumerate(reps)
    )
    assert quotas == expected

    org.delete("Sales_Quota__c", "a0B5g00000Qq000AAA")
    result = sync(connection)
    assert result.deleted == {"quotas": 1}
    left = organisation_rows(connection.organisation, "SELECT rep_id FROM crm_quotas ORDER BY 1")
    assert left == sorted((rep,) for rep in reps[1:])
