"""Syncing Salesforce against a local HTTPS server answering as Salesforce's APIs do: the same
tables as a file import, incremental syncs that ask only for changes, deletions, references
checked against the store, and a sync with nothing new that changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analytics_store import organisation_rows
from tests.crm.sync.conftest import sync
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.tables import file_import_tables, store_tables
from uplift.core.models import Job
from uplift.crm.models import CrmConnection, ImportRecord, SyncMark, SyncPage
from uplift.orgs.models import Organisation

LARGE = ("Opportunity", "OpportunityHistory", "OpportunityContactRole", "Task", "Event")


def _current_version(organisation: Organisation) -> str:
    return Organisation.objects.get(pk=organisation.pk).analytics_store


def test_a_first_full_sync_gives_the_tables_a_file_import_of_the_same_records_gives(
    connection: CrmConnection, salesforce: FakeSalesforce, export_dir: Path, tmp_path: Path
) -> None:
    result = sync(connection, full=True)
    assert result.status == "succeeded"
    assert store_tables(connection.organisation) == file_import_tables(export_dir, tmp_path)
    # Former reps are not among the users: their deals are kept and reported, as imports do.
    missing = {m.meaning for m in result.missing_references}
    assert "opportunity owners missing from the users" in missing
    record = ImportRecord.objects.get(sync_run_id=result.run_id)
    assert record.result == "succeeded"
    assert record.ran_by.startswith("uplift sync")
    assert record.rows_read == sum(result.records_written.values())
    assert SyncMark.objects.filter(connection=connection).count() == 7
    assert not SyncPage.objects.exists()  # the landed pages go once imported
    assert Job.objects.filter(kind="analysis").count() == 1  # fresh data is analysed


def test_large_objects_read_through_bulk_api_jobs_give_the_same_tables(
    connection: CrmConnection, salesforce: FakeSalesforce, export_dir: Path, tmp_path: Path
) -> None:
    result = sync(connection, full=True, connector={"bulk_threshold": 0, "page_size": 150})
    assert result.status == "succeeded"
    assert store_tables(connection.organisation) == file_import_tables(export_dir, tmp_path)
    bulk = {name for name, page in salesforce.served.pages if page.startswith("bulk:")}
    assert bulk == set(LARGE)
    assert salesforce.served.requests["bulk"] >= 3 * len(LARGE)  # create, poll, results


def test_an_incremental_sync_asks_only_for_what_changed(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection)
    org = salesforce.org
    deals = org.live("Opportunity")[:2]
    for deal in deals:
        org.change("Opportunity", deal["Id"], Amount=123456.78)
    task = dict(org.live("Task")[0], Id="00T5g009Zz99999AAA", Subject="Call: new")
    org.add("Task", task)
    gone = org.live("Event")[0]["Id"]
    org.delete("Event", gone)
    salesforce.served.records.clear()

    result = sync(connection)

    served = {name: n for name, n in salesforce.served.records.items() if n}
    assert served == {"Opportunity": 2, "Task": 1, "Event": 1}
    assert result.records_written["Opportunity"] == 2
    assert result.deleted == {"activities": 1}
    ids = ", ".join(f"'{d['Id']}'" for d in deals)
    amounts = organisation_rows(
        connection.organisation,
        f"SELECT amount_cents FROM crm_opportunities WHERE opportunity_id IN ({ids})",
    )
    assert amounts == [(12345678,), (12345678,)]
    activities = organisation_rows(
        connection.organisation,
        f"SELECT activity_id FROM crm_activities WHERE activity_id IN ('{gone}', '{task['Id']}')",
    )
    assert activities == [(task["Id"],)]


def test_one_changed_user_brings_every_user_for_the_manager_chain(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection)
    org = salesforce.org
    rep = next(u for u in org.live("User") if u["ManagerId"])
    org.change("User", rep["Id"], Title="Senior Account Executive")
    salesforce.served.records.clear()

    sync(connection)

    assert salesforce.served.records["User"] == len(org.records["User"])
    titles = organisation_rows(
        connection.organisation,
        f"SELECT title FROM crm_reps WHERE rep_id = '{rep['Id']}'",
    )
    assert titles == [("Senior Account Executive",)]


def test_a_sync_with_nothing_changed_changes_nothing(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection)
    version, analyses = _current_version(connection.organisation), Job.objects.count()
    before = store_tables(connection.organisation)

    result = sync(connection)

    assert not result.changed
    assert _current_version(connection.organisation) == version  # not even a new copy
    assert Job.objects.count() == analyses  # nothing to analyse again
    assert store_tables(connection.organisation) == before
    assert ImportRecord.objects.filter(sync_run__connection=connection).count() == 2


def test_a_deleted_opportunity_leaves_the_analysis_with_its_history_and_contact_roles(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection)
    org = salesforce.org
    roles = org.live("OpportunityContactRole")
    deal = roles[0]["OpportunityId"]
    org.delete("Opportunity", deal)
    other_role = next(r for r in roles if r["OpportunityId"] != deal)
    org.delete("OpportunityContactRole", other_role["Id"])

    result = sync(connection)

    assert result.deleted["opportunities"] == 1
    assert result.deleted["stage history"] >= 1
    for table in ("crm_opportunities", "crm_stage_history", "crm_contact_roles"):
        left = organisation_rows(
            connection.organisation,
            f"SELECT count(*) FROM {table} WHERE opportunity_id = '{deal}'",
        )
        assert left == [(0,)], table
    role_left = organisation_rows(
        connection.organisation,
        "SELECT count(*) FROM crm_contact_roles WHERE opportunity_id = "
        f"'{other_role['OpportunityId']}' AND contact_id = '{other_role['ContactId']}'",
    )
    assert role_left == [(0,)]
    record = ImportRecord.objects.get(sync_run_id=result.run_id)
    assert record.rows_deleted == sum(result.deleted.values())


def test_an_incremental_sync_checks_references_against_the_store(
    connection: CrmConnection, salesforce: FakeSalesforce
) -> None:
    sync(connection)
    org = salesforce.org
    users = {u["Id"] for u in org.live("User")}
    deal = next(d for d in org.live("Opportunity") if d["OwnerId"] in users)
    org.change("Opportunity", deal["Id"], StageName="Negotiation")  # its owner synced before
    stranger = "0055g000Zz00001AAA"
    newcomer = dict(deal, Id="0065g009Zz99999AAA", OwnerId=stranger)
    org.add("Opportunity", newcomer)  # owned by a user not synced

    result = sync(connection)

    owners = next(
        m for m in result.missing_references if m.meaning.startswith("opportunity owners")
    )
    assert owners.ids == [stranger]
    assert owners.rows == 1


@pytest.mark.parametrize("full", [False, True])
def test_every_sync_is_in_the_import_history_with_what_started_it(
    connection: CrmConnection, salesforce: FakeSalesforce, full: bool
) -> None:
    result = sync(connection, full=full, trigger="scheduled")
    record = ImportRecord.objects.get(sync_run_id=result.run_id)
    assert record.ran_by == "scheduled sync"
    assert record.source == "salesforce"


@pytest.mark.parametrize("bulk", [False, True])
def test_a_record_stamped_in_the_marks_second_after_the_sync_read_it_is_not_skipped(
    connection: CrmConnection, salesforce: FakeSalesforce, bulk: bool
) -> None:
    connector = {"bulk_threshold": 0, "page_size": 150} if bulk else {}
    sync(connection, connector=connector)
    org = salesforce.org
    first, late = org.live("Opportunity")[:2]
    org.change("Opportunity", first["Id"], Amount=1000.0)
    sync(connection, connector=connector)  # the mark is now the second `first` changed in
    mark = SyncMark.objects.get(connection=connection, object_name="Opportunity")
    assert mark.ids_at_mark == [first["Id"]]
    # Written in that same second, but after the sync read it.
    org.change_now("Opportunity", late["Id"], Amount=2000.0)
    salesforce.served.records.clear()

    result = sync(connection, connector=connector)

    assert result.changed
    assert salesforce.served.records["Opportunity"] == 1  # `first` is not read again
    amounts = organisation_rows(
        connection.organisation,
        f"SELECT amount_cents FROM crm_opportunities WHERE opportunity_id = '{late['Id']}'",
    )
    assert amounts == [(200000,)]
    mark.refresh_from_db()
    assert mark.ids_at_mark == sorted([first["Id"], late["Id"]])

    version = _current_version(connection.organisation)
    salesforce.served.records.clear()
    again = sync(connection, connector=connector)

    assert not again.changed
    assert salesforce.served.records["Opportunity"] == 0
    assert _current_version(connection.organisation) == version
