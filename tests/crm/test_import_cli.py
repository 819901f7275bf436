"""`uplift import salesforce` end to end through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.crm.salesforce_fixtures import OPPORTUNITIES, write_export
from uplift.cli import main
from uplift.orgs.models import Person, Role, Team

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store(settings: SettingsWrapper, tmp_path: Path) -> Path:
    path = tmp_path / "analytics.duckdb"
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{path}"
    return path


def test_import_prints_a_json_summary_and_links_people(tmp_path: Path, store: Path) -> None:
    export = write_export(tmp_path / "export")
    result = CliRunner().invoke(main, ["import", "salesforce", str(export), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {e["entity"]: e["inserted"] for e in summary["entities"]}["opportunities"] == 3
    assert summary["missing_references"][0]["ids"] == ["0055g00000ZZZZZAAQ"]
    assert summary["people"] == {
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "email_elsewhere": 0,
        "teams": 1,
    }

    rita = Person.objects.get(email="rita@example.com")
    assert rita.crm_user_id == "0055g00000CCCCCAA5"
    assert rita.manager is not None
    assert rita.manager.email == "mo@example.com"
    assert rita.manager.role == Role.MANAGER
    assert not rita.has_usable_password()
    assert Person.objects.get(email="lena.boss@example.com").role == Role.LEADER
    team = Team.objects.get(name="Enterprise East")
    assert team.manager == rita.manager
    assert team.parent is not None
    assert team.parent.name == "North America"
    assert not Person.objects.get(email="sam@example.com").is_active

    again = json.loads(
        CliRunner().invoke(main, ["import", "salesforce", str(export), "--json"]).stdout
    )
    assert again["people"]["created"] == 0
    assert all(e["inserted"] == 0 and e["updated"] == 0 for e in again["entities"])


def test_a_table_summary_on_the_terminal(tmp_path: Path, store: Path) -> None:
    result = CliRunner().invoke(main, ["import", "salesforce", str(write_export(tmp_path / "e"))])
    assert result.exit_code == 0, result.output
    assert "Imported: salesforce export" in result.stdout
    assert "opportunity owners missing from the users" in result.stdout


def test_bad_input_exits_non_zero_with_the_place_named(tmp_path: Path, store: Path) -> None:
    bad = [OPPORTUNITIES[0], OPPORTUNITIES[1].replace("2024-03-15", "15/03/2024")]
    export = write_export(tmp_path / "e", {"Opportunity.csv": bad})
    result = CliRunner().invoke(main, ["import", "salesforce", str(export)])
    assert result.exit_code == 1
    assert "Opportunity.csv, row 2, column CloseDate" in result.stderr
    assert "nothing was written" in result.stderr
    assert Person.objects.count() == 0


def test_dry_run_changes_nothing(tmp_path: Path, store: Path) -> None:
    export = write_export(tmp_path / "e")
    result = CliRunner().invoke(main, ["import", "salesforce", str(export), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dry_run"] is True
    assert Person.objects.count() == 0
