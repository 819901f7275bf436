"""The wizard's choices checked in plain words and written as the mapping file the command line
reads: every file it writes is read back by the importer's own mapping reader."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from uplift.crm.column_profiles import FileSample, column_profile
from uplift.crm.importers.mapping import mapping_read
from uplift.crm.mapping_drafts import (
    ColumnChoice,
    FileChoice,
    MappingChoices,
    WordChoice,
    choices_problems,
    mapping_toml,
    preset_toml,
)
from uplift.crm.mapping_proposals import file_refresh
from uplift.crm.presets import preset_get


def deals(**changes: object) -> FileChoice:
    file = FileChoice(
        file="deals.csv",
        entity="opportunities",
        delimiter=";",
        encoding="cp1252",
        columns=[
            ColumnChoice("Deal ID", "opportunity_id"),
            ColumnChoice("Owner", "owner_id"),
            ColumnChoice("Owner name", "owner_name"),
            ColumnChoice("Value", "amount_cents", reading="comma"),
            ColumnChoice("Won time", "close_date", formats=("%d.%m.%Y %H:%M",)),
            ColumnChoice("Lost time", "close_date", formats=("%d.%m.%Y",)),
            ColumnChoice("Status"),
            ColumnChoice("Notes"),
        ],
        outcome="Status",
        outcome_words=[
            WordChoice("Won", "won"),
            WordChoice("Closed Lost", "lost"),
            WordChoice("Open", "open"),
        ],
    )
    for key, value in changes.items():
        setattr(file, key, value)
    return file


def activities(**changes: object) -> FileChoice:
    file = FileChoice(
        file="calls.xlsx",
        entity="activities",
        sheet="Calls",
        columns=[
            ColumnChoice("Owner", "owner_id"),
            ColumnChoice("When", "occurred_at"),
            ColumnChoice("Length", "duration_minutes", reading="hms"),
        ],
        activity_type="call",
    )
    for key, value in changes.items():
        setattr(file, key, value)
    return file


def written(choices: MappingChoices, folder: Path) -> dict[str, object]:
    """The mapping file of the choices, read back by the importer's reader beside its files."""
    for file in choices.used:
        (folder / file.file).write_text("x\n", encoding="utf-8")
    path = folder / "mapping.toml"
    path.write_text(mapping_toml(choices), encoding="utf-8")
    mapping_read(path)  # raises MappingError on anything the importer would not take
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_the_choices_are_written_as_the_importer_reads_them(tmp_path: Path) -> None:
    choices = MappingChoices(source="othercrm", rep_key="name", files=[deals(), activities()])
    assert choices_problems(choices) == []
    data = written(choices, tmp_path)
    assert data["source"] == "othercrm"
    assert data["keys"] == {"rep": "name", "account": "id"}
    opportunities = data["opportunities"]
    assert isinstance(opportunities, dict)
    assert (opportunities["delimiter"], opportunities["encoding"]) == (";", "cp1252")
    columns = opportunities["columns"]
    assert columns["amount_cents"] == {"column": "Value", "decimal": ","}
    assert columns["close_date"] == {
        "column": ["Won time", "Lost time"],
        "formats": ["%d.%m.%Y %H:%M", "%d.%m.%Y"],
    }
    assert columns["owner_name"] == "Owner name"
    assert columns["is_won"] == {
        "column": "Status",
        "map": {"Won": True, "Closed Lost": False, "Open": False},
        "default": False,
    }
    assert columns["is_closed"]["map"] == {"Won": True, "Closed Lost": True, "Open": False}
    assert "Notes" not in str(columns)
    calls = data["activities"]
    assert isinstance(calls, dict)
    assert calls["sheet"] == "Calls"
    assert calls["columns"]["type"] == {"value": "call"}
    assert calls["columns"]["duration_minutes"] == {"column": "Length", "kind": "hms"}


def test_keys_derived_from_names_leave_the_ids_out(tmp_path: Path) -> None:
    users = FileChoice(
        file="users.csv",
        entity="reps",
        columns=[ColumnChoice("Id", "rep_id"), ColumnChoice("Name", "name")],
    )
    choices = MappingChoices(rep_key="name", files=[deals(), users])
    data = written(choices, tmp_path)
    assert data["reps"]["columns"] == {"name": "Name"}  # type: ignore[index]
    # With a user file the reps' names come from it, not from the deals' owner name column.
    assert "owner_name" not in data["opportunities"]["columns"]  # type: ignore[index]


def test_several_files_of_one_table_are_an_array(tmp_path: Path) -> None:
    meetings = activities(file="meetings.xlsx", sheet="Meetings", activity_type="meeting")
    data = written(MappingChoices(files=[deals(), activities(), meetings]), tmp_path)
    assert [f["file"] for f in data["activities"]] == ["calls.xlsx", "meetings.xlsx"]  # type: ignore[union-attr]


