"""An export without a user list: the owners its deals (and activities) name become the reps."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from tests.crm.spreadsheet_fixtures import write_workbook
from uplift.cli import main
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.summary import ImportSummary

MAPPING = """
source = "unknowncrm"
[keys]
rep = "{key}"

[opportunities]
file = "deals.xlsx"
[opportunities.columns]
opportunity_id = "Deal ID"
owner_id = "Owner"
{owner_name}
amount_cents = "Value"
is_won = {{ column = "Status", map = {{ won = true, lost = false, open = false }} }}
is_closed = {{ column = "Status", map = {{ won = true, lost = true, open = false }} }}
"""
ACTIVITIES = """
[activities]
file = "activities.csv"
columns = { owner_id = "Owner", occurred_at = "When", type = { value = "call" } }
"""
DEALS = [
    ["Deal ID", "Owner", "Owner name", "Value", "Status"],
    ["D1", "priya.shah", "Priya Shah", 100.0, "won"],
    ["D2", "tom.becker", "Tom Becker", 200.0, "open"],
    ["D3", "priya.shah", "Priya Shah", 300.0, "lost"],
    ["D4", None, None, 400.0, "open"],  # no owner: no rep
]


def write_export(
    folder: Path, *, key: str = "id", owner_name: str = "", activities: bool = False
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / "deals.xlsx", {"Deals": DEALS})
    text = MAPPING.format(key=key, owner_name=owner_name)
    if activities:
        (folder / "activities.csv").write_text(
            "Owner,When\nlena.vogt,2024-03-01 10:00\npriya.shah,2024-03-02 11:00\n",
            encoding="utf-8",
        )
        text += ACTIVITIES
    (folder / "mapping.toml").write_text(text, encoding="utf-8")
    return folder / "mapping.toml"


def run_import(mapping: Path, store: Path) -> ImportSummary:
    return import_export(
        stager=stage_mapped_export, location=mapping, analytics_url=f"duckdb://{store}"
    )


def reps(store: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            "SELECT rep_id, name, email, manager_id, active FROM crm_reps ORDER BY rep_id"
        ).fetchall()


def test_deal_owners_become_the_reps_when_there_is_no_user_file(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_import(write_export(tmp_path), store)
    assert reps(store) == [
        ("priya.shah", "priya.shah", None, None, True),
        ("tom.becker", "tom.becker", None, None, True),
    ]
    assert summary.notes == ["2 reps taken from deal owners: no user file"]
    assert summary.missing_references == []
    counts = {e.entity: (e.file, e.read, e.inserted) for e in summary.entities}
    assert counts["reps"] == ("deals.xlsx", 2, 2)
    again = run_import(write_export(tmp_path), store)
    assert not again.changed


def test_an_owner_name_column_names_the_reps(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_import(write_export(tmp_path, owner_name='owner_name = "Owner name"'), store)
    assert [r[:2] for r in reps(store)] == [
        ("priya.shah", "Priya Shah"),
        ("tom.becker", "Tom Becker"),
    ]


def test_owners_known_by_name_keep_the_name_as_written(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    mapping = write_export(tmp_path, key="name")
    mapping.write_text(mapping.read_text().replace('"Owner"', '"Owner name"', 1))
    run_import(mapping, store)
    assert [r[:2] for r in reps(store)] == [
        ("name:priya shah", "Priya Shah"),
        ("name:tom becker", "Tom Becker"),
    ]


def test_activity_owners_are_reps_too(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_import(write_export(tmp_path, activities=True), store)
    assert [r[0] for r in reps(store)] == ["lena.vogt", "priya.shah", "tom.becker"]
    assert summary.notes == ["3 reps taken from the owners of deals and activities: no user file"]
    counts = {e.entity: (e.file, e.read) for e in summary.entities}
    assert counts["reps"] == ("deals.xlsx, activities.csv", 3)
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT min(occurred_at) FROM crm_activities").fetchone() == (
            datetime(2024, 3, 1, 10, 0),  # noqa: DTZ001
        )


def test_an_owner_name_column_beside_a_user_file_is_a_mapping_mistake(tmp_path: Path) -> None:
    mapping = write_export(tmp_path, owner_name='owner_name = "Owner name"')
    (tmp_path / "users.csv").write_text("Id\nU1\n", encoding="utf-8")
    text = mapping.read_text() + '\n[reps]\nfile = "users.csv"\ncolumns = { rep_id = "Id" }\n'
    mapping.write_text(text)
    with pytest.raises(MappingError) as error:
        mapping_read(mapping)
    assert str(error.value) == (
        "mapping.toml: [opportunities.columns] owner_name: only for an export without a "
        "[reps] or [managers] file (the reps' names come from there)"
    )


@pytest.mark.django_db(transaction=True)
def test_uplift_import_csv_says_where_the_reps_came_from(tmp_path: Path, settings: Any) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    mapping = write_export(tmp_path / "export", owner_name='owner_name = "Owner name"')
    result = CliRunner().invoke(main, ["import", "csv", "--mapping", str(mapping), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["notes"] == ["2 reps taken from deal owners: no user file"]
    assert summary["people"]["created"] == 2
    result = CliRunner().invoke(main, ["import", "csv", "--mapping", str(mapping)])
    assert result.exit_code == 0, result.output
    assert "2 reps taken from deal owners: no user file" in result.output
    assert "deals.xlsx: sheet 'Deals'" in result.output


ONLY_DEALS = """
source = "othercrm"
decimal = ","
date_formats = ["%d.%m.%Y %H:%M", "%d.%m.%Y"]

