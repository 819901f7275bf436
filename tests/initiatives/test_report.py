"""`uplift report initiative`: every initiative with the SPEC's keys, read live; while none runs,
the initiative Uplift proposes from the analysis."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import World
from tests.initiatives.builders import analysed, days_ago, launched, partnered, session_held
from uplift.cli import main
from uplift.initiatives.kinds import Kind

pytestmark = pytest.mark.django_db

KEYS = {
    "name",
    "sponsor",
    "target",
    "baseline",
    "partners",
    "commitments",
    "participation",
    "gap_closure",
}


def report(*args: str) -> Any:
    result = CliRunner().invoke(main, ["report", "initiative", "--organisation", "acme", *args])
    assert result.exit_code == 0, result.output
    return result


def test_while_none_runs_the_report_proposes_the_analysis_stars(world: World) -> None:
    analysed(world)
    [proposed] = json.loads(report("--json").stdout)["initiatives"]
    assert set(proposed) >= KEYS
    assert proposed["status"] == "proposed"
    assert proposed["sponsor"] is None
    assert [p["name"] for p in proposed["partners"]] == ["Art Test", "Bob Test"]
    assert {p["status"] for p in proposed["partners"]} == {"proposed"}
    assert proposed["commitments"] == {"kept": 0, "missed": 0, "due": 0, "upcoming": 0}
    assert proposed["gap_closure"] == {
        "value": None,
        "ci": [None, None],
        "reading": "not launched: nothing to measure yet",
        "label": "correlation",
    }
    assert proposed["baseline"]["gap_pct"] == pytest.approx(0.8)


def test_a_running_initiative_with_the_spec_keys_and_a_table(world: World) -> None:
    initiative = launched(world, starts_on=days_ago(30))
    partnered(initiative, world.art, {Kind.SESSIONS_HOSTED: 1}, today=days_ago(30))
    session_held(initiative, world.art, [world.ann], days_ago(3))
    [entry] = json.loads(report("--json").stdout)["initiatives"]
    assert set(entry) >= KEYS
    assert entry["sponsor"] == "Lou Test"
    assert entry["target"]["close_fraction"] == 0.25
    assert entry["commitments"]["kept"] == 1
    assert entry["partners"][0]["commitments"]["kept"] == 1
    assert entry["participation"] == 0.0
    assert set(entry["gap_closure"]) >= {"value", "ci"}
    table = report().stdout
    assert "Share what works (running)" in table
    assert "Sponsor: Lou Test" in table
    assert "1 kept, 0 missed" in table
