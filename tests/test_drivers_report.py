"""`uplift report drivers` end to end: import a generated export, analyse, print the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.factories import OrganisationFactory
from uplift.cli import main
from uplift.crm.services import crm_import
from uplift.insights.models import Snapshot
from uplift.pipeline.services import analysis_run
from uplift.synthetic import generate_export

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("drivers") / "export"
    generate_export(directory, reps=80, months=12, seed=3)
    return directory


@pytest.fixture
def analysed(settings: SettingsWrapper, tmp_path: Path, export: Path) -> None:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    organisation = OrganisationFactory(name="Acme", slug="acme")
    crm_import(source="salesforce", location=export, organisation=organisation)
    analysis_run(organisation=organisation)


def report(*args: str) -> Any:
    result = CliRunner().invoke(main, ["report", "drivers", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.usefixtures("analysed")
def test_the_drivers_report_as_json() -> None:
    doc = json.loads(report("--json").stdout)
    assert {"as_of", "window", "drivers", "profiles", "method"} <= set(doc)
    drivers = {d["behavior"]: d for d in doc["drivers"]}
    for key in (
        "meetings_per_opportunity",
        "calls_per_opportunity",
        "emails_per_opportunity",
        "contacts_per_opportunity",
    ):
        assert {"label", "star", "core", "effect_size", "q_value", "reading"} <= set(drivers[key])
    assert drivers["contacts_per_opportunity"]["significant"]
    assert not drivers["emails_per_opportunity"]["significant"]
    assert not [key for key in drivers if key.startswith(("conversion_", "days_in_"))]
    assert "sales_cycle_days" not in drivers
    assert any(d["behavior"].startswith("conversion_") for d in doc["where_stars_win"])
    assert doc["missing"] == []
    assert doc["profiles"]
    assert Snapshot.objects.filter(kind="drivers").count() == 1


@pytest.mark.usefixtures("analysed")
def test_a_team_keeps_its_stars_profiles_and_the_organisations_drivers() -> None:
    whole = json.loads(report("--json").stdout)
    team = whole["profiles"][0]["team"]
    doc = json.loads(report("--json", "--team", team).stdout)
    assert doc["drivers"] == whole["drivers"]
    assert doc["profiles"]
    assert all(p["team"] == team for p in doc["profiles"])
    assert "organisation" in doc["note"]
    unknown = CliRunner().invoke(main, ["report", "drivers", "--team", "Nowhere"])
    assert unknown.exit_code == 1
    assert "No ranked reps in team 'Nowhere'" in unknown.output


@pytest.mark.usefixtures("analysed")
def test_the_drivers_report_as_a_table() -> None:
    out = report().stdout
    assert "What stars do differently" in out
    assert "Where stars win" in out
    assert out.index("Contacts per opportunity") < out.index("Where stars win")
    assert out.index("Where stars win") < out.index("Conversion ")
    assert "no clear difference" in out
    assert "Correlation, not causation" in out
    assert "Distinctive behaviours of the stars" in out


def test_an_export_without_behaviours_says_so_instead_of_an_empty_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from uplift.pipeline.analyses.drivers import drivers_print

    doc = {
        "drivers": [],
        "where_stars_win": [],
        "missing": [
            {"label": "Meetings per opportunity", "reason": "this export has no activities"}
        ],
        "caution": "Correlation, not causation.",
        "profiles": [],
    }
    drivers_print(doc)
    out = capsys.readouterr().out
    assert "What stars do differently: nothing this export lets us measure." in out
    assert "Meetings per opportunity: this export has no activities." in out
    assert "┏" not in out  # no empty table


def test_star_lines_do_not_read_as_a_finding_when_no_behaviour_is_measured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from uplift.pipeline.analyses.drivers import drivers_print

    doc = {
        "drivers": [],
        "where_stars_win": [],
        "missing": [{"label": "Calls per opportunity", "reason": "this export has no activities"}],
        "caution": "Correlation, not causation.",
        "profiles": [{"rep_id": "r1", "name": "Marty Keller", "team": "A", "distinctive": []}],
    }
    drivers_print(doc)
    out = capsys.readouterr().out
    assert "nothing stands out" not in out
    assert "none measured: this export has none of the behaviours listed above." in out
    assert "Marty Keller" not in out
