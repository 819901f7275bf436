"""`uplift report impact` end to end: import an export and its adoptions, analyse, report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.factories import OrganisationFactory
from uplift.cli import main
from uplift.crm.services import crm_import
from uplift.orgs.models import Organisation
from uplift.pipeline.services import analysis_run
from uplift.practices.adoption_import import adoptions_import
from uplift.practices.models import Adoption, Practice
from uplift.synthetic import generate_export

pytestmark = pytest.mark.django_db(transaction=True)

READINGS = {
    "likely positive",
    "likely negative",
    "no effect detected",
    "too early to say",
    "pre-trends differ: treat with caution",
}


@pytest.fixture
def organisation(settings: SettingsWrapper, tmp_path: Path) -> Organisation:
    """A generated organisation (users, accounts and deals) with its adoptions imported."""
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    export = tmp_path / "export"
    generate_export(export, reps=120, months=18, seed=5)
    outcomes = tmp_path / "outcomes"
    outcomes.mkdir()
    for name in ("User.csv", "Account.csv", "Opportunity.csv"):
        shutil.copy(export / name, outcomes / name)
    org = OrganisationFactory(name="Generated", slug="generated")
    crm_import(source="salesforce", location=outcomes, organisation=org)
    summary = adoptions_import(path=export / "adoptions.csv", organisation=org)
    assert summary.rejected == 0
    return org


def test_the_impact_report_as_json(organisation: Organisation) -> None:
    analysis_run(organisation=organisation)
    result = CliRunner().invoke(main, ["report", "impact", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["as_of"] == "2026-10-31"
    assert document["method"] == "imputation"
    assert document["estimator"] == "imputation"
    practices = {p.title: p.pk for p in Practice.objects.filter(organisation=organisation)}
    rows = document["practices"]
    assert {(row["practice"], row["metric"]) for row in rows} == {
        (title, metric) for title in practices for metric in ("win_rate", "bookings")
    }
    for row in rows:
        assert row["practice_id"] == practices[row["practice"]]
        assert row["adopters"] >= 5
        assert row["comparison_reps"] > row["adopters"]
        assert row["estimator"] == "imputation"
        expected = "deal_created" if row["metric"] == "win_rate" else "rep_month"
        assert row["exposure"] == expected
        assert row["method"] == f"imputation_{expected}"
        assert row["exposure_rule"]
        assert row["pre_trend"].startswith(("Before adopting", "Not checked"))
        low, high = row["ci"]
        assert low < row["att"] < high
        assert row["reading"] in READINGS
        assert row["contributors"] == []
        assert row["event_study"]
        assert {"event_time", "att", "ci"} <= set(row["event_study"][0])
        if row["metric"] == "win_rate":
            assert row["unit"] == "fraction"
            assert -0.5 < row["att"] < 0.5  # a fraction, not percentage points
    assert document["not_estimated"] == []
    assert document["coaching"] == []


def test_the_impact_report_as_a_table(organisation: Organisation) -> None:
    analysis_run(organisation=organisation)
    result = CliRunner().invoke(main, ["report", "impact"])
    assert result.exit_code == 0, result.output
    assert "Impact of practices as of 2026-10-31" in result.stdout
    assert "Mutual close plan" in result.stdout
    assert "win rate" in result.stdout
    assert "percentage points" in result.stdout


def test_without_dated_adoptions_the_report_says_what_to_do(organisation: Organisation) -> None:
    Adoption.objects.all().delete()
    analysis_run(organisation=organisation)
    result = CliRunner().invoke(main, ["report", "impact", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["practices"] == []
    assert any("uplift import adoptions" in note for note in document["notes"])
