"""The Salesforce importer on small exports with every dirty trait of a real one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.crm.salesforce_fixtures import OPPORTUNITIES, write_export
from tests.engines import engine_params
from uplift.analytics import engine
from uplift.analytics.canonical import CANONICAL_TABLES
from uplift.crm.importers import runner
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export


def run(export: Path, url: str, **options: Any) -> runner.ImportSummary:
    return import_export(
        stager=stage_salesforce_export, location=export, analytics_url=url, **options
    )


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(url.removeprefix("duckdb://"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def store(tmp_path: Path) -> str:
    return f"duckdb://{tmp_path / 'analytics.duckdb'}"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "export")


def test_everything_is_read_into_the_canonical_tables(export: Path, store: str) -> None:
    summary = run(export, store)
    counts = {e.entity: (e.read, e.inserted) for e in summary.entities}
    assert counts == {
        "reps": (4, 4),
        "accounts": (2, 2),
        "opportunities": (3, 3),
        "stage_history": (2, 2),
        "activities": (4, 4),
        "contact_roles": (2, 2),
    }


def test_fifteen_and_eighteen_character_ids_are_the_same_record(export: Path, store: str) -> None:
    run(export, store)
    owners = rows(store, "SELECT opportunity_id, owner_id FROM crm_opportunities ORDER BY 1")
    # OPP01 named its owner with the 15-character id; OPP02 with the 18-character one.
    assert owners[0][1] == owners[1][1] == "0055g00000CCCCCAA5"


def test_values_are_typed_and_cleaned(export: Path, store: str) -> None:
    run(export, store)
    opp = rows(
        store,
        "SELECT name, amount_cents, created_date, close_date, is_closed, is_won "
        "FROM crm_opportunities ORDER BY opportunity_id",
    )
    assert opp[0][0] == "Acme, renewal"  # a quoted comma
    assert opp[0][1] == 12_000_050  # 120000.50 as integer cents
    assert str(opp[0][2]) == "2024-01-10"  # a datetime's date
    assert (opp[0][4], opp[0][5]) == (True, True)
    assert opp[1][0] == "Globex\r\nexpansion"  # a line break inside quotes
    assert opp[1][1] is None  # a lost deal without an amount
    accounts = rows(store, "SELECT name, segment FROM crm_accounts ORDER BY account_id")
    assert accounts == [("Acme, Inc.", "Enterprise"), ('Globex "Intl"', "SMB")]
    reps = rows(store, "SELECT email, active, team, region FROM crm_reps ORDER BY rep_id")
    assert reps[0][0] == "lena.boss@example.com"
    assert ("sam@example.com", False, "Enterprise East", "North America") in reps


def test_activity_types_come_from_subtype_event_type_and_subject(export: Path, store: str) -> None:
    run(export, store)
    kinds = dict(rows(store, "SELECT activity_id, type FROM crm_activities"))
    assert kinds == {
        "00T5g00000TASK1AAA": "call",
        "00T5g00000TASK2AAA": "email",
        "00T5g00000TASK3AAA": "task",
        "00U5g00000EVNT1AAA": "meeting",
    }
    linked = dict(rows(store, "SELECT activity_id, opportunity_id FROM crm_activities"))
    assert linked["00T5g00000TASK3AAA"] is None  # WhatId was an account, not an opportunity


def test_an_owner_missing_from_users_is_kept_and_reported(export: Path, store: str) -> None:
    summary = run(export, store)
    missing = {(m.entity, m.field): m.ids for m in summary.missing_references}
    assert missing[("opportunities", "owner_id")] == ["0055g00000ZZZZZAAQ"]
    kept = rows(
        store, "SELECT count(*) FROM crm_opportunities WHERE owner_id = '0055g00000ZZZZZAAQ'"
    )
    assert kept == [(1,)]


def test_importing_twice_changes_nothing(export: Path, store: str) -> None:
    run(export, store)
    before = {t.name: rows(store, f"SELECT * FROM {t.name} ORDER BY ALL") for t in CANONICAL_TABLES}
    again = run(export, store)
    assert all(e.inserted == e.updated == 0 and e.unchanged == e.read for e in again.entities)
    after = {t.name: rows(store, f"SELECT * FROM {t.name} ORDER BY ALL") for t in CANONICAL_TABLES}
    assert after == before


def test_a_changed_record_is_updated(tmp_path: Path, store: str) -> None:
    run(write_export(tmp_path / "v1"), store)
    changed = [
        OPPORTUNITIES[0],
        OPPORTUNITIES[1].replace("120000.50", "130000"),
        *OPPORTUNITIES[2:],
    ]
    summary = run(write_export(tmp_path / "v2", {"Opportunity.csv": changed}), store)
    opps = next(e for e in summary.entities if e.entity == "opportunities")
    assert (opps.inserted, opps.updated, opps.unchanged) == (0, 1, 2)
    assert rows(store, "SELECT max(amount_cents) FROM crm_opportunities") == [(13_000_000,)]


def test_duplicate_records_keep_the_last_copy(tmp_path: Path, store: str) -> None:
    doubled = [*OPPORTUNITIES, OPPORTUNITIES[1].replace("120000.50", "1")]
    summary = run(write_export(tmp_path / "e", {"Opportunity.csv": doubled}), store)
    opps = next(e for e in summary.entities if e.entity == "opportunities")
    assert (opps.read, opps.inserted, opps.rejected) == (4, 3, 1)
    assert rows(
        store, "SELECT amount_cents FROM crm_opportunities WHERE name = 'Acme, renewal'"
    ) == [(100,)]


def test_a_dry_run_writes_nothing(export: Path, store: str) -> None:
    summary = run(export, store, dry_run=True)
    assert summary.dry_run
    assert sum(e.inserted for e in summary.entities) == 17
    assert rows(store, "SELECT count(*) FROM crm_opportunities") == [(0,)]


GOOD_ROW = OPPORTUNITIES[1]


@pytest.mark.parametrize(
    ("file", "bad_line", "row", "column", "words"),
    [
        (
            "Opportunity.csv",
            GOOD_ROW.replace("2024-03-15", "2024-02-30"),
            2,
            "CloseDate",
            "is not a date",
        ),
        (
            "Opportunity.csv",
            GOOD_ROW.replace("120000.50", "12O000"),
            2,
            "Amount",
            "is not an amount",
        ),
        (
            "Opportunity.csv",
            GOOD_ROW.replace(",true,true,", ",true,maybe,"),
            2,
            "IsWon",
            "is not true or false",
        ),
    ],
)
def test_malformed_values_stop_the_run_naming_file_row_and_column(
    tmp_path: Path, store: str, file: str, bad_line: str, row: int, column: str, words: str
) -> None:
    run(write_export(tmp_path / "good"), store)
    before = rows(store, "SELECT * FROM crm_opportunities ORDER BY ALL")
    lines = [OPPORTUNITIES[0], bad_line, *OPPORTUNITIES[2:]]
    with pytest.raises(MalformedInputError) as caught:
        run(write_export(tmp_path / "bad", {file: lines}), store)
    message = str(caught.value)
    assert message.startswith(f"{file}, row {row}, column {column}:")
    assert words in message
    assert rows(store, "SELECT * FROM crm_opportunities ORDER BY ALL") == before


def test_a_missing_required_column_is_named(tmp_path: Path, store: str) -> None:
    header = OPPORTUNITIES[0].replace("StageName,", "")
    stages = (",Closed Won,", ",Closed Lost,", ",Prospecting,")
    body = []
    for line in OPPORTUNITIES[1:]:
        for stage in stages:
            line = line.replace(stage, ",")  # noqa: PLW2901
        body.append(line)
    lines = [header, *body]
    with pytest.raises(
        MalformedInputError, match=r"Opportunity.csv, column StageName: the required"
    ):
        run(write_export(tmp_path / "e", {"Opportunity.csv": lines}), store)


def test_a_missing_required_file_is_named(tmp_path: Path, store: str) -> None:
    export = write_export(tmp_path / "e")
    (export / "Account.csv").unlink()
    with pytest.raises(MalformedInputError, match=r"Account.csv: is missing"):
        run(export, store)


def test_a_broken_csv_is_refused_with_its_file_name(tmp_path: Path, store: str) -> None:
    broken = [OPPORTUNITIES[0], '0065g00000OPP09AAA,"never closed quote,1,2']
    with pytest.raises(MalformedInputError, match=r"Opportunity.csv: cannot be read as CSV"):
        run(write_export(tmp_path / "e", {"Opportunity.csv": broken}), store)


def test_a_failure_in_the_middle_leaves_the_store_as_it_was(
    tmp_path: Path, store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(write_export(tmp_path / "v1"), store)
    before = {t.name: rows(store, f"SELECT * FROM {t.name} ORDER BY ALL") for t in CANONICAL_TABLES}
    changed = [OPPORTUNITIES[0], OPPORTUNITIES[1].replace("120000.50", "1"), *OPPORTUNITIES[2:]]
    real_merge = runner.merge
    calls = {"n": 0}

    def failing_merge(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:  # after reps, accounts and opportunities were written
            raise RuntimeError("disk full")
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(runner, "merge", failing_merge)
    with pytest.raises(RuntimeError, match="disk full"):
        run(write_export(tmp_path / "v2", {"Opportunity.csv": changed}), store)
    after = {t.name: rows(store, f"SELECT * FROM {t.name} ORDER BY ALL") for t in CANONICAL_TABLES}
    assert after == before


def test_a_failure_when_the_users_are_handed_over_undoes_the_import(
    export: Path, store: str
) -> None:
    def fail(_reps: list[dict[str, Any]]) -> None:
        raise RuntimeError("people store unavailable")

    with pytest.raises(RuntimeError):
        run(export, store, on_users=fail)
    assert rows(store, "SELECT count(*) FROM crm_reps") == [(0,)]


@pytest.fixture(params=engine_params())
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = request.param if request.param != "duckdb://" else f"duckdb://{tmp_path / 'a.duckdb'}"
    backend = engine.connect(url)
    for table in CANONICAL_TABLES:
        backend.drop_table(table.name, force=True)
    backend.disconnect()
    return url


def test_duckdb_and_postgresql_store_the_same_rows(export: Path, any_store: str) -> None:
    first = run(export, any_store)
    second = run(export, any_store)
    assert [e.unchanged for e in second.entities] == [e.read for e in first.entities]
    backend = engine.connect(any_store)
    try:
        opps = (
            backend.table("crm_opportunities").order_by("opportunity_id").to_pyarrow().to_pylist()
        )
        activities = backend.table("crm_activities").count().execute()
    finally:
        backend.disconnect()
    assert [o["amount_cents"] for o in opps] == [12_000_050, None, 500_000]
    assert [o["owner_id"] for o in opps][:2] == ["0055g00000CCCCCAA5"] * 2
    assert activities == 4


def test_progress_names_each_file_as_it_is_read_then_the_writing(export: Path, store: str) -> None:
    steps: list[tuple[str, int, int]] = []
    run(export, store, progress=lambda step, done, total: steps.append((step, done, total)))
    reading = [s for s in steps if s[0].startswith("Reading ")]
    assert reading == [
        ("Reading User.csv", 0, 7),
        ("Reading Account.csv", 1, 7),
        ("Reading Opportunity.csv", 2, 7),
        ("Reading OpportunityHistory.csv", 3, 7),
        ("Reading Task.csv", 4, 7),
        ("Reading Event.csv", 5, 7),
        ("Reading OpportunityContactRole.csv", 6, 7),
    ]
    after = [s[0] for s in steps[len(reading) :]]
    assert after[0] == "Checking keys and references"
    assert after[1:3] == ["Writing reps", "Writing accounts"]
    assert steps[-1] == ("Written", 6, 6)
