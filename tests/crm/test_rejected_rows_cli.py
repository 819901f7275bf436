"""`uplift import … --skip-invalid` end to end through the command line, and the import history
it leaves: every run recorded, failed ones too, and listed on the Imports page."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from pytest_django.fixtures import Settings

from tests.conftest import World
from tests.crm.test_mapped_spreadsheets import write_export
from tests.crm.test_rejected_rows import SHEET, read_rejects
from uplift.cli import main
from uplift.crm.models import ImportRecord
from uplift.crm.services import crm_import
from uplift.orgs.models import Organisation, Person


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return tmp_path


def uplift(*args: str) -> Any:
    return CliRunner().invoke(main, ["import", *args, "--organisation", "acme"])


def test_skip_invalid_imports_the_valid_rows_and_writes_the_rejects_file(
    world: World, store: Path
) -> None:
    mapping = write_export(store / "export", "xlsx", {"Deals": SHEET})
    rejects = store / "out" / "rejects.csv"
    result = uplift(
        "csv", "--mapping", str(mapping), "--skip-invalid", "--rejects", str(rejects), "--json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rejected"] == {"users.csv": 0, "deals.xlsx": 2}
    assert (summary["rows_rejected"], summary["rejects_file"]) == (2, str(rejects))
    assert {e["entity"]: e["inserted"] for e in summary["entities"]}["opportunities"] == 3
    assert [r["rejected_row"] for r in read_rejects(rejects)] == ["6", "7"]
    assert Person.objects.filter(organisation=world.org, crm_user_id="U1").exists()


def test_the_text_summary_says_where_the_rejected_rows_are(world: World, store: Path) -> None:
    mapping = write_export(store / "export", "xlsx", {"Deals": SHEET})
    rejects = store / "rejects.csv"
    result = uplift("csv", "--mapping", str(mapping), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert f"Rejected 2 rows (deals.xlsx: 2), written to {rejects}." in result.stdout


def test_without_rejects_the_file_is_named_after_the_import_in_the_working_directory(
    world: World, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = write_export(store / "export", "xlsx", {"Deals": SHEET})
    monkeypatch.chdir(store)
    result = uplift("csv", "--mapping", str(mapping), "--skip-invalid", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    (written,) = store.glob("rejects-csv-*.csv")
    assert summary["rejects_file"] == str(written)
    assert "No --rejects was given: the rejects file is named after the import" in summary["notes"]
    assert len(read_rejects(written)) == 2


def test_rejects_without_skip_invalid_is_a_usage_error(world: World, store: Path) -> None:
    mapping = write_export(store / "export", "xlsx")
    result = uplift("csv", "--mapping", str(mapping), "--rejects", str(store / "r.csv"))
    assert result.exit_code == 2
    assert "--rejects FILE goes with --skip-invalid" in result.output
    assert not ImportRecord.objects.exists()


def test_salesforce_and_hubspot_take_skip_invalid_too(world: World, store: Path) -> None:
    from tests.crm.hubspot_fixtures import write_export as hubspot_export
    from tests.crm.salesforce_fixtures import write_export as salesforce_export

    for source, export in (
        ("salesforce", salesforce_export(store / "sf")),
        ("hubspot", hubspot_export(store / "hs")),
    ):
        rejects = store / f"{source}.csv"
        result = uplift(source, str(export), "--skip-invalid", "--rejects", str(rejects), "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["rows_rejected"] == 0
        assert rejects.exists()


def test_without_skip_invalid_a_bad_row_stops_the_import_and_writes_nothing(
    world: World, store: Path
) -> None:
    mapping = write_export(store / "export", "xlsx", {"Deals": SHEET})
    result = uplift("csv", "--mapping", str(mapping))
    assert result.exit_code == 1
    assert "nothing was written. deals.xlsx, row 7, column Deal ID:" in result.stderr
    assert not Person.objects.filter(crm_user_id="U1").exists()
    assert Organisation.objects.get(pk=world.org.pk).analytics_store == ""
    (record,) = ImportRecord.objects.all()
    assert record.result == ImportRecord.Result.FAILED
    assert record.message.startswith("deals.xlsx, row 7, column Deal ID:")
    assert record.files == ["mapping.toml", "users.csv", "deals.xlsx"]


def test_with_skip_invalid_a_failure_of_another_kind_writes_nothing_and_is_recorded(
    world: World, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import is one transaction whether or not rows are skipped: a failure after the rows
    were checked (here, pointing the organisation at the new data) leaves both stores as they
    were and writes no rejects file."""

    def broken(**_: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("uplift.crm.services.organisation_store_switch", broken)
    mapping = write_export(store / "export", "xlsx", {"Deals": SHEET})
    rejects = store / "out" / "rejects.csv"
    with pytest.raises(RuntimeError, match="the disk is full"):
        crm_import(
            source="csv",
            location=mapping,
            organisation=world.org,
            skip_invalid=True,
            rejects=rejects,
        )
    assert not Person.objects.filter(crm_user_id="U1").exists()
    assert Organisation.objects.get(pk=world.org.pk).analytics_store == ""
    assert list((store / "out").iterdir()) == []  # neither the file nor its unfinished copy
    (record,) = ImportRecord.objects.all()
    assert (record.result, record.message) == ("failed", "RuntimeError: the disk is full")
    assert record.skip_invalid


def test_a_command_line_import_is_recorded_and_listed_on_the_imports_page(
    world: World, store: Path, client: Client
) -> None:
    mapping = write_export(store / "export", "xlsx", {"Deals": SHEET})
    rejects = store / "rejects.csv"
    result = uplift("csv", "--mapping", str(mapping), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    (record,) = ImportRecord.objects.all()
    assert record.organisation == world.org
    assert (record.started_by, record.job, record.command_line_user) == (
        None,
        None,
        getpass.getuser(),
    )
    assert (record.source, record.export_source, record.result) == (
        "csv",
        "unknowncrm",
        "succeeded",
    )
    assert record.files == ["users.csv", "deals.xlsx"]
    assert (record.rows_read, record.rows_inserted, record.rows_updated) == (7, 5, 0)
    assert (record.rows_rejected, record.rejected) == (2, {"users.csv": 0, "deals.xlsx": 2})
    assert record.rejects_file == str(rejects)
    assert record.seconds > 0

    client.force_login(world.ada)
    page = client.get("/enablement/imports/").text
    assert "No imports yet" not in page
    assert f"command line ({getpass.getuser()})" in page
    assert "7 rows read, 5 new, 0 updated, 2 rejected" in page
    assert f"written to <code>{rejects}</code>" in page


def test_the_history_lists_every_import_newest_first_and_only_the_organisations_own(
    world: World, store: Path, client: Client
) -> None:
    good = write_export(store / "good", "xlsx")
    bad = write_export(store / "bad", "xlsx", {"Deals": SHEET})
    assert uplift("csv", "--mapping", str(good)).exit_code == 0
    assert uplift("csv", "--mapping", str(bad)).exit_code == 1
    assert uplift("csv", "--mapping", str(good), "--dry-run").exit_code == 0
    other = CliRunner().invoke(
        main, ["import", "csv", "--mapping", str(good), "--organisation", "other"]
    )
    assert other.exit_code == 0, other.output
    client.force_login(world.ada)
    page = client.get("/enablement/imports/").text
    badges = [part.split(">", 1)[1].split("<", 1)[0] for part in page.split('"import-result"')[1:]]
    assert badges == ["Dry run", "Failed", "Succeeded"]
