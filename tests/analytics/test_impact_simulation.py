"""The default impact estimate on small simulated organisations (benchmarks/impact_simulator.py,
independent of the demo generator), with fixed seeds: honest intervals, few false alarms, and the
new user's case — about twenty adopters over eighteen months, ten points better — detected."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from benchmarks.impact_simulator import Organisation, Scenario, simulate
from uplift.analytics.impact import ImpactConfig, TreatmentImpact, estimate_impact

CONFIG = ImpactConfig(metrics=("win_rate",), draws=0)


def _estimate(org: Organisation) -> TreatmentImpact:
    (estimate,) = estimate_impact(org.panel, org.events, config=CONFIG, deals=org.deals).estimates
    return estimate


def test_twenty_adopters_over_eighteen_months_ten_points_better_is_detected() -> None:
    org = simulate(Scenario("the new user's case", adopters=19, reps=64, months=18), seed=7)
    estimate = _estimate(org)
    assert estimate.method == "imputation_deal_created"
    assert estimate.sizes.adopters == 19
    assert estimate.ci_low <= 0.10 <= estimate.ci_high
    assert estimate.ci_low > 0
    assert estimate.reading == "likely positive"


def test_intervals_use_the_t_quantile_with_one_fewer_degree_of_freedom_than_adopters() -> None:
    org = simulate(Scenario("nineteen adopters", adopters=19), seed=11)
    estimate = _estimate(org)
    half_width = stats.t.ppf(0.975, estimate.sizes.adopters - 1) * estimate.se
    assert estimate.ci_high - estimate.att == pytest.approx(half_width)
    assert estimate.att - estimate.ci_low == pytest.approx(half_width)


@pytest.mark.parametrize(
    ("scenario", "covered_at_least", "detected"),
    [
        (Scenario("+10 points"), 17, (15, 20)),
        (Scenario("placebo", effect=0.0), 17, (0, 2)),
    ],
    ids=["effect", "placebo"],
)
def test_intervals_cover_the_planted_effect_and_placebos_stay_quiet(
    scenario: Scenario, covered_at_least: int, detected: tuple[int, int]
) -> None:
    covered = found = 0
    for seed in range(20):
        org = simulate(scenario, seed=500 + seed)
        estimate = _estimate(org)
        covered += estimate.ci_low <= org.planted <= estimate.ci_high
        found += estimate.ci_low > 0 or estimate.ci_high < 0
    assert covered >= covered_at_least  # 95% intervals: 19 of 20 expected
    assert detected[0] <= found <= detected[1]


def test_reps_improving_before_they_adopt_are_flagged() -> None:
    flagged = []
    for seed in range(12):
        org = simulate(Scenario("selection", effect=0.0, drift=0.02), seed=900 + seed)
        estimate = _estimate(org)
        flagged.append(estimate.reading == "pre-trends differ: treat with caution")
    assert np.mean(flagged) > 0.5
