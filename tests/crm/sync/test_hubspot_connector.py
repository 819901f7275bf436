"""The HubSpot connector against a fake HubSpot: a full read gives the same tables as a HubSpot
export of the same records, an incremental read asks only for what changed, archived records
are reported deleted, and a read resumes from any landed cursor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.crm.sync.hubspot_fake import FakeHubSpot
from tests.crm.sync.hubspot_helpers import (
    connector,
    fake_hubspot,
    high_water,
    ids,
    import_tables,
    read,
    write_export,
)
from tests.crm.sync.hubspot_portal import write_hubspot_export
from uplift.crm.importers.system_accounts import system_reason
from uplift.crm.sync.hubspot import HubSpotConnector
from uplift.crm.sync.hubspot_api import HubSpotError
from uplift.crm.sync.hubspot_objects import HUBSPOT_OBJECTS
from uplift.crm.sync.hubspot_walk import LOOKBACK, to_ms

RECORD_OBJECTS = ("companies", "deals", "calls", "emails", "meetings", "tasks")


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeHubSpot]:
    yield from fake_hubspot(tmp_path)


def test_a_full_read_gives_the_tables_of_a_hubspot_export_of_the_same_records(
    fake: FakeHubSpot, tmp_path: Path
) -> None:
    con = connector(fake)
    landed = {obj.name: read(con, obj.name) for obj in con.objects()}

    synced = import_tables(write_export(con, landed, tmp_path / "synced"), tmp_path / "sync.duckdb")
    exported = write_hubspot_export(fake.portal, tmp_path / "exported")
    imported = import_tables(exported, tmp_path / "file.duckdb")

    assert synced == imported
    counts = {table: len(rows) for table, rows in synced.items()}
    people = [  # the integration and automated-process users are set aside, whichever way read
        o
        for o in fake.portal.owners
        if system_reason(
            name=f"{o['firstName']} {o['lastName']}", email=o["email"], user_type=None, profile=None
        )
        is None
    ]
    assert len(people) == len(fake.portal.owners) - 2
    assert counts == {
        "crm_reps": len(people),
        "crm_accounts": len(fake.portal.objects["companies"]),
        "crm_opportunities": len(fake.portal.objects["deals"]),
        "crm_stage_history": sum(len(d.history) for d in fake.portal.objects["deals"].values()),
        "crm_activities": sum(
            len(fake.portal.objects[k]) for k in ("calls", "emails", "meetings", "tasks")
        ),
    }


def test_a_full_read_lists_every_object_and_searches_nothing(fake: FakeHubSpot) -> None:
    con = connector(fake)
    for obj in con.objects():
        read(con, obj.name)

    assert fake.count("POST", "/search") == 0
    for kind in RECORD_OBJECTS:
        pages = -(-len(fake.portal.objects[kind]) // 100)  # 100 a page
        # Each page once and the archived records once; deals twice (their stage history).
        listings = pages * (2 if kind == "deals" else 1) + 1
        assert fake.count("GET", f"/crm/v3/objects/{kind}") == listings
    assert fake.count("GET", "/crm/v3/pipelines/deals") == 1


def test_deal_stages_are_read_by_label_with_their_pipeline_flags(fake: FakeHubSpot) -> None:
    deals = {
        row["hs_object_id"]: row for page in read(connector(fake), "deals") for row in page.records
    }
    renewed = next(
        d
        for d in fake.portal.objects["deals"].values()
        if d.properties["dealstage"]
        and fake.portal.stage(d.properties["dealstage"])["label"] == "Renewed (signed)"
    )
    churned = next(
        d
        for d in fake.portal.objects["deals"].values()
        if d.properties["dealstage"]
        and fake.portal.stage(d.properties["dealstage"])["label"] == "Churned"
    )

    # Neither label says "won" or "lost": only the stage's metadata does.
    assert deals[renewed.id]["dealstage"] == "Renewed (signed)"
    assert (deals[renewed.id]["hs_is_closed"], deals[renewed.id]["hs_is_closed_won"]) == (
        "true",
        "true",
    )
    assert (deals[churned.id]["hs_is_closed"], deals[churned.id]["hs_is_closed_won"]) == (
        "true",
        "false",
    )
    assert deals[renewed.id]["dealtype"] == "Existing Business"  # the choice's label
    assert (
        deals[renewed.id]["Associated Company IDs"]
        == fake.portal.associated("deals", "companies", renewed.id)[0]
    )


def test_an_incremental_read_asks_only_for_what_changed(fake: FakeHubSpot) -> None:
    con = connector(fake)
    marks = {name: high_water(read(con, name)) for name in RECORD_OBJECTS}
    # What was modified in the last minutes before a read is read again (the search index lags).
    recent = {
        name: {
            r.id
            for r in fake.portal.objects[name].values()
            if r.modified >= to_ms(marks[name] - LOOKBACK)
        }
        for name in RECORD_OBJECTS
    }
    deals = sorted(fake.portal.objects["deals"])[:3]
    for deal_id in deals:
        fake.touch("deals", deal_id, amount="1234.50")
    company = sorted(fake.portal.objects["companies"])[5]
    fake.touch("companies", company, name="Renamed Ltd")
    fake.requests.clear()

    changed = {name: read(connector(fake), name, since=marks[name]) for name in RECORD_OBJECTS}

    assert set(ids(changed["deals"], "deals")) == {*deals, *recent["deals"]}
    assert set(ids(changed["companies"], "companies")) == {company, *recent["companies"]}
    for name in ("calls", "emails", "meetings", "tasks"):
        assert set(ids(changed[name], name)) == recent[name]
    amounts = {
        row["hs_object_id"]: row["amount"] for page in changed["deals"] for row in page.records
    }
    assert [amounts[deal] for deal in deals] == ["1234.50"] * 3
    # One search per object, one list of archived records each, no full list.
    assert fake.count("POST", "/search") == len(RECORD_OBJECTS)
    listed = [r for r in fake.requests if r.method == "GET" and "/objects/" in r.path]
    assert len(listed) == len(RECORD_OBJECTS)
    assert all(r.query["archived"][0].lower() == "true" for r in listed)
    assert high_water(changed["deals"]) == fake.now() - timedelta(seconds=1)


def test_a_second_read_with_nothing_changed_finds_nothing(fake: FakeHubSpot) -> None:
    con = connector(fake)
    for name in ("owners", *RECORD_OBJECTS, "deal_stage_history"):
        mark = high_water(read(con, name))
        again = read(connector(fake), name, since=mark + timedelta(minutes=10) if mark else None)
        assert ids(again, name) == [], name
        assert [gone for page in again for gone in page.deleted_ids] == []


def test_archived_records_since_the_last_read_are_reported_deleted(fake: FakeHubSpot) -> None:
    con = connector(fake)
    old = min(fake.portal.objects["deals"])
    fake.archive("deals", old)
    mark = high_water(read(con, "deals"))
    fake.clock += 3_600_000  # an hour later, two more deals are deleted
    gone = sorted(fake.portal.objects["deals"])[1:3]
    for deal_id in gone:
        fake.archive("deals", deal_id)

    pages = read(connector(fake), "deals", since=mark + timedelta(minutes=30))

    assert [deal for page in pages for deal in page.deleted_ids] == gone
    assert old not in ids(pages, "deals")


def test_archived_owners_are_read_as_inactive_reps(fake: FakeHubSpot) -> None:
    rows = {row["id"]: row for page in read(connector(fake), "owners") for row in page.records}
    archived = {o["id"] for o in fake.portal.owners if o["archived"]}

    assert archived
    assert {i for i, row in rows.items() if row["archived"] == "true"} == archived
    assert len(rows) == len(fake.portal.owners)


@pytest.mark.parametrize("name", ["companies", "deal_stage_history", "owners"])
def test_a_read_resumes_from_any_landed_cursor(fake: FakeHubSpot, name: str) -> None:
    whole = read(connector(fake), name)
    for stop in range(1, len(whole)):
        cursor = whole[stop - 1].next_cursor
        assert cursor is not None
        resumed = whole[:stop] + read(connector(fake), name, cursor=cursor)
        assert ids(resumed, name) == ids(whole, name)


def test_a_resumed_search_gives_each_changed_record_once(fake: FakeHubSpot) -> None:
    start = fake.now()
    touched = sorted(fake.portal.objects["companies"])[:9]
    for company in touched:
        fake.touch("companies", company)
    con = connector(fake, search_page=2, max_search_results=4)
    whole = read(con, "companies", since=start)
    for stop in range(1, len(whole)):
        cursor = whole[stop - 1].next_cursor
        assert cursor is not None
        resumed = whole[:stop] + read(
            connector(fake, search_page=2, max_search_results=4), "companies", cursor=cursor
        )
        assert sorted(ids(resumed, "companies")) == touched


def test_every_object_is_declared_once_in_reference_order() -> None:
    names = [obj.source.name for obj in HUBSPOT_OBJECTS]
    assert len(set(names)) == len(names)
    assert names.index("owners") < names.index("deals") < names.index("calls")
    assert names.index("companies") < names.index("deals") < names.index("deal_stage_history")


def test_a_mapped_custom_property_gives_the_segment_by_its_label(fake: FakeHubSpot) -> None:
    tiers = {"TIER_1": "Tier 1", "TIER_2": "Tier 2"}
    for index, company in enumerate(fake.portal.objects["companies"].values()):
        company.properties["customer_tier"] = "TIER_1" if index % 2 else "TIER_2"
    fake.portal.properties["companies"].append(
        {
            "name": "customer_tier",
            "label": "Customer tier",
            "type": "enumeration",
            "fieldType": "select",
            "groupName": "companyinformation",
            "description": "",
            "options": [
                {"label": label, "value": value, "displayOrder": i, "hidden": False}
                for i, (value, label) in enumerate(tiers.items())
            ],
        }
    )
    con = HubSpotConnector(
        connector(fake).api, now=fake.now, mapping={"segment": "companies.customer_tier"}
    )

    rows = [row for page in read(con, "companies") for row in page.records]

    assert {row["segment"] for row in rows} == {"Tier 1", "Tier 2"}
    listed = [r for r in fake.requests if r.path == "/crm/v3/objects/companies"]
    assert "customer_tier" in listed[0].query["properties"]


@pytest.mark.parametrize(
    ("mapping", "words"),
    [
        ({"quota": {"object": "Quota"}}, "not 'quota'"),
        ({"segment": "deals.tier"}, "companies.<property name>"),
        ({"product": "deals."}, "deals.<property name>"),
    ],
)
def test_a_mapping_hubspot_cannot_read_is_refused_saying_why(
    fake: FakeHubSpot, mapping: dict[str, object], words: str
) -> None:
    with pytest.raises(HubSpotError, match=re.escape(words)):
        HubSpotConnector(connector(fake).api, mapping=mapping)
