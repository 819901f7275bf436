"""The Salesforce importer reads each file once: checks, row numbers, ids, duplicates still hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.crm.salesforce_fixtures import EVENTS, OPPORTUNITIES, TASKS, write_export
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export
from uplift.crm.importers.sfids import id18, id18_sql


def run(export: Path, store: Path) -> Any:
    return import_export(
        stager=stage_salesforce_export, location=export, analytics_url=f"duckdb://{store}"
    )


def rows(store: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_known_id_gets_its_case_safe_suffix() -> None:
    # Rita's user id in the fixtures: the same record as 0055g00000CCCCCAA5.
    assert id18("0055g00000CCCCC") == "0055g00000CCCCCAA5"
    assert id18("001A0000006Vm9r") == "001A0000006Vm9rIAC"  # Salesforce's documented example
    assert id18("0055g00000CCCCCAA5") == "0055g00000CCCCCAA5"
    assert id18("not an id-15 ch") == "not an id-15 ch"
    assert id18(None) is None


ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@settings(deadline=None)  # the first query on a new connection is slow
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=ALPHANUMERIC, min_size=15, max_size=15),
            st.text(min_size=15, max_size=15),
            st.text(max_size=20),
            st.none(),
        ),
        max_size=40,
    )
)
def test_the_sql_converts_every_id_as_the_reference_does(values: list[str | None]) -> None:
    con = duckdb.connect()
    rows = "unnest(CAST(? AS VARCHAR[])) WITH ORDINALITY AS t(v, n)"
    found = con.execute(f"SELECT {id18_sql('v')} FROM {rows} ORDER BY n", [values]).fetchall()
    assert [row[0] for row in found] == [id18(v) for v in values]


def test_the_sql_gives_salesforce_s_documented_suffixes() -> None:
    con = duckdb.connect()
    found = con.execute(
        f"SELECT {id18_sql('v')} FROM (VALUES ('0055g00000CCCCC'), ('001A0000006Vm9r'), "
        "('001A0000006Vm9rIAC')) t(v)"
    ).fetchall()
    assert found == [("0055g00000CCCCCAA5",), ("001A0000006Vm9rIAC",), ("001A0000006Vm9rIAC",)]


def test_a_bad_value_after_a_quoted_line_break_names_its_row(tmp_path: Path) -> None:
    # Row 3 holds a line break inside quotes: rows count records, as a spreadsheet shows them.
    bad = OPPORTUNITIES[3].replace("2024-05-01", "2024-13-01")
    lines = [*OPPORTUNITIES[:3], bad]
    with pytest.raises(MalformedInputError) as caught:
        run(write_export(tmp_path / "e", {"Opportunity.csv": lines}), tmp_path / "a.duckdb")
    assert str(caught.value).startswith("Opportunity.csv, row 4, column CloseDate:")
    assert "'2024-13-01' is not a date" in str(caught.value)


def test_the_first_of_several_problems_is_reported(tmp_path: Path) -> None:
    first = OPPORTUNITIES[2].replace("0065g00000OPP02AAA", " ")  # a blank id on row 3
    later = OPPORTUNITIES[3].replace(",true,", ",perhaps,", 1)  # a bad flag on row 4
    lines = [OPPORTUNITIES[0], OPPORTUNITIES[1], first, later]
    with pytest.raises(MalformedInputError, match=r"Opportunity.csv, row 3, column Id: a value"):
        run(write_export(tmp_path / "e", {"Opportunity.csv": lines}), tmp_path / "a.duckdb")


def test_a_bad_activity_file_stops_the_run_and_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "a.duckdb"
    tasks = [
        *TASKS,
        TASKS[1]
        .replace("00T5g00000TASK1AAA", "00T5g00000TASK9AAA")
        .replace("1800", "half an hour"),
    ]
    with pytest.raises(
        MalformedInputError, match=r"Task.csv, row 5, column CallDurationInSeconds: 'half an hour'"
    ):
        run(write_export(tmp_path / "e", {"Task.csv": tasks}), store)
    assert rows(store, "SELECT count(*) FROM crm_opportunities") == [(0,)]


def test_an_activity_in_both_files_keeps_the_copy_read_last(tmp_path: Path) -> None:
    store = tmp_path / "a.duckdb"
    # The event file is read after the task file: its copy of TASK1 wins, the task's is rejected.
    again = EVENTS[1].replace("00U5g00000EVNT1AAA", "00T5g00000TASK1AAA")
    export = write_export(tmp_path / "e", {"Event.csv": [*EVENTS, again]})
    summary = run(export, store)
    activities = next(e for e in summary.entities if e.entity == "activities")
    assert (activities.read, activities.inserted, activities.rejected) == (5, 4, 1)
    assert rows(
        store, "SELECT type FROM crm_activities WHERE activity_id = '00T5g00000TASK1AAA'"
    ) == [("meeting",)]


def test_duplicates_in_one_file_keep_the_last_row_of_the_file(tmp_path: Path) -> None:
    store = tmp_path / "a.duckdb"
    copies = [
        TASKS[1].replace(
            "Call: discovery,Call", f"Copy {n},Meeting" if n == 3 else f"Copy {n},Call"
        )
        for n in range(1, 4)
    ]
    summary = run(write_export(tmp_path / "e", {"Task.csv": [*TASKS, *copies]}), store)
    activities = next(e for e in summary.entities if e.entity == "activities")
    assert (activities.read, activities.rejected) == (7, 3)
    assert rows(
        store, "SELECT type FROM crm_activities WHERE activity_id = '00T5g00000TASK1AAA'"
    ) == [("meeting",)]


def test_a_later_export_adds_new_records_beside_the_stored_ones(tmp_path: Path) -> None:
    store = tmp_path / "a.duckdb"
    run(write_export(tmp_path / "v1"), store)
    extra = OPPORTUNITIES[3].replace("OPP03", "OPP04").replace("Ghost deal", "New deal")
    summary = run(
        write_export(tmp_path / "v2", {"Opportunity.csv": [*OPPORTUNITIES, extra]}), store
    )
    opps = next(e for e in summary.entities if e.entity == "opportunities")
    assert (opps.read, opps.inserted, opps.updated, opps.unchanged) == (4, 1, 0, 3)
    assert rows(
        store, "SELECT count(*), count(DISTINCT opportunity_id) FROM crm_opportunities"
    ) == [(4, 4)]
