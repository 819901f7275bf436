"""A mapping file reads only files in its own folder, never the server's, whatever it names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.crm import hubspot_fixtures, salesforce_fixtures
from uplift.cli import main
from uplift.crm.importers.errors import MalformedInputError
from uplift.crm.importers.hubspot import stage_hubspot_export
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.importers.runner import import_export
from uplift.crm.importers.salesforce import stage_salesforce_export

PEOPLE = "Id\nU1\n"
DEALS = "Id,Owner,Name,Amount,Won,Closed\nO1,U1,Deal,100,true,true\n"


def _mapping(folder: Path, people: str, deals: str = "deals.csv") -> Path:
    """A valid mapping in `folder` whose [reps] file is `people` (a TOML basic string's body)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deals.csv").write_text(DEALS, encoding="utf-8")
    mapping = folder / "mapping.toml"
    mapping.write_text(
        f'[reps]\nfile = "{people}"\ncolumns = {{ rep_id = "Id" }}\n\n'
        f'[opportunities]\nfile = "{deals}"\n[opportunities.columns]\n'
        'opportunity_id = "Id"\nowner_id = "Owner"\nname = "Name"\namount_cents = "Amount"\n'
        'is_won = "Won"\nis_closed = "Closed"\n',
        encoding="utf-8",
    )
    return mapping


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file of the server's, beside the folder of the export (like UPLIFT_HOME/secret_key)."""
    path = tmp_path / "secret_key"
    path.write_text("Id\nnot-for-you\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/etc/passwd", "not an absolute path"),
        ("../secret_key", "'..' may not leave its folder"),
        ("../../secret_key", "'..' may not leave its folder"),
        ("sub/../../secret_key", "'..' may not leave its folder"),
        ("..\\\\secret_key", "'..' may not leave its folder"),
        ("C:\\\\Windows\\\\win.ini", "not an absolute path"),
        ("people\\u0000.csv", "cannot hold a NUL character"),
    ],
)
def test_a_file_outside_the_mapping_folder_is_refused(
    tmp_path: Path, secret: Path, name: str, problem: str
) -> None:
    mapping = _mapping(tmp_path / "export", name)
    with pytest.raises(MappingError, match=r"^mapping\.toml: \[reps\] file: ") as error:
        mapping_read(mapping)
    assert problem in str(error.value)


def test_a_link_leading_outside_the_folder_is_refused(tmp_path: Path, secret: Path) -> None:
    mapping = _mapping(tmp_path / "export", "people.csv")
    (tmp_path / "export" / "people.csv").symlink_to(secret)
    with pytest.raises(MappingError, match="leads outside the mapping file's folder"):
        mapping_read(mapping)


def test_a_linked_folder_leading_outside_is_refused(tmp_path: Path, secret: Path) -> None:
    mapping = _mapping(tmp_path / "export", "up/secret_key")
    (tmp_path / "export" / "up").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(MappingError, match="leads outside the mapping file's folder"):
        mapping_read(mapping)


def test_files_in_the_folder_and_below_it_are_read(tmp_path: Path) -> None:
    export = tmp_path / "export"
    mapping = _mapping(export, "crm/people.csv", deals="./deals-link.csv")
    (export / "crm").mkdir()
    (export / "crm" / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (export / "deals-link.csv").symlink_to(export / "deals.csv")  # a link that stays inside
    files = {f.entity: f.path for f in mapping_read(mapping).files}
    assert files == {
        "reps": (export / "crm" / "people.csv").resolve(),
        "opportunities": (export / "deals.csv").resolve(),
    }


@pytest.mark.django_db(transaction=True)
def test_the_command_refuses_a_mapping_that_reads_the_servers_files(
    tmp_path: Path, secret: Path, settings: Any
) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    mapping = _mapping(tmp_path / "export", "/etc/passwd")
    result = CliRunner().invoke(main, ["import", "csv", "--mapping", str(mapping)])
    assert result.exit_code == 1
    assert "[reps] file: '/etc/passwd': name a file beside the mapping file" in result.output
    assert not (tmp_path / "analytics.duckdb").exists()


@pytest.mark.parametrize(
    ("fixtures", "stager", "linked"),
    [
        (salesforce_fixtures, stage_salesforce_export, "User.csv"),
        (hubspot_fixtures, stage_hubspot_export, "owners.csv"),
    ],
)
def test_an_export_file_linked_from_outside_its_folder_is_refused(
    tmp_path: Path, secret: Path, fixtures: Any, stager: Any, linked: str
) -> None:
    export = fixtures.write_export(tmp_path / "export")
    (export / linked).unlink()
    (export / linked).symlink_to(secret)
    with pytest.raises(MalformedInputError, match=f"^{linked}: is a link to a file outside"):
        import_export(
            stager=stager, location=export, analytics_url=f"duckdb://{tmp_path / 'a.duckdb'}"
        )
