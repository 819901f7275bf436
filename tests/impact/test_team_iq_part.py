"""The team-iq analysis part on a generated organisation: stored, reported, filtered."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uplift.cli import main
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import trend_of
from uplift.insights.snapshots.store import SnapshotKind, snapshot_json
from uplift.orgs.models import Organisation, Person, Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_series_is_stored_with_its_components_and_samples(analysed: AnalysisRun) -> None:
    document = snapshot_json(run=analysed, kind=SnapshotKind.TEAM_IQ)
    assert document["as_of"] == "2026-10-31"
    periods = [p["period"] for p in document["series"] if p["team"] == "all"]
    assert periods == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    first, *_, last = [p for p in document["series"] if p["team"] == "all"]
    assert first["team_iq"] == 100.0
    # the December assessments are the capability baseline; June's are a point higher on 1-5
    capability = [p["components"]["capability"] for p in document["series"] if p["team"] == "all"]
    assert capability[0]["baseline_period"] == "2025-Q4"
    assert capability[0]["n"]["reps"] == 20
    assert capability[-1]["parts"]["mean_rating"] == pytest.approx(3.0)
    assert capability[-1]["index"] == pytest.approx(125.0)
    assert last["components"]["knowledge_flow"]["n"]["adoptions"] > 0
    assert last["components"]["results"]["n"]["closed_deals"] > 0
    assert sum(last["weights_used"].values()) == pytest.approx(1.0, abs=1e-3)
    assert document["sources"]["assessment_ratings"] == 20 * 2 * 8


def test_teams_are_uplifts_teams_and_the_gap_closure_is_monthly(analysed: AnalysisRun) -> None:
    document = snapshot_json(run=analysed, kind=SnapshotKind.TEAM_IQ)
    teams = set(
        Person.objects.filter(organisation=analysed.organisation, role=Role.REP)
        .exclude(team=None)
        .values_list("team__name", flat=True)
    )
    assert set(document["teams"]) == teams
    everyone = next(g for g in document["gap_closure"] if g["team"] == "all")
    assert len(everyone["months"]) == 12
    assert everyone["direction"] in {"closing", "widening", "no clear change"}
    low, high = everyone["slope_ci"]
    assert low <= everyone["slope_per_month"] <= high
    trend = trend_of(analysed)
    assert trend is not None
    stored = [p for p in trend.series if p.team == "all"]
    # everyone's months are the performance trend's (same pooled definition)
    for mine, theirs in zip(everyone["months"], stored, strict=True):
        assert mine["period"] == theirs.period
        assert mine["gap_pct"] == pytest.approx(theirs.gap_pct)


def test_report_team_iq_json_has_the_contract_keys_and_filters_a_team(
    analysed: AnalysisRun,
) -> None:
    result = CliRunner().invoke(main, ["report", "team-iq", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"period", "team_iq", "components"} <= set(document["series"][0])
    assert {"capability", "knowledge_flow", "results"} == set(document["series"][0]["components"])
    team = document["teams"][0]
    filtered = json.loads(
        CliRunner().invoke(main, ["report", "team-iq", "--json", "--team", team.upper()]).stdout
    )
    assert {p["team"] for p in filtered["series"]} == {team}
    assert [g["team"] for g in filtered["gap_closure"]] == [team]


def test_report_team_iq_refuses_an_unknown_team(analysed: AnalysisRun) -> None:
    result = CliRunner().invoke(main, ["report", "team-iq", "--team", "Nowhere"])
    assert result.exit_code != 0
    assert "Nowhere" in result.output


def test_report_team_iq_as_a_table(analysed: AnalysisRun) -> None:
    result = CliRunner().invoke(main, ["report", "team-iq"])
    assert result.exit_code == 0, result.output
    assert "Team Sales IQ" in result.stdout
    assert "Everyone" in result.stdout
    assert "not a validated psychometric measure" in result.stdout


def test_without_assessments_capability_has_no_data_and_is_said(
    organisation: Organisation,
) -> None:
    from uplift.pipeline.services import analysis_run

    run = analysis_run(organisation=organisation)
    document = snapshot_json(run=run, kind=SnapshotKind.TEAM_IQ)
    point = document["series"][0]
    assert point["components"]["capability"]["status"] == "no data"
    assert "capability" in point["missing"]
    assert point["weights_used"]["capability"] == 0.0
    assert any("capability has no data" in note for note in document["notes"])
