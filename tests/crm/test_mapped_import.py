"""Importing any CRM export through a mapping file: rows, keys, bad input, bad mappings, CLI."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from uplift.cli import main
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.mapped import stage_mapped_export
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.summary import ImportSummary

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "mapping" / "mapping.toml"
TABLES = (
    "crm_reps",
    "crm_accounts",
    "crm_opportunities",
    "crm_stage_history",
    "crm_activities",
    "crm_contact_roles",
    "crm_quotas",
)
BOM = "\ufeff"


def at(*parts: int) -> datetime:
    """A timestamp as the canonical tables store it: naive, in the export's own clock."""
    return datetime(*parts)  # noqa: DTZ001


def run_import(mapping: Path, path: Path) -> ImportSummary:
    return import_export(
        stager=stage_mapped_export, location=mapping, analytics_url=f"duckdb://{path}"
    )


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


# A CRM without user ids: people are known by e-mail, written in any case.
MAPPING = """
source = "smallcrm"

[keys]
rep = "email"

[reps]
file = "people.csv"
[reps.columns]
email = "E-mail"
name = "Full name"
title = "Job title"
hire_date = { column = "Start date", formats = ["%d/%m/%Y"] }

[managers]
file = "teams.csv"
columns = { rep = "Person", manager = "Reports to", team = "Team", region = "Region" }

[accounts]
file = "accounts.csv"
columns = { account_id = "Account Id", name = "Account", segment = "Segment" }

[opportunities]
file = "opportunities.csv"
[opportunities.columns]
opportunity_id = "Id"
owner_id = "Owner email"
account_id = "Account Id"
name = "Name"
amount_cents = "Amount"
currency = { value = "EUR" }
created_date = "Created"
close_date = "Closed"
stage = "Stage"
is_won = { column = "Outcome", map = { Won = true, Lost = false, Pending = false } }
is_closed = { column = "Outcome", map = { Won = true, Lost = true, Pending = false } }

[stage_history]
file = "history.csv"
columns = { opportunity_id = "Opportunity", stage = "Stage", entered_at = "Entered" }

[[activities]]
file = "calls.csv"
columns = { activity_id = "Call id", owner_id = "Rep", opportunity_id = "Deal", occurred_at = "When", type = { value = "call" }, duration_minutes = { column = "Seconds", kind = "seconds" } }

[[activities]]
file = "meetings.csv"
columns = { activity_id = "Meeting id", owner_id = "Rep", opportunity_id = "Deal", occurred_at = "Start", type = { value = "meeting" }, duration_minutes = "Length" }

[contact_roles]
file = "roles.csv"
columns = { opportunity_id = "Opportunity", contact_id = "Contact", role = "Role" }
"""  # noqa: E501

FILES = {
    "people.csv": [
        "E-mail,Full name,Job title,Start date",
        "Ann.Lee@Example.com,Ann Lee,AE,01/02/2022",
        "bo@example.com,Bo Berg,Sales Manager,15/06/2020",
    ],
    "teams.csv": [
        "Person,Reports to,Team,Region",
        "ann.lee@example.com,BO@example.com,Alpha,North",
    ],
    "accounts.csv": ["Account Id,Account,Segment", 'A1,"Acme, Inc.",Enterprise', "A2,Globex,"],
    "opportunities.csv": [
        "Id,Owner email,Account Id,Name,Amount,Created,Closed,Stage,Outcome",
        'O1,ANN.LEE@example.com,A1,"Big, deal",1200.50,2024-01-10,2024-03-01,Closed,Won',
        'O2,ann.lee@example.com,A2,"Two\r\nlines",,2024-01-11,2024-03-02,Closed,lost',
        # An owner who is not among the people: kept and reported.
        "O3,ghost@example.com,A1,Ghost,10,2024-01-12,,Negotiation,Pending",
    ],
    "history.csv": [
        "Opportunity,Stage,Entered",
        "O1,Negotiation,2024-02-01 10:00",
        "O1,Closed,2024-03-01T09:30:00",
    ],
    "calls.csv": ["Call id,Rep,Deal,When,Seconds", "C1,ann.lee@example.com,O1,2024-01-15 11:00,90"],
    "meetings.csv": ["Meeting id,Rep,Deal,Start,Length", "M1,bo@example.com,O2,2024-01-20,45"],
    "roles.csv": ["Opportunity,Contact,Role", "O1,K1,Champion", "O1,K2,"],
}


