# ruff: noqa: E501  (export rows read as the files they are)
"""CRM system accounts — integration, automation and API users that own no deals — are kept out
of the reps (so of rankings), the people (so of pickers and recognition), and listed in the
import summary, for every source: Salesforce (user type, profile, name), HubSpot (a queue) and a
mapped export (by name or address). One that owns deals is kept and said to look like one."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.crm import hubspot_fixtures, salesforce_fixtures
from tests.crm.test_mapped_import import FILES as MAPPED_FILES
from tests.crm.test_mapped_import import write_export as write_mapped
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.cli import main
from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.crm.importers.system_accounts import system_reason
from uplift.orgs.models import Person

INTEGRATION = (
    "0055g00000INTEGAAA,Integration User,Integration,User,integration@example.com,,,,,true,"
    "2019-01-01T09:00:00.000Z"
)
SF_USERS = [
    salesforce_fixtures.USERS[0] + ",UserType,Profile.Name",
    *(line + ",Standard,Standard User" for line in salesforce_fixtures.USERS[1:]),
    INTEGRATION + ",Standard,Analytics Cloud Integration User",
    "0055g00000AUTOPAAA,Automated Process,Automated,Process,autoproc@example.com,,,,,true,2019-01-01T09:00:00.000Z,AutomatedProcess,",
    "0055g00000APIUSAAA,Sync Service,Sync,Service,sync@example.com,,,,,true,2019-01-01T09:00:00.000Z,Standard,Salesforce API Only System Integrations",
]
# The API-only user owns a deal: it stays, reported; the integration user logs a task.
SF_OPPORTUNITIES = [
    *salesforce_fixtures.OPPORTUNITIES,
    "0065g00000OPP09AAA,Synced deal,0015g00000ACCT1AAA,0055g00000APIUSAAA,900,USD,2024-02-03T10:00:00.000Z,2024-05-01,Prospecting,false,false,New Business,Enterprise",
]
SF_TASKS = [
    *salesforce_fixtures.TASKS,
    "00T5g00000TASK9AAA,0055g00000INTEGAAA,0065g00000OPP01AAA,0015g00000ACCT1AAA,Email: sync,Email,2024-01-22,2024-01-22T15:00:00.000Z,,Completed",
]


def _sf_export(directory: Path) -> Path:
    return salesforce_fixtures.write_export(
        directory,
        {"User.csv": SF_USERS, "Opportunity.csv": SF_OPPORTUNITIES, "Task.csv": SF_TASKS},
    )


def _reps(url: str) -> set[str]:
    with duckdb.connect(url.removeprefix("duckdb://"), read_only=True) as con:
        return {row[0] for row in con.execute("SELECT name FROM crm_reps").fetchall()}


def test_what_reads_as_a_system_account() -> None:
    def reason(
        name: str | None = None,
        email: str | None = None,
        user_type: str | None = None,
        profile: str | None = None,
    ) -> str | None:
        return system_reason(name=name, email=email, user_type=user_type, profile=profile)

    assert reason(user_type="AutomatedProcess") == "user type AutomatedProcess"
    assert reason(user_type="QUEUE") == "user type QUEUE"
    assert reason(profile="Salesforce API Only System Integrations") is not None
    assert reason(name="Integration User") == "named “Integration User”"
    assert reason(name="HubSpot Integration") is not None
    assert reason(name="API") is not None
    assert reason(email="no-reply@example.com") is not None
    for person in ("Abbott Talbot", "Sam Ortega", "Priya Natarajan", "Rita Rep", "Apia Lemalu"):
        assert reason(name=person, email=f"{person.split()[0].lower()}@example.com") is None
    assert reason(name="Sam Ortega", user_type="Standard", profile="Standard User") is None


def test_salesforce_system_accounts_are_set_aside_and_listed(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    summary = import_export(
        stager=stage_salesforce_export, location=_sf_export(tmp_path / "e"), analytics_url=url
    )
    aside = {(a.name, a.reason) for a in summary.system_accounts_set_aside}
    assert aside == {
        ("Integration User", "profile “Analytics Cloud Integration User”"),
        ("Automated Process", "user type AutomatedProcess"),
    }
    (kept,) = summary.system_accounts_kept
    assert (kept.name, kept.deals) == ("Sync Service", 1)
    reps = _reps(url)
    assert "Integration User" not in reps
    assert "Automated Process" not in reps
    assert {"Rita Rep", "Sync Service"} <= reps
    # The integration user's task refers to a user the summary lists: not a missing one.
    owners = [r for r in summary.missing_references if r.field == "owner_id"]
    assert all("0055g00000INTEGAAA" not in r.ids for r in owners)
    data = summary.as_dict()
    assert [a["name"] for a in data["system_accounts_kept"]] == ["Sync Service"]
    assert len(data["system_accounts_set_aside"]) == 2


def test_a_hubspot_queue_owning_no_deals_is_set_aside(tmp_path: Path) -> None:
    owners = [
        hubspot_fixtures.OWNERS[0] + ",Type",
        *(line + ",PERSON" for line in hubspot_fixtures.OWNERS[1:]),
        "104,Inbound,Queue,inbound@example.com,,false,QUEUE",
    ]
    export = hubspot_fixtures.write_export(tmp_path / "hs", {"owners.csv": owners})
    url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    summary = import_export(stager=stage_hubspot_export, location=export, analytics_url=url)
    assert [(a.rep_id, a.reason) for a in summary.system_accounts_set_aside] == [
        ("104", "user type QUEUE")
    ]
    assert "Inbound Queue" not in _reps(url)
    assert "Hana Hub" in _reps(url)


def test_a_mapped_export_sets_aside_a_system_account_by_its_name(tmp_path: Path) -> None:
    people = [*MAPPED_FILES["people.csv"], "integration@example.com,Zapier Integration,,"]
    mapping = write_mapped(tmp_path / "mapped", {"people.csv": people})
    url = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    summary = import_export(stager=stage_mapped_export, location=mapping, analytics_url=url)
    assert [a.name for a in summary.system_accounts_set_aside] == ["Zapier Integration"]
    assert "Zapier Integration" not in _reps(url)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_lists_them_and_no_person_is_made_of_them(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    export = _sf_export(tmp_path / "e")
    table = CliRunner().invoke(main, ["import", "salesforce", str(export)])
    assert table.exit_code == 0, table.output
    assert "Set aside 2 CRM system accounts" in table.output
    assert "Integration User (0055g00000INTEGAAA): profile" in table.output
    assert "Kept Sync Service (0055g00000APIUSAAA)" in table.output
    names = set(Person.objects.values_list("full_name", flat=True))
    assert "Rita Rep" in names
    assert not names & {"Integration User", "Automated Process"}
    again = CliRunner().invoke(main, ["import", "salesforce", str(export), "--json"])
    listed = json.loads(again.stdout)["system_accounts_set_aside"]
    assert {a["rep_id"] for a in listed} == {"0055g00000INTEGAAA", "0055g00000AUTOPAAA"}


@pytest.mark.django_db(transaction=True)
def test_a_system_account_imported_before_stops_being_a_person(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    old_users = [*salesforce_fixtures.USERS, INTEGRATION]  # no user type: named like one
    first = salesforce_fixtures.write_export(tmp_path / "first", {"User.csv": old_users})
    runner = CliRunner()
    assert runner.invoke(main, ["import", "salesforce", str(first)]).exit_code == 0
    # Named "Integration User" and owning no deals: set aside from the first import on.
    assert not Person.objects.filter(full_name="Integration User").exists()
    Person.objects.create_user(  # as an earlier version of Uplift made it
        "integration@example.com",
        full_name="Integration User",
        crm_user_id="0055g00000INTEGAAA",
        organisation=Person.objects.get(full_name="Rita Rep").organisation,
    )
    assert runner.invoke(main, ["import", "salesforce", str(first)]).exit_code == 0
    assert not Person.objects.get(full_name="Integration User").is_active


@pytest.fixture(params=engine_params())
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = request.param if request.param != "duckdb://" else f"duckdb://{tmp_path / 'a.duckdb'}"
    backend = engine.connect(url)
    for table in CANONICAL_TABLES:
        backend.drop_table(table.name, force=True)
    backend.disconnect()
    return url


def test_a_system_account_an_earlier_import_stored_leaves_the_store(
    tmp_path: Path, any_store: str
) -> None:
    """On DuckDB and PostgreSQL alike: once read as a system account, the rep row goes."""
    export = _sf_export(tmp_path / "e")
    import_export(stager=stage_salesforce_export, location=export, analytics_url=any_store)
    backend = engine.connect(any_store)
    try:  # as an earlier version of Uplift stored it
        backend.raw_sql(
            "INSERT INTO crm_reps (source, rep_id, name, active) "
            "VALUES ('salesforce', '0055g00000INTEGAAA', 'Integration User', TRUE)"
        )
        if hasattr(backend.con, "commit"):
            backend.con.commit()
    finally:
        backend.disconnect()
    import_export(stager=stage_salesforce_export, location=export, analytics_url=any_store)
    backend = engine.connect(any_store)
    try:
        names = set(backend.table("crm_reps").to_pyarrow().column("name").to_pylist())
    finally:
        backend.disconnect()
    assert "Integration User" not in names
    assert "Rita Rep" in names
