"""The ready-made mappings import their CRM's export as it comes (`--preset NAME DIR`).

Each fixture under tests/crm/presets/<name>/ is a small export written by hand from the CRM's
documented column names, with its quirks: Pipedrive's "Deal - " prefixes, Zoho's "Deal Owner"
and "Closed-Lost to Competition", Dynamics' hidden "(Do Not Modify) Opportunity" column and
"Est. Close Date", Freshsales' "$12,500.00" and day-first dates, Close's `status_type` and values
in cents. Every fixture has twelve deals of two owners: four won, three lost and five open.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.crm.spreadsheet_fixtures import write_workbook
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.mapping import mapping_read
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.summary import ImportSummary
from uplift.crm.presets import preset_location, preset_names

FIXTURES = Path(__file__).parent / "presets"
WON_CENTS = 2_425_075  # 12,500 + 3,000 + 7,250.75 + 1,500


def run_preset(name: str, folder: Path, store: Path) -> ImportSummary:
    return import_export(
        stager=stage_mapped_export,
        location=preset_location(name=name, folder=folder),
        analytics_url=f"duckdb://{store}",
    )


def notes(name: str, folder: Path) -> list[str]:
    """What the mapping reader says it picked (or skipped) for each section."""
    return list(mapping_read(preset_location(name=name, folder=folder)).notes)


def query(store: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).fetchall()


def outcomes(store: Path) -> dict[str, tuple[int, int | None]]:
    """won / lost / open → (deals, amount in cents)."""
    rows = query(
        store,
        "SELECT CASE WHEN is_won THEN 'won' WHEN is_closed THEN 'lost' ELSE 'open' END, "
        "count(*), sum(amount_cents) FROM crm_opportunities GROUP BY 1",
    )
    return {state: (int(n), None if cents is None else int(cents)) for state, n, cents in rows}


def reps(store: Path) -> list[tuple[Any, ...]]:
    return query(store, "SELECT rep_id, name FROM crm_reps ORDER BY rep_id")


def deals_of(store: Path) -> dict[str, int]:
    return dict(query(store, "SELECT owner_id, count(*) FROM crm_opportunities GROUP BY 1"))


def test_every_preset_has_a_fixture_export() -> None:
    assert set(preset_names()) == {p.name for p in FIXTURES.iterdir() if p.is_dir()}


@pytest.mark.parametrize(
    ("alias", "name"), [("dynamics365", "dynamics"), ("spreadsheet", "deals-spreadsheet")]
)
def test_a_location_saved_under_a_former_name_reads_the_same_mapping(alias: str, name: str) -> None:
    """An import page's job (or a script) that named the preset before it was renamed."""
    old = mapping_read(preset_location(name=alias, folder=FIXTURES / name))
    new = mapping_read(preset_location(name=name, folder=FIXTURES / name))
    assert (old.source, old.files) == (new.source, new.files)