def write_export(
    directory: Path, overrides: dict[str, list[str]] | None = None, mapping: str = MAPPING
) -> Path:
    """Write the export (BOM, CRLF) and its mapping; return the mapping file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in {**FILES, **(overrides or {})}.items():
        (directory / name).write_bytes((BOM + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    (directory / "mapping.toml").write_text(mapping, encoding="utf-8")
    return directory / "mapping.toml"


ANN, BO = "email:ann.lee@example.com", "email:bo@example.com"


def test_every_mapped_file_lands_in_the_canonical_tables(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run_import(write_export(tmp_path / "export"), store)
    tables = snapshot(store)
    assert tables["crm_reps"] == [
        (
            "smallcrm",
            ANN,
            "Ann Lee",
            "ann.lee@example.com",
            BO,
            "Alpha",
            "North",
            "AE",
            date(2022, 2, 1),
            True,
        ),
        # Bo manages Ann's team, so he is in it, as the web app places him.
        (
            "smallcrm",
            BO,
            "Bo Berg",
            "bo@example.com",
            None,
            "Alpha",
            None,
            "Sales Manager",
            date(2020, 6, 15),
            True,
        ),
    ]
    assert tables["crm_accounts"] == [
        ("smallcrm", "A1", "Acme, Inc.", "Enterprise", None, None),
        ("smallcrm", "A2", "Globex", "Unknown", None, None),
    ]
    assert tables["crm_opportunities"] == [
        (
            "smallcrm",
            "O1",
            ANN,
            "A1",
            "Big, deal",
            None,
            120050,
            "EUR",
            date(2024, 1, 10),
            date(2024, 3, 1),
            "Closed",
            True,
            True,
            None,
            None,
        ),
        (
            "smallcrm",
            "O2",
            ANN,
            "A2",
            "Two\r\nlines",
            None,
            None,
            "EUR",
            date(2024, 1, 11),
            date(2024, 3, 2),
            "Closed",
            True,
            False,
            None,
            None,
        ),
        (
            "smallcrm",
            "O3",
            "email:ghost@example.com",
            "A1",
            "Ghost",
            None,
            1000,
            "EUR",
            date(2024, 1, 12),
            None,
            "Negotiation",
            False,
            False,
            None,
            None,
        ),
    ]
    assert tables["crm_stage_history"] == [
        ("smallcrm", "O1", "Closed", at(2024, 3, 1, 9, 30)),
        ("smallcrm", "O1", "Negotiation", at(2024, 2, 1, 10, 0)),
    ]
    assert tables["crm_activities"] == [
        ("smallcrm", "C1", ANN, "O1", None, "call", at(2024, 1, 15, 11, 0), 1.5),
        ("smallcrm", "M1", BO, "O2", None, "meeting", at(2024, 1, 20), 45.0),
    ]
    assert tables["crm_contact_roles"] == [
        ("smallcrm", "O1", "K1", "Champion"),
        ("smallcrm", "O1", "K2", None),
    ]


def test_the_missing_owner_is_reported_and_a_second_import_changes_nothing(
    tmp_path: Path,
) -> None:
    store = tmp_path / "analytics.duckdb"
    mapping = write_export(tmp_path / "export")
    summary = run_import(mapping, store)
    assert [(m.entity, m.field, m.ids) for m in summary.missing_references] == [
        ("opportunities", "owner_id", ["email:ghost@example.com"])
    ]
    files = {e.entity: e.file for e in summary.entities}
    assert files["reps"] == "people.csv, teams.csv"
    assert files["activities"] == "calls.csv, meetings.csv"
    before = snapshot(store)
    again = run_import(mapping, store)
    assert not again.changed
    assert snapshot(store) == before


def test_the_documented_example_imports(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    summary = run_import(EXAMPLE, store)
    assert summary.source == "pipedrive"
    assert summary.missing_references == []
    tables = snapshot(store)
    reps = {r[1]: (r[2], r[3], r[4], r[5], r[6], r[9]) for r in tables["crm_reps"]}
    assert reps == {
        "name:maria lopez": (
            "Maria Lopez",
            "maria.lopez@northwind.example",
            None,
            None,
            None,
            True,
        ),
        "name:tom becker": (
            "Tom Becker",
            "tom.becker@northwind.example",
            "name:maria lopez",
            "DACH",
            "EMEA",
            True,
        ),
        "name:priya shah": (
            "Priya Shah",
            "priya.shah@northwind.example",
            "name:tom becker",
            "DACH",
            "EMEA",
            True,
        ),
        "name:jonas berg": (
            "Jonas Berg",
            "jonas.berg@northwind.example",
            "name:tom becker",
            "DACH",
            "EMEA",
            False,
        ),
        # Only in the managers file: added, so her deal's owner is known.
        "name:lena vogt": ("Lena Vogt", None, "name:tom becker", "DACH", "EMEA", True),
    }
    deals = {r[1]: (r[2], r[3], r[6], r[9], r[11], r[12]) for r in tables["crm_opportunities"]}
    assert deals == {
        "1001": ("name:priya shah", "name:alpenwerk gmbh", 1250000, date(2024, 3, 15), True, True),
        # "priya  shah": the same person, however the name is spaced or cased.
        "1002": (
            "name:priya shah",
            "name:brenner & söhne, kg",
            420050,
            date(2024, 3, 20),
            True,
            False,
        ),
        "1003": ("name:jonas berg", "name:cordis ag", 80000, date(2024, 6, 30), False, False),
        "1004": ("name:lena vogt", "name:alpenwerk gmbh", None, None, False, False),
    }
    activities = sorted((r[2], r[5], r[7]) for r in tables["crm_activities"])
    assert activities == [
        ("name:jonas berg", "meeting", 60.0),  # "Lunch" is mapped to a meeting
        ("name:priya shah", "call", 30.0),
        ("name:priya shah", "email", None),
        ("name:priya shah", "meeting", 90.0),
        ("name:tom becker", "task", None),  # "Deadline" is not in the map: the default
    ]
    assert [r[1:] for r in tables["crm_quotas"]] == [
        ("name:jonas berg", date(2024, 1, 1), date(2024, 3, 31), 2500000),
        ("name:priya shah", date(2024, 1, 1), date(2024, 3, 31), 4000000),
    ]
    assert not run_import(EXAMPLE, store).changed  # ids derived from content are stable


BAD_OPPORTUNITY = "O1,ann.lee@example.com,A1,Deal,{amount},{created},,Closed,{outcome}"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"created": "2024-13-45"},
            "opportunities.csv, row 3, column Created: '2024-13-45' is not a date",
        ),
        ({"amount": "12abc"}, "opportunities.csv, row 3, column Amount: '12abc' is not an amount"),
        (
            {"outcome": "Maybe"},
            (
                "opportunities.csv, row 3, column Outcome: 'Maybe' is not in the map of "
                "[opportunities.columns] is_won (known: won, lost, pending)"
            ),
        ),
    ],
)
def test_malformed_values_name_file_row_and_column_and_write_nothing(
    tmp_path: Path, values: dict[str, str], expected: str
) -> None:
    store = tmp_path / "analytics.duckdb"
    run_import(write_export(tmp_path / "good"), store)
    before = snapshot(store)
    row = BAD_OPPORTUNITY.format(
        **{"amount": "1", "created": "2024-01-01", "outcome": "Won", **values}
    )
    bad = {"opportunities.csv": [*FILES["opportunities.csv"][:2], row]}
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path / "bad", bad), store)
    assert str(error.value).startswith(expected)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"opportunities.csv": ["Id,Owner email,Account Id,Name,Created,Closed,Stage,Outcome"]},
            (
                "opportunities.csv, column Amount: the column named in the mapping "
                "([opportunities.columns] amount_cents) is missing"
            ),
        ),
        (
            {
                "calls.csv": [
                    "Call id,Rep,Deal,When,Seconds",
                    ",ann.lee@example.com,O1,2024-01-15,9",
                ]
            },
            "calls.csv, row 2, column Call id: a value is required",
        ),
        (
            {"people.csv": ["E-mail,Full name,Job title,Start date", "a@b.c,A,AE,2022-02-01"]},
            "people.csv, row 2, column Start date: '2022-02-01' is not a date",
        ),
        (
            {"meetings.csv": ["Meeting id,Rep,Deal,Start,Length", "M1,bo@example.com,O2,,45"]},
            "meetings.csv, row 2, column Start: a value is required",
        ),
    ],
)
def test_missing_columns_and_values_are_refused(
    tmp_path: Path, overrides: dict[str, list[str]], expected: str
) -> None:
    with pytest.raises(MalformedInputError) as error:
        run_import(write_export(tmp_path / "bad", overrides), tmp_path / "analytics.duckdb")
    assert str(error.value).startswith(expected)


def test_activity_words_must_be_mapped_to_an_activity_type(tmp_path: Path) -> None:
    mapping = MAPPING.replace('type = { value = "call" }', 'type = "Kind"')
    calls = [
        "Call id,Rep,Deal,When,Seconds,Kind",
        "C1,bo@example.com,O1,2024-01-15,9,Phone",
        "C2,bo@example.com,O1,2024-01-15,9,Lunch",
    ]
    with pytest.raises(MalformedInputError) as error:
        run_import(
            write_export(tmp_path / "bad", {"calls.csv": calls}, mapping),
            tmp_path / "analytics.duckdb",
        )
    assert str(error.value).startswith(
        "calls.csv, row 2, column Kind: 'Phone' is not an activity type (call, email, meeting, "
        "task): map the export's words in [activities[1].columns] type"
    )


# A small valid mapping; each case below breaks it in one place.
BASE = """
[reps]
file = "people.csv"
columns = { rep_id = "Id" }

