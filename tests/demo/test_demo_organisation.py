"""The demo organisation is big enough for the product's two stories, found by the unchanged
estimators on the generated data: what the stars do differently (significant behaviours and
distinctive star profiles), and which planted practices moved results (impact estimates)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from uplift.demo.organisation import DEMO_MONTHS, DEMO_REPS
from uplift.demo.steps import DemoState, demo_steps
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots.store import SnapshotKind, snapshot_json

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo() -> DemoState:
    state = DemoState(seed=7)
    for _label, step in demo_steps()[:3]:  # export, import, analyse
        step(state)
    return state


def _snapshot(state: DemoState, kind: str) -> Any:
    """The part's stored JSON, as `uplift report <kind> --json` prints it."""
    assert state.organisation is not None
    run = analysis_latest(organisation=state.organisation)
    assert run is not None
    return snapshot_json(run=run, kind=SnapshotKind(kind))


def test_the_demo_tells_both_stories(demo: DemoState) -> None:
    assert demo.export is not None
    truth = json.loads((demo.export / "truth.json").read_text())
    assert (truth["reps"], truth["months"]) == (DEMO_REPS, DEMO_MONTHS)
    teams = [team for region in truth["org"]["regions"] for team in region["teams"]]
    assert len(truth["org"]["regions"]) >= 2
    assert len(teams) >= 6

    # Stars -> what they do differently.
    drivers = _snapshot(demo, "drivers")
    assert drivers["n_star"] >= 10
    assert drivers["n_core"] >= 30
    significant = {d["behavior"] for d in drivers["drivers"] if d["significant"]}
    assert len(significant) >= 2
    assert "emails_per_opportunity" not in significant  # stars do not e-mail more (planted)
    profiles = _snapshot(demo, "star-profiles")["profiles"]
    assert profiles
    with_distinctive = [p for p in profiles if p["distinctive"]]
    assert len(with_distinctive) >= len(profiles) // 2
    assert any(
        s["q_value"] is not None and s["q_value"] < 0.1
        for p in with_distinctive
        for s in p["distinctive"]
    )

    # Practices -> which moved results, by how much, how sure.
    impact = _snapshot(demo, "impact")
    planted = {p["practice"]: p for p in truth["practices"]}
    estimated = {row["practice"] for row in impact["practices"]}
    assert len(estimated & set(planted)) >= 2
    assert not [row for row in impact["not_estimated"] if row["practice"] in planted]
    for row in impact["practices"]:
        assert row["adopters"] >= impact["config"]["min_adopters"]
    effective = {name for name, p in planted.items() if p["effect_win_rate"] > 0}
    sure = [
        row
        for row in impact["practices"]
        if row["practice"] in effective and row["ci"][0] is not None and row["ci"][0] > 0
    ]
    assert sure, "no planted practice with an interval above zero"
