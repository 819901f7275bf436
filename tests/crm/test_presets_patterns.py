"""A mapping section's file named by a pattern or a list of candidates, as the presets name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from uplift.crm.importers.mapping import MappingError, mapping_read

COLUMNS = """
[opportunities.columns]
opportunity_id = "Id"
owner_id = "Owner"
is_won = { column = "Status", map = { won = true, lost = false, open = false } }
is_closed = { column = "Status", map = { won = true, lost = true, open = false } }
"""
DEALS = "Id,Owner,Status\nD1,ann,won\n"


def export(folder: Path, file: str, *names: str, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(DEALS, encoding="utf-8")
    mapping = folder / "mapping.toml"
    mapping.write_text(f"[opportunities]\nfile = {file}\n{extra}{COLUMNS}", encoding="utf-8")
    return mapping


def read_error(mapping: Path) -> str:
    with pytest.raises(MappingError) as error:
        mapping_read(mapping)
    return str(error.value)


def test_a_named_file_reads_as_it_always_has_and_is_not_announced(tmp_path: Path) -> None:
    mapping = mapping_read(export(tmp_path, '"deals.csv"', "deals.csv"))
    assert [f.path.name for f in mapping.files] == ["deals.csv"]
    assert mapping.notes == ()


def test_a_pattern_finds_the_one_file_ignoring_case(tmp_path: Path) -> None:
    mapping = mapping_read(export(tmp_path, '"deals*.csv"', "Deals-2024-05-02.CSV"))
    assert [f.path.name for f in mapping.files] == ["Deals-2024-05-02.CSV"]
    assert mapping.notes == (
        "[opportunities] read Deals-2024-05-02.CSV (the file matching 'deals*.csv')",
    )


def test_candidates_are_tried_in_turn(tmp_path: Path) -> None:
    mapping = mapping_read(
        export(tmp_path, '["deals.xlsx", "deals*.csv"]', "deals-1.csv", "old-deals.csv")
    )
    assert [f.path.name for f in mapping.files] == ["deals-1.csv"]


def test_a_pattern_matching_several_files_names_them(tmp_path: Path) -> None:
    mapping = export(tmp_path, '"deals*.csv"', "deals-1.csv", "deals-2.csv")
    assert read_error(mapping) == (
        "mapping.toml: [opportunities] file: 'deals*.csv' matches 2 files (deals-1.csv, "
        "deals-2.csv): leave one of them in the folder, or name the file in a copy of the mapping"
    )


def test_excel_lock_files_and_hidden_files_are_never_picked(tmp_path: Path) -> None:
    mapping = export(tmp_path, '"*deals*.csv"', "deals.csv", "~$deals.csv", ".deals.csv")
    assert [f.path.name for f in mapping_read(mapping).files] == ["deals.csv"]


def test_nothing_found_names_the_patterns_and_what_the_folder_holds(tmp_path: Path) -> None:
    mapping = export(tmp_path, '["deals*.csv", "deals*.xlsx"]', "contacts.csv")
    assert read_error(mapping) == (
        "mapping.toml: [opportunities] file: no file matches 'deals*.csv' or 'deals*.xlsx' in "
        f"{tmp_path.resolve()} (the folder holds contacts.csv, mapping.toml)"
    )


def test_an_optional_section_without_its_file_is_skipped(tmp_path: Path) -> None:
    mapping = export(tmp_path, '"deals.csv"', "deals.csv")
    mapping.write_text(
        mapping.read_text()
        + '\n[activities]\nfile = "calls*.csv"\noptional = true\n'
        + '[activities.columns]\nowner_id = "Owner"\noccurred_at = "When"\n'
        + 'type = { value = "call" }\n',
        encoding="utf-8",
    )
    read = mapping_read(mapping)
    assert [f.entity for f in read.files] == ["opportunities"]
    assert read.notes == (
        "[activities] skipped: no file matches 'calls*.csv' (the section is optional)",
    )


def test_optional_must_be_true_or_false(tmp_path: Path) -> None:
    mapping = export(tmp_path, '"deals.csv"', "deals.csv", extra='optional = "yes"\n')
    assert read_error(mapping) == (
        "mapping.toml: [opportunities] optional: expected true or false, found 'yes'"
    )


def test_a_pattern_reaches_into_a_named_folder_only(tmp_path: Path) -> None:
    mapping = export(tmp_path, '"crm/deals*.csv"', "crm/deals-7.csv")
    assert [f.path.name for f in mapping_read(mapping).files] == ["deals-7.csv"]
    mapping = export(tmp_path, '"*/deals*.csv"', "crm/deals-7.csv")
    assert read_error(mapping) == (
        "mapping.toml: [opportunities] file: '*/deals*.csv': a pattern may match file names, "
        "not folders"
    )


def test_a_pattern_does_not_lead_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text(DEALS, encoding="utf-8")
    folder = tmp_path / "export"
    mapping = export(folder, '"*.csv"')
    (folder / "deals.csv").symlink_to(outside)
    assert read_error(mapping) == (
        "mapping.toml: [opportunities] file: 'deals.csv': it leads outside the mapping "
        "file's folder through a link"
    )
    mapping = export(folder, '"../*.csv"')
    assert "'..' may not leave its folder" in read_error(mapping)


def test_a_file_named_with_brackets_is_read_as_named(tmp_path: Path) -> None:
    mapping = mapping_read(export(tmp_path, '"deals[1].csv"', "deals[1].csv"))
    assert [f.path.name for f in mapping.files] == ["deals[1].csv"]
    assert mapping.notes == ()


def test_the_preset_table_is_checked(tmp_path: Path) -> None:
    mapping = export(tmp_path, '"deals.csv"', "deals.csv")
    mapping.write_text('[preset]\ncrm = "X"\nowner = "me"\n' + mapping.read_text())
    assert read_error(mapping) == (
        "mapping.toml: [preset]: unknown key 'owner' (known: crm, expects)"
    )