[opportunities]
file = "deals.csv"
[opportunities.columns]
opportunity_id = "Id"
owner_id = "Owner"
name = "Name"
amount_cents = "Amount"
is_won = "Won"
is_closed = "Closed"
"""


def _appended(text: str) -> tuple[str, str]:
    return ("", text)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('amount_cents = "Amount"', 'amount_cents = { column = "Amount", kind = "money2" }'),
            "[opportunities.columns] amount_cents: unknown kind 'money2' (known: text, date, ",
        ),
        (
            ('amount_cents = "Amount"', 'amount_cents = { column = "Amount", kind = "date" }'),
            (
                "[opportunities.columns] amount_cents: kind 'date' does not fit amount_cents "
                "(use money or cents)"
            ),
        ),
        (
            ('amount_cents = "Amount"', 'amount_cents = { column = "Amount", formats = ["%d"] }'),
            (
                "[opportunities.columns] amount_cents.formats: formats are for date and datetime "
                "columns"
            ),
        ),
        (
            ('name = "Name"', 'colour = "Colour"'),
            "[opportunities.columns]: unknown column 'colour' (known: opportunity_id, owner_id, ",
        ),
        (('is_won = "Won"', ""), "[opportunities.columns]: is_won: required, but not mapped"),
        (
            ('name = "Name"', 'name = { column = "Name", value = "x" }'),
            "[opportunities.columns] name: give either column",
        ),
        (
            ('is_won = "Won"', 'is_won = { column = "Won", map = { yes = "true" } }'),
            "[opportunities.columns] is_won.map yes: 'true' is not true or false",
        ),
        (
            ('is_won = "Won"', 'is_won = { column = "Won", map = { Yes = true, yes = false } }'),
            "[opportunities.columns] is_won.map: 'yes' is listed twice (case is ignored)",
        ),
        (
            ('name = "Name"', 'name = { column = "Name", map = { a = "b" }, shout = true }'),
            "[opportunities.columns] name: unknown key 'shout'",
        ),
        (
            ('file = "deals.csv"', 'file = "nope.csv"'),
            "[opportunities] file: nope.csv does not exist",
        ),
        (
            ('file = "deals.csv"', 'file = "deals.csv"\ndelimiter = ";;"'),
            "[opportunities] delimiter: expected one character such as ';', found ';;'",
        ),
        (("[reps]", 'sauce = "hot"\n[reps]'), "top level: unknown key 'sauce'"),
        (("[reps]", 'source = "Pipe Drive"\n[reps]'), "source: 'Pipe Drive': use lower-case"),
        (
            ("[reps]", 'date_formats = ["dd.mm.yyyy"]\n[reps]'),
            "date_formats: 'dd.mm.yyyy' is not a strptime format",
        ),
        (_appended('[keys]\nrep = "phone"'), "[keys] rep: 'phone' is not one of id, email, name"),
        (
            _appended('[keys]\nrep = "email"'),
            (
                "[reps.columns]: rep_id: remove it: with [keys] rep = 'email' the id is derived "
                "from email"
            ),
        ),
        (
            _appended(
                '[activities]\nfile = "deals.csv"\ncolumns = { owner_id = "Owner", '
                'occurred_at = "Created", type = { value = "lunch" } }'
            ),
            (
                "[activities.columns] type: 'lunch' is not an activity type (call, email, meeting, "
                "task)"
            ),
        ),
        (_appended("[[[broken"), "not valid TOML: "),
    ],
)
def test_mapping_mistakes_are_named_by_file_and_key_path(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    for name in ("people.csv", "deals.csv"):
        (tmp_path / name).write_text("Id\n1\n", encoding="utf-8")
    old, new = change
    text = BASE + "\n" + new if not old else BASE.replace(old, new)
    (tmp_path / "mapping.toml").write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as error:
        mapping_read(tmp_path / "mapping.toml")
    assert str(error.value).startswith(f"mapping.toml: {expected}")


def test_the_base_mapping_of_the_mistake_cases_is_itself_valid(tmp_path: Path) -> None:
    for name in ("people.csv", "deals.csv"):
        (tmp_path / name).write_text("Id\n1\n", encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(BASE, encoding="utf-8")
    mapping = mapping_read(tmp_path / "mapping.toml")
    assert (mapping.source, mapping.rep_key, [f.entity for f in mapping.files]) == (
        "csv",
        "id",
        ["reps", "opportunities"],
    )


def test_a_missing_mapping_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"^nowhere\.toml: the mapping file cannot be read"):
        mapping_read(tmp_path / "nowhere.toml")


@pytest.mark.django_db(transaction=True)
def test_uplift_import_csv_json(tmp_path: Path, settings: Any) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    result = CliRunner().invoke(main, ["import", "csv", "--mapping", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["source"] == "pipedrive"
    assert {e["entity"]: e["inserted"] for e in summary["entities"]} == {
        "reps": 5,
        "accounts": 3,
        "opportunities": 4,
        "activities": 5,
        "quotas": 2,
    }
    assert summary["people"]["created"] == 5
    assert summary["missing_references"] == []


@pytest.mark.django_db(transaction=True)
def test_uplift_import_csv_reports_a_bad_mapping(tmp_path: Path, settings: Any) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[reps]\nfile = "people.csv"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "csv", "--mapping", str(mapping), "--json"])
    assert result.exit_code == 1
    assert "mapping.toml: [reps] file: people.csv does not exist" in result.output
    assert result.stdout == ""


def test_a_rep_listed_twice_is_kept_once_from_its_last_row(tmp_path: Path) -> None:
    people = [*FILES["people.csv"], "ANN.LEE@example.com,Ann Lee-Park,Senior AE,01/02/2022"]
    summary = run_import(
        write_export(tmp_path / "export", {"people.csv": people}), tmp_path / "analytics.duckdb"
    )
    (reps,) = [e for e in summary.entities if e.entity == "reps"]
    assert (reps.read, reps.inserted, reps.rejected) == (2, 2, 1)
    ann = next(r for r in snapshot(tmp_path / "analytics.duckdb")["crm_reps"] if r[1] == ANN)
    assert ann[2:4] == ("Ann Lee-Park", "ann.lee@example.com")
