"""`uplift import csv --preset NAME DIR`, `--presets` and `--print` on the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings as SettingsWrapper

from uplift.cli import main
from uplift.crm.presets import preset_get, preset_names

FIXTURES = Path(__file__).parent / "presets"
KNOWN = "close, deals-spreadsheet, dynamics, freshsales, pipedrive, zoho"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "csv", *args])
    return result.exit_code, result.stdout, result.stderr


def test_presets_lists_each_one_with_the_export_it_expects() -> None:
    code, out, _ = run("--presets")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[: len(preset_names())]] == list(preset_names())
    assert lines[4].startswith(
        "pipedrive          Pipedrive: deals list export (deals*.csv or deals*.xlsx)"
    )
    assert lines[2].endswith("saved as CSV (*opportunit*.csv) (also --preset dynamics365)")
    assert "uplift import csv --preset NAME DIR" in out
    assert "uplift import csv --preset NAME --print > mapping.toml" in out


def test_presets_as_json() -> None:
    code, out, _ = run("--presets", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [p["name"] for p in listed] == list(preset_names())
    pipedrive = next(p for p in listed if p["name"] == "pipedrive")
    assert pipedrive["crm"] == "Pipedrive"
    assert pipedrive["files"] == [
        {"section": "opportunities", "patterns": ["deals*.csv", "deals*.xlsx"], "optional": False},
        {
            "section": "activities",
            "patterns": ["activities*.csv", "activities*.xlsx"],
            "optional": True,
        },
    ]
    assert all({"name", "aliases", "crm", "expects", "files"} <= set(p) for p in listed)
    assert {p["name"]: p["aliases"] for p in listed if p["aliases"]} == {
        "deals-spreadsheet": ["spreadsheet"],
        "dynamics": ["dynamics365"],
    }


def test_the_presets_of_the_contract_are_listed() -> None:
    _, out, _ = run("--presets", "--json")
    names = {p["name"] for p in json.loads(out)}
    assert names >= {"pipedrive", "zoho", "dynamics", "freshsales", "close", "deals-spreadsheet"}


@pytest.mark.parametrize(
    ("alias", "name"), [("dynamics365", "dynamics"), ("spreadsheet", "deals-spreadsheet")]
)
def test_a_former_name_prints_the_same_preset(alias: str, name: str) -> None:
    code, out, _ = run("--preset", alias, "--print")
    assert code == 0
    assert out == preset_get(name).path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--mapping", "mapping.toml", "--preset", "zoho", "."],
            "Give --mapping FILE or --preset NAME DIR, not both.",
        ),
        (
            [],
            (
                "Give --mapping FILE (a mapping of your own) or --preset NAME DIR (a ready-made "
                f"one: {KNOWN}); --presets lists what each expects."
            ),
        ),
        (
            ["--preset", "salesforce", "."],
            f"No ready-made mapping is named 'salesforce'; the known ones: {KNOWN}.",
        ),
        (
            ["--preset", "zoho"],
            "--preset zoho reads the export in a folder: uplift import csv --preset zoho DIR",
        ),
        (["--mapping", "mapping.toml", "."], "DIR goes with --preset NAME"),
        (["--preset", "zoho", "no-such-folder"], "no-such-folder is not a folder"),
    ],
)
def test_a_wrong_choice_of_options_is_a_usage_error(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in " ".join(err.split())


def test_print_shows_the_preset_to_copy() -> None:
    code, out, _ = run("--preset", "close", "--print")
    assert code == 0
    assert out == preset_get("close").path.read_text(encoding="utf-8")


@pytest.fixture
def store(settings: SettingsWrapper, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{path}"
    return path


@pytest.mark.django_db(transaction=True)
def test_import_through_a_preset(tmp_path: Path, store: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "pipedrive", export)
    code, out, err = run("--preset", "pipedrive", str(export), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["source"] == "pipedrive"
    counts = {e["entity"]: e["inserted"] for e in summary["entities"]}
    assert counts["opportunities"] == 12
    assert counts["activities"] == 5
    assert summary["people"]["created"] == 2
    assert summary["notes"][0] == (
        "[opportunities] read deals-8841203-57.csv (the file matching 'deals*.csv')"
    )


@pytest.mark.django_db(transaction=True)
def test_a_preset_and_its_former_name_import_the_same_records(tmp_path: Path, store: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "deals-spreadsheet", export)
    code, out, err = run("--preset", "deals-spreadsheet", str(export), "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["source"] == "spreadsheet"  # the records' source, as before the rename
    assert {e["entity"]: e["inserted"] for e in first["entities"]}["opportunities"] == 12
    code, out, err = run("--preset", "spreadsheet", str(export), "--json")
    assert code == 0, err
    again = {e["entity"]: (e["inserted"], e["unchanged"]) for e in json.loads(out)["entities"]}
    assert again["opportunities"] == (0, 12)


@pytest.mark.django_db(transaction=True)
def test_a_printed_preset_works_as_a_mapping_file(tmp_path: Path, store: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(FIXTURES / "zoho", export)
    _, toml, _ = run("--preset", "zoho", "--print")
    (export / "mapping.toml").write_text(toml, encoding="utf-8")
    code, out, err = run("--mapping", str(export / "mapping.toml"), "--json")
    assert code == 0, err
    assert {e["entity"]: e["inserted"] for e in json.loads(out)["entities"]}["opportunities"] == 12


@pytest.mark.django_db(transaction=True)
def test_a_folder_without_the_export_fails_naming_the_patterns(tmp_path: Path, store: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "notes.txt").write_text("nothing to see\n", encoding="utf-8")
    code, _, err = run("--preset", "freshsales", str(export))
    assert code == 1
    assert " ".join(err.split()) == (
        "uplift: import failed, nothing was written. preset freshsales: [opportunities] file: "
        f"no file matches '*deals*.csv' or '*deals*.xlsx' in {export.resolve()} (the folder "
        "holds notes.txt)"
    )