[keys]
rep = "name"

[opportunities]
file = "deals.xlsx"
[opportunities.columns]
opportunity_id = "Deal ID"
name = "Title"
owner_id = "Owner"
amount_cents = "Value"
created_date = "Created"
close_date = "Closed"
is_won = { column = "Status", map = { won = true, lost = false, open = false } }
is_closed = { column = "Status", map = { won = true, lost = true, open = false } }
"""


def test_a_spreadsheet_of_deals_and_nothing_else_imports(tmp_path: Path) -> None:
    """The export of docs/mapping-format.md's last section: amounts as numbers and as German
    text, dates as text and as date cells, ids stored as text, owners by name."""
    owners = ["Anna Schmidt", "anna  schmidt", "Jonas Berg", "Lena Vogt"]
    rows: list[list[Any]] = [["Deal ID", "Title", "Owner", "Value", "Created", "Closed", "Status"]]
    for n in range(60):
        value = 3500.0 if n % 2 else "€ 2.900,00"
        created = f"{n % 28 + 1:02d}.06.2024 13:50" if n % 3 else datetime(2024, 6, 15, 9)  # noqa: DTZ001
        status = ("won", "lost", "open")[n % 3]
        rows.append(
            [f"58050280000000{n:05d}", f"Deal {n}", owners[n % 4], value, created, None, status]
        )
    write_workbook(tmp_path / "deals.xlsx", {"Deals": rows})
    (tmp_path / "mapping.toml").write_text(ONLY_DEALS, encoding="utf-8")
    store = tmp_path / "analytics.duckdb"
    summary = run_import(tmp_path / "mapping.toml", store)
    assert summary.notes == ["3 reps taken from deal owners: no user file"]
    assert summary.missing_references == []
    assert [r[:2] for r in reps(store)] == [
        ("name:anna schmidt", "anna schmidt"),  # the last row that names her: "anna  schmidt"
        ("name:jonas berg", "Jonas Berg"),
        ("name:lena vogt", "Lena Vogt"),
    ]
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute(
            "SELECT count(*), sum(amount_cents), count(DISTINCT opportunity_id), "
            "min(opportunity_id) FROM crm_opportunities"
        ).fetchone() == (60, 30 * 290000 + 30 * 350000, 60, "5805028000000000000")
