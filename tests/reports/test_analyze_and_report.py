"""`uplift analyze` and `uplift report scorecards|segments|gap` end to end on generated data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_django.fixtures import Settings

from uplift.cli import main
from uplift.crm.services import crm_import
from uplift.insights.models import AnalysisRun
from uplift.orgs.services import organisation_get_or_create
from uplift.synthetic import generate_export

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_export(tmp_path_factory.mktemp("export"), reps=60, months=14, seed=11).directory


@pytest.fixture
def imported(export: Path, settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    org = organisation_get_or_create(name="Acme", slug="acme")
    crm_import(source="salesforce", location=export, organisation=org)
    return export


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_reports_need_an_analysis_first(imported: Path) -> None:
    result = invoke("report", "segments", "--json")
    assert result.exit_code == 1
    assert "uplift analyze" in result.stderr


def test_analyze_then_every_performance_report_as_json(imported: Path) -> None:
    analysed = invoke("analyze")
    assert analysed.exit_code == 0, analysed.output
    assert "Analysed Acme as of" in analysed.stdout
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.SUCCEEDED

    segments = json.loads(invoke("report", "segments", "--json").stdout)
    assert segments["as_of"] == str(run.as_of)
    reps = segments["reps"]
    assert {"rep_id", "email", "name", "team", "segment", "p_star"} <= set(reps[0])
    bands = {r["segment"] for r in reps}
    assert bands == {"star", "core", "tail"}
    assert all(0.0 <= r["p_star"] <= 1.0 for r in reps)
    stars = [r for r in reps if r["segment"] == "star"]
    assert len(stars) == segments["bands"]["n_star"]

    gap = json.loads(invoke("report", "gap", "--json").stdout)
    assert {"as_of", "metrics", "opportunity"} <= set(gap)
    win = next(m for m in gap["metrics"] if m["metric"] == "win_rate")
    assert win["star"] > win["core"]  # the generator plants stars who win more
    assert win["ci"][0] <= win["gap_pct"] <= win["ci"][1]
    assert gap["opportunity"]["close_fraction"] == 0.25
    assert gap["opportunity"]["annual_value"] > 0

    cards = json.loads(invoke("report", "scorecards", "--json").stdout)
    assert len(cards["reps"]) >= len(reps)
    assert {"deals_closed", "deals_won", "win_rate", "bookings_cents"} <= set(cards["reps"][0])


def test_reports_as_tables(imported: Path) -> None:
    invoke("analyze")
    segments = invoke("report", "segments")
    assert segments.exit_code == 0, segments.output
    assert "Stars, core and tail as of" in segments.stdout
    gap = invoke("report", "gap")
    assert "Lifting the core by 25% of the gap is worth about" in gap.stdout
    assert "Scorecards" in invoke("report", "scorecards").stdout


def test_team_filter(imported: Path) -> None:
    invoke("analyze")
    everyone = json.loads(invoke("report", "segments", "--json").stdout)["reps"]
    team = everyone[0]["team"]
    only = json.loads(invoke("report", "segments", "--team", team, "--json").stdout)
    assert only["team"] == team
    assert {r["team"] for r in only["reps"]} == {team}
    gap = json.loads(invoke("report", "gap", "--team", team.upper(), "--json").stdout)
    assert gap["scope"] == "team"
    missing = invoke("report", "segments", "--team", "No Such Team")
    assert missing.exit_code == 1
    assert "No ranked reps in team 'No Such Team'" in missing.stderr


def test_as_of_analyses_that_day(imported: Path) -> None:
    result = invoke("report", "segments", "--as-of", "2026-06-30", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2026-06-30"
    bad = invoke("analyze", "--as-of", "30/06/2026")
    assert bad.exit_code == 2
    assert "not a date" in bad.stderr