def test_pipedrive_deals_and_activities(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_preset("pipedrive", FIXTURES / "pipedrive", store)
    assert summary.notes == [
        "[opportunities] read deals-8841203-57.csv (the file matching 'deals*.csv')",
        "[activities] read activities-8841203-58.csv (the file matching 'activities*.csv')",
        "2 reps taken from the owners of deals and activities: no user file",
    ]
    assert reps(store) == [("name:maria lopez", "Maria Lopez"), ("name:tom becker", "Tom Becker")]
    assert deals_of(store) == {"name:maria lopez": 7, "name:tom becker": 5}
    assert outcomes(store) == {
        "won": (4, WON_CENTS),
        "lost": (3, 715_050),
        "open": (5, 1_090_000),
    }
    assert query(
        store,
        "SELECT name, account_id, stage, created_date, close_date FROM crm_opportunities "
        "WHERE opportunity_id = '102'",
    ) == [
        (
            "Store rollout",
            "name:brenner & söhne, kg",
            "Proposal Made",
            dt.date(2024, 1, 15),
            dt.date(2024, 3, 20),  # its lost time, not its expected close date
        )
    ]
    assert query(
        store, "SELECT type, duration_minutes, occurred_at FROM crm_activities ORDER BY 3"
    ) == [
        ("call", 30.0, dt.datetime(2024, 1, 10, 10, 35)),  # noqa: DTZ001
        ("meeting", 90.0, dt.datetime(2024, 2, 1, 15, 40)),  # noqa: DTZ001
        ("meeting", 60.0, dt.datetime(2024, 2, 12, 13, 45)),  # lunch  # noqa: DTZ001
        ("task", None, dt.datetime(2024, 3, 10)),  # deadline, not done: due  # noqa: DTZ001
        ("email", None, dt.datetime(2024, 3, 18, 9, 5)),  # noqa: DTZ001
    ]
    assert summary.source == "pipedrive"
    assert not run_preset("pipedrive", FIXTURES / "pipedrive", store).changed


def test_pipedrive_without_activities_imports_the_deals(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    shutil.copy(FIXTURES / "pipedrive" / "deals-8841203-57.csv", export)
    store = tmp_path / "analytics.duckdb"
    summary = run_preset("pipedrive", export, store)
    assert outcomes(store)["won"] == (4, WON_CENTS)
    assert "activities" not in {e.entity for e in summary.entities}
    assert summary.notes[1] == (
        "[activities] skipped: no file matches 'activities*.csv' or 'activities*.xlsx' "
        "(the section is optional)"
    )


def test_zoho_deals(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_preset("zoho", FIXTURES / "zoho", store)
    assert reps(store) == [("name:daniel kim", "Daniel Kim"), ("name:priya shah", "Priya Shah")]
    assert deals_of(store) == {"name:daniel kim": 6, "name:priya shah": 6}
    assert outcomes(store) == {
        "won": (4, 4_860_000),
        "lost": (3, 1_185_000),  # Closed Lost twice, Closed-Lost to Competition once
        "open": (5, 3_215_000),
    }
    assert query(
        store,
        "SELECT stage, type, lead_source, created_date, close_date FROM crm_opportunities "
        "WHERE opportunity_id = 'zcrm_5725767000000412006'",
    ) == [
        (
            "Closed-Lost to Competition",
            "New Business",
            "Trade Show",
            dt.date(2024, 1, 22),
            dt.date(2024, 4, 12),
        )
    ]


def _dynamics_rows() -> list[list[str]]:
    folder = FIXTURES / "dynamics"
    with (folder / "All Opportunities 5-2-2024 9-15-07 AM.csv").open(encoding="utf-8") as f:
        return list(csv.reader(f))


def test_dynamics_opportunities_saved_as_csv(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_preset("dynamics", FIXTURES / "dynamics", store)
    assert reps(store) == [
        ("name:alan steiner", "Alan Steiner"),
        ("name:sanjay patel", "Sanjay Patel"),
    ]
    assert deals_of(store) == {"name:alan steiner": 7, "name:sanjay patel": 5}
    # A won deal counts its Actual Revenue (12,500, not the estimated 12,000).
    assert outcomes(store) == {
        "won": (4, WON_CENTS),
        "lost": (3, 715_050),
        "open": (5, 1_090_000),
    }
    assert query(
        store,
        "SELECT name, stage, created_date, close_date FROM crm_opportunities "
        "WHERE opportunity_id = '5e6f2b1a-52f1-ee11-904b-000d3a5b1c07'",
    ) == [("Fabrikam sensors", "In Progress", dt.date(2024, 2, 10), dt.date(2024, 5, 31))]


def _typed(value: str, header: str) -> Any:
    """A cell as Excel stores it: dates as dates, amounts as numbers, the rest as text."""
    if not value:
        return None
    if header.endswith(("Date", "On")) and "Modify" not in header:
        for form in ("%m/%d/%Y %I:%M %p", "%m/%d/%Y"):
            try:
                return dt.datetime.strptime(value, form)  # noqa: DTZ007
            except ValueError:
                continue
    if header.endswith("Revenue"):
        return float(value.replace("$", "").replace(",", ""))
    return value


def test_dynamics_export_to_excel(tmp_path: Path) -> None:
    header, *rows = _dynamics_rows()
    sheet = [header] + [[_typed(v, h) for v, h in zip(row, header, strict=True)] for row in rows]
    export = tmp_path / "export"
    workbook = export / "My Opportunities 5-2-2024 9-15-07 AM.xlsx"
    write_workbook(workbook, {"My Opportunities": sheet})
    store = tmp_path / "analytics.duckdb"
    run_preset("dynamics", export, store)
    assert outcomes(store)["won"] == (4, WON_CENTS)
    assert outcomes(store)["open"] == (5, 1_090_000)
    assert query(
        store,
        "SELECT close_date FROM crm_opportunities "
        "WHERE opportunity_id = '5e6f2b1a-52f1-ee11-904b-000d3a5b1c08'",
    ) == [(dt.date(2024, 4, 2),)]
    assert notes("dynamics", export) == [
        f"[opportunities] read {workbook.name} (the file matching '*opportunit*.xlsx')"
    ]


def test_freshsales_deals(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_preset("freshsales", FIXTURES / "freshsales", store)
    assert reps(store) == [("name:grace ho", "Grace Ho"), ("name:omar haddad", "Omar Haddad")]
    assert deals_of(store) == {"name:grace ho": 7, "name:omar haddad": 5}
    assert outcomes(store) == {
        "won": (4, WON_CENTS),
        "lost": (3, 715_050),
        "open": (5, 1_090_000),
    }
    assert query(
        store,
        "SELECT created_date, close_date FROM crm_opportunities "
        "WHERE opportunity_id = '16000123008'",
    ) == [(dt.date(2024, 1, 3), dt.date(2024, 4, 2))]


def test_close_opportunities(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_preset("close", FIXTURES / "close", store)
    assert reps(store) == [
        ("user_Pq7Vx2LmQ9rTz1Wk4N02", "Leo Grant"),
        ("user_scOgjLAQD6aBSJYBVh01", "Nina Park"),
    ]
    assert deals_of(store) == {"user_Pq7Vx2LmQ9rTz1Wk4N02": 5, "user_scOgjLAQD6aBSJYBVh01": 7}
    assert outcomes(store) == {
        "won": (4, WON_CENTS),  # value is in cents: 1250000 is $12,500
        "lost": (3, 715_050),
        "open": (5, 1_090_000),
    }
    assert query(
        store,
        "SELECT name, stage, currency, created_date, close_date FROM crm_opportunities "
        "WHERE opportunity_id = 'oppo_8eB77gAdf8FMy6GsNHEy09'",
    ) == [("Daily Planet", "Lost to competitor", "USD", dt.date(2024, 2, 12), dt.date(2024, 4, 15))]


def test_a_deals_spreadsheet_typed_by_hand(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_preset("deals-spreadsheet", FIXTURES / "deals-spreadsheet", store)
    # "maria lopez" and "Tom  Becker" are the same people as "Maria Lopez" and "Tom Becker".
    assert [r[0] for r in reps(store)] == ["name:maria lopez", "name:tom becker"]
    assert deals_of(store) == {"name:maria lopez": 7, "name:tom becker": 5}
    assert outcomes(store) == {
        "won": (4, WON_CENTS),  # Won, Closed Won, won
        "lost": (3, 715_050),  # Lost, closed lost, LOST
        "open": (5, 1_090_000),  # any other stage, or none
    }


def test_a_deals_spreadsheet_saved_as_a_workbook(tmp_path: Path) -> None:
    source = FIXTURES / "deals-spreadsheet" / "Team deals Q1.csv"
    with source.open(encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    sheet: list[list[Any]] = [header]
    for deal, owner, amount, stage, created, closed in rows:
        sheet.append(
            [
                deal,
                owner,
                float(amount.replace(",", "")) if amount else None,
                stage or None,
                dt.datetime.strptime(created.replace("/", "-"), "%Y-%m-%d"),  # noqa: DTZ007
                closed or None,  # dates typed as text in a workbook
            ]
        )
    export = tmp_path / "export"
    write_workbook(export / "deals.xlsx", {"Deals": sheet})
    store = tmp_path / "analytics.duckdb"
    run_preset("deals-spreadsheet", export, store)
    assert outcomes(store)["won"] == (4, WON_CENTS)
    assert query(
        store, "SELECT close_date FROM crm_opportunities WHERE opportunity_id = 'Service contract'"
    ) == [(dt.date(2024, 4, 2),)]


@pytest.mark.parametrize("name", preset_names())
def test_a_preset_names_its_export_in_its_preset_table(name: str) -> None:
    from uplift.crm.presets import preset_get

    preset = preset_get(name)
    assert preset.crm
    assert preset.expects
    assert preset.files
    assert preset.files[0].section == "opportunities"