def test_activity_type_words_are_a_map_with_tasks_by_default(tmp_path: Path) -> None:
    typed = activities(
        columns=[*activities().columns, ColumnChoice("Kind", "type")],
        type_words=[WordChoice("Anruf", "call"), WordChoice("Termin", "meeting")],
    )
    data = written(MappingChoices(files=[typed]), tmp_path)
    assert data["activities"]["columns"]["type"] == {  # type: ignore[index]
        "column": "Kind",
        "map": {"Anruf": "call", "Termin": "meeting"},
        "default": "task",
    }


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (MappingChoices(source="My CRM", files=[deals()]), "The CRM's name: use lower-case"),
        (MappingChoices(files=[deals(entity="")]), "Choose what at least one of the files holds."),
        (
            MappingChoices(files=[deals(columns=deals().columns[1:])]),
            "deals.csv: say which column holds the deal id.",
        ),
        (
            MappingChoices(files=[deals(outcome="")]),
            "deals.csv: say which column tells won, lost and open deals.",
        ),
        (
            MappingChoices(files=[deals(outcome_words=[])]),
            "deals.csv: list the won and lost words and what each means.",
        ),
        (
            MappingChoices(
                files=[deals(outcome_words=[WordChoice("Won", "won"), WordChoice("won ", "lost")])]
            ),
            "deals.csv: 'won ' is listed twice in the won and lost words.",
        ),
        (
            MappingChoices(
                files=[deals(columns=[*deals().columns, ColumnChoice("Closed", "is_closed")])]
            ),
            "read no column as Won? or Closed? beside it",
        ),
        (
            MappingChoices(files=[activities(activity_type="")]),
            "calls.xlsx: say which column holds the activity type",
        ),
        (
            MappingChoices(
                files=[deals(columns=[ColumnChoice("When", "close_date", formats=("dd.mm.yyyy",))])]
            ),
            "'dd.mm.yyyy' is not a date format",
        ),
        (
            MappingChoices(rep_key="email", files=[FileChoice("u.csv", "reps", columns=[])]),
            "u.csv: say which column holds the e-mail.",
        ),
        (
            MappingChoices(
                files=[FileChoice("m1.csv", "managers"), FileChoice("m2.csv", "managers")]
            ),
            "Only one file can say who reports to whom.",
        ),
    ],
)
def test_what_must_change_is_said_in_plain_words(choices: MappingChoices, message: str) -> None:
    assert any(message in p.message for p in choices_problems(choices)), choices_problems(choices)


def test_the_choices_survive_their_json() -> None:
    choices = MappingChoices(source="x", rep_key="email", files=[deals(), activities()], preset="")
    assert MappingChoices.from_dict(choices.as_dict()) == choices


def test_a_ready_made_mapping_reads_the_uploaded_file(tmp_path: Path) -> None:
    choices = MappingChoices(
        source="zoho", preset="zoho", files=[FileChoice("export.csv", "opportunities")]
    )
    text = preset_toml(choices, preset_get("zoho").path.read_text(encoding="utf-8"))
    data = tomllib.loads(text)
    assert "preset" not in data
    assert data["opportunities"]["file"] == "export.csv"
    assert data["opportunities"]["columns"]["opportunity_id"] == "Record Id"
    (tmp_path / "export.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(text, encoding="utf-8")
    assert mapping_read(tmp_path / "mapping.toml").files[0].path.name == "export.csv"


def test_a_header_read_as_another_column_gets_that_column_s_reading() -> None:
    sample = FileSample(
        name="deals.csv",
        headers=("Deal ID", "Closed", "Betrag", "Phase"),
        profiles=(
            column_profile("Deal ID", ["1", "2"]),
            column_profile("Closed", ["15.06.2024", "01.07.2024"]),
            column_profile("Betrag", ["1.200,50", "3,5"]),
            column_profile("Phase", ["Gewonnen", "Verloren", "Angebot"]),
        ),
    )
    kept = FileChoice(
        "deals.csv", "opportunities", columns=[ColumnChoice(h) for h in sample.headers]
    )
    posted = FileChoice(
        "deals.csv",
        "opportunities",
        columns=[
            ColumnChoice("Deal ID", "opportunity_id"),
            ColumnChoice("Closed", "close_date"),
            ColumnChoice("Betrag", "amount_cents"),
            ColumnChoice("Phase", "stage"),
        ],
        outcome="Phase",
    )
    file = file_refresh(sample, kept, posted)
    assert file.columns[1].formats == ("%d.%m.%Y",)
    assert file.columns[2].reading == "comma"
    assert [(w.word, w.meaning) for w in file.outcome_words] == [
        ("Gewonnen", "won"),
        ("Verloren", "lost"),
        ("Angebot", "open"),
    ]
    again = file_refresh(sample, kept, FileChoice("deals.csv", "accounts", columns=posted.columns))
    assert again.entity == "accounts"
    assert "close_date" not in again.targets
