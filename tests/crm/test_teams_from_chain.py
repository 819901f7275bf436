"""Teams built from the manager chain: the same team in the web app and in the analytics store."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from tests.analytics_store import organisation_rows
from tests.realistic_exports import write_b2b_export
from uplift.crm.chain import ChainRow, chain_team_of, chain_teams
from uplift.crm.services import crm_import
from uplift.orgs.models import Organisation, Person
from uplift.orgs.services import organisation_get_or_create

# Reps known by name, each with a manager column; no team column anywhere. Kim leads the two
# managers, who each have reps; Lou also manages Max, who manages no one.
MAPPING = """
source = "sheet"

[keys]
rep = "name"

[reps]
file = "reps.csv"
[reps.columns]
name = "Rep"
manager_id = "Manager"
region = "Office"

[opportunities]
file = "deals.csv"
[opportunities.columns]
opportunity_id = "Deal"
owner_id = "Owner"
amount_cents = "Value"
close_date = { column = "Closed", formats = ["%m/%d/%Y"] }
is_won = { column = "Result", map = { won = true, lost = false } }
is_closed = { value = true }
"""
FILES = {
    "reps.csv": [
        "Rep,Manager,Office",
        "Kim Boss,,HQ",
        "Jo Lead,Kim Boss,North",
        "Lou Lead,Kim Boss,South",
        "Ann Rep,Jo Lead,North",
        "Ben Rep,Jo Lead,North",
        "Cy Rep,Lou Lead,South",
        "Max Rep,Lou Lead,South",
    ],
    "deals.csv": [
        "Deal,Owner,Value,Closed,Result",
        'D1,Ann Rep,"$1,200.00",12/31/2025,won',
        "D2,Cy Rep,$90,1/5/2025,lost",
    ],
}
EXPECTED = {
    "name:jo lead": "Jo Lead's team",
    "name:ann rep": "Jo Lead's team",
    "name:ben rep": "Jo Lead's team",
    "name:lou lead": "Lou Lead's team",
    "name:cy rep": "Lou Lead's team",
    "name:max rep": "Lou Lead's team",
    "name:kim boss": None,  # a manager of managers leads no team of the chain
}


def write_minimal_export(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in FILES.items():
        (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    return directory / "mapping.toml"


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{path}"
    return path


@pytest.fixture
def organisation(db: None) -> Organisation:
    return organisation_get_or_create(name="Acme", slug="acme")


def stored_teams(organisation: Organisation) -> dict[str, str | None]:
    return dict(organisation_rows(organisation, "SELECT rep_id, team FROM crm_reps"))


def app_teams(organisation: Organisation) -> dict[str, str | None]:
    people = Person.objects.filter(organisation=organisation).select_related("team")
    return {p.crm_user_id: p.team.name if p.team else None for p in people}


def test_a_mapped_export_without_teams_gets_them_from_the_manager_chain(
    tmp_path: Path, store: Path, organisation: Organisation
) -> None:
    summary = crm_import(
        source="csv", location=write_minimal_export(tmp_path / "export"), organisation=organisation
    )
    assert summary.people["teams"] == 2
    assert app_teams(organisation) == EXPECTED
    assert stored_teams(organisation) == EXPECTED


def test_importing_again_changes_no_team(
    tmp_path: Path, store: Path, organisation: Organisation
) -> None:
    mapping = write_minimal_export(tmp_path / "export")
    crm_import(source="csv", location=mapping, organisation=organisation)
    again = crm_import(source="csv", location=mapping, organisation=organisation)
    assert not again.changed
    assert again.people == {
        "created": 0,
        "updated": 0,
        "unchanged": 7,
        "email_elsewhere": 0,
        "teams": 2,
    }


def test_every_b2b_agent_is_in_their_managers_team_in_the_app_and_the_store(
    tmp_path: Path, store: Path, organisation: Organisation
) -> None:
    export = write_b2b_export(tmp_path / "b2b")
    summary = crm_import(source="csv", location=export.mapping, organisation=organisation)
    assert summary.people["teams"] == 6
    expected = {rep.rep_id: rep.team for rep in export.reps}
    assert len(expected) == 35
    assert all(expected.values())
    in_app, in_store = app_teams(organisation), stored_teams(organisation)
    assert {rep: in_app[rep] for rep in expected} == expected
    assert {rep: in_store[rep] for rep in expected} == expected
    # The six managers (known only from the manager column) lead, and so are in, those teams.
    managers = {rep: team for rep, team in in_store.items() if rep not in expected}
    assert len(managers) == 6
    assert set(managers.values()) == set(expected.values())


def row(rep: str, manager: str | None = None, team: str | None = None) -> ChainRow:
    return ChainRow(rep_id=rep, name=rep.title(), manager_id=manager, team=team, region=None)


def test_the_team_the_reps_name_most_often_wins_ties_alphabetically() -> None:
    rows = [
        row("boss"),
        row("a", "boss", "West"),
        row("b", "boss", "East"),
        row("c", "boss", None),
    ]
    teams = chain_teams(rows)
    assert teams["boss"].name == "East"
    assert {r.rep_id: getattr(chain_team_of(r, teams), "name", None) for r in rows} == {
        "boss": "East",
        "a": "East",
        "b": "East",
        "c": "East",
    }


def test_a_manager_missing_from_the_export_builds_no_team() -> None:
    rows = [row("a", "gone"), row("b", "gone")]
    assert chain_teams(rows) == {}
    assert chain_team_of(rows[0], {}) is None


def test_regional_leaders_reporting_to_a_chief_do_not_place_the_chiefs_own_team() -> None:
    # A chief revenue officer with three regional VPs and one sales-operations analyst: the VPs
    # lead their regions, so the chief's team (the analyst's) sits outside every region.
    rows = [
        ChainRow(rep_id="cro", name="Cro", manager_id=None, team=None, region=None),
        ChainRow(rep_id="ops", name="Ops", manager_id="cro", team="Sales Operations", region=None),
        *[
            ChainRow(rep_id=f"vp{i}", name=f"Vp{i}", manager_id="cro", team=None, region=region)
            for i, region in enumerate(("EMEA North", "NA East", "NA West"))
        ],
        *[
            ChainRow(rep_id=f"r{i}", name=f"R{i}", manager_id=f"m{i}", team=None, region=region)
            for i, region in enumerate(("EMEA North", "NA East", "NA West"))
        ],
        *[
            ChainRow(rep_id=f"m{i}", name=f"M{i}", manager_id=f"vp{i}", team=None, region=region)
            for i, region in enumerate(("EMEA North", "NA East", "NA West"))
        ],
    ]
    teams = chain_teams(rows)
    assert teams["cro"].name == "Sales Operations"
    assert teams["cro"].region is None
    assert [teams[f"m{i}"].region for i in range(3)] == ["EMEA North", "NA East", "NA West"]
