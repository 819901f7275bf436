"""Staggered difference-in-differences: the published mpdta results and planted panels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from uplift.analytics.stats import (
    AggregationKind,
    ControlGroup,
    GroupTimeResult,
    Inference,
    aggregate,
    att_gt,
)

# Callaway & Sant'Anna's mpdta example, no covariates, never-treated comparison units: the
# ATT(g,t) table printed by the R `did` package (post-treatment rows also in data/README.md).
PUBLISHED_ATT_GT = {
    (2004, 2004): -0.0105,
    (2004, 2005): -0.0704,
    (2004, 2006): -0.1373,
    (2004, 2007): -0.1008,
    (2006, 2004): 0.0065,
    (2006, 2005): -0.0028,
    (2006, 2006): -0.0046,
    (2006, 2007): -0.0412,
    (2007, 2004): 0.0305,
    (2007, 2005): -0.0027,
    (2007, 2006): -0.0311,
    (2007, 2007): -0.0261,
}
PUBLISHED_EVENT_STUDY = {0: -0.0199, 1: -0.0510, 2: -0.1373, 3: -0.1008}


@pytest.fixture(scope="module")
def mpdta(reference_data: Path) -> pd.DataFrame:
    return pd.read_csv(reference_data / "mpdta.csv")


def _fit(
    frame: pd.DataFrame, control_group: ControlGroup, inference: Inference | None = None
) -> GroupTimeResult:
    return att_gt(
        unit=frame["countyreal"],
        period=frame["year"],
        outcome=frame["lemp"],
        first_treated=frame["first_treat"],
        control_group=control_group,
        inference=inference,
    )


@pytest.fixture(scope="module")
def never(mpdta: pd.DataFrame) -> GroupTimeResult:
    return _fit(mpdta, "never_treated")


@pytest.fixture(scope="module")
def not_yet(mpdta: pd.DataFrame) -> GroupTimeResult:
    return _fit(mpdta, "not_yet_treated")


def test_mpdta_group_time_effects_match_the_published_table(never: GroupTimeResult) -> None:
    ours = {(cell.group, cell.period): round(cell.estimate, 4) for cell in never.cells}

    assert ours == PUBLISHED_ATT_GT
    assert never.cell(2006, 2005).base_period == 2004  # varying base before treatment
    assert never.cell(2006, 2007).base_period == 2005  # g - 1 after it
    assert never.n_units == 500


def test_mpdta_aggregations_match_the_published_numbers(never: GroupTimeResult) -> None:
    dynamic = aggregate(never, "dynamic")

    assert round(dynamic.estimate, 4) == -0.0772
    for event, published in PUBLISHED_EVENT_STUDY.items():
        assert round(dynamic.element(event).estimate, 4) == published
    assert round(aggregate(never, "group").estimate, 4) == -0.0310
    assert round(aggregate(never, "calendar").estimate, 4) == -0.0417
    assert round(aggregate(never, "simple").estimate, 4) == -0.0400  # printed as -0.04


def test_mpdta_standard_errors_are_close_to_the_published_ones(never: GroupTimeResult) -> None:
    first = never.cell(2004, 2004)

    assert round(first.se_analytic, 4) == 0.0233
    assert first.se == pytest.approx(0.0233, rel=0.1)  # multiplier bootstrap, 1,000 draws
    for cell in never.cells:
        assert cell.se == pytest.approx(cell.se_analytic, rel=0.15)
    dynamic = aggregate(never, "dynamic")
    assert dynamic.se == pytest.approx(dynamic.se_analytic, rel=0.15)
    assert 0.015 < dynamic.se < 0.025


def test_mpdta_pretrend_test_matches_the_published_p_value(never: GroupTimeResult) -> None:
    assert never.pretrend is not None
    assert never.pretrend.df == 5
    assert round(never.pretrend.p_value, 3) == 0.168


def test_uniform_band_is_wider_than_pointwise_intervals(never: GroupTimeResult) -> None:
    z = stats.norm.ppf(0.975)

    assert z < never.critical_value < 3.5
    for cell in never.cells:
        assert cell.band_low < cell.ci_low < cell.estimate < cell.ci_high < cell.band_high
    dynamic = aggregate(never, "dynamic")
    assert z < dynamic.critical_value < never.critical_value


def test_not_yet_treated_adds_later_cohorts_to_the_comparison(
    mpdta: pd.DataFrame, never: GroupTimeResult, not_yet: GroupTimeResult
) -> None:
    # In 2007 every cohort is treated, so only never-treated counties are left to compare with.
    for group in (2004, 2006, 2007):
        assert not_yet.cell(group, 2007).estimate == never.cell(group, 2007).estimate
    first = not_yet.cell(2004, 2004)
    assert first.n_control == 309 + 40 + 131  # never treated + the 2006 and 2007 cohorts
    assert first.se_analytic < never.cell(2004, 2004).se_analytic

    wide = mpdta.pivot(index="countyreal", columns="year", values="lemp")
    change = wide[2004] - wide[2003]
    cohort = mpdta.groupby("countyreal")["first_treat"].first()
    by_hand = change[cohort == 2004].mean() - change[cohort.isin([0, 2006, 2007])].mean()
    assert first.estimate == pytest.approx(by_hand, abs=1e-12)


def test_not_yet_treated_aggregations(not_yet: GroupTimeResult) -> None:
    # The same values as moderndid 0.2.0 (an independent port of `did`) computes.
    assert round(not_yet.cell(2004, 2004).estimate, 4) == -0.0194
    assert round(aggregate(not_yet, "simple").estimate, 4) == -0.0398
    assert round(aggregate(not_yet, "dynamic").estimate, 4) == -0.0774
    assert round(aggregate(not_yet, "group").estimate, 4) == -0.0305
    assert round(aggregate(not_yet, "calendar").estimate, 4) == -0.0443


def _effect(event: np.ndarray) -> np.ndarray:
    return np.where(event >= 0, 0.5 + 0.1 * event, 0.0)


def _panel(
    *,
    seed: int,
    effect: Callable[[np.ndarray], np.ndarray],
    late_cohort_drift: float = 0.0,
    n_units: int = 600,
    n_periods: int = 10,
) -> pd.DataFrame:
    """Reps x months: rep and month effects, noise, cohorts first treated in months 4, 6, 8."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice([0, 4, 6, 8], size=n_units)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(1, n_periods + 1), n_units)
    first = cohort[unit]
    outcome = (
        rng.normal(0, 1, n_units)[unit]
        + rng.normal(0, 0.5, n_periods)[period - 1]
        + rng.normal(0, 0.6, len(unit))
        + np.where(first > 0, effect(period - first), 0.0)
        + late_cohort_drift * (first == 8) * period
    )
    return pd.DataFrame({"rep": unit, "month": period, "won": outcome, "adopted": first})


def _fit_panel(
    frame: pd.DataFrame, control_group: ControlGroup = "not_yet_treated"
) -> GroupTimeResult:
    return att_gt(
        unit=frame["rep"],
        period=frame["month"],
        outcome=frame["won"],
        first_treated=frame["adopted"],
        control_group=control_group,
    )


@pytest.mark.parametrize("control_group", ["never_treated", "not_yet_treated"])
def test_planted_effect_is_recovered(control_group: ControlGroup) -> None:
    result = _fit_panel(_panel(seed=1, effect=_effect), control_group)

    for cell in result.cells:
        truth = float(_effect(np.array(cell.event_time)))
        assert cell.band_low <= truth <= cell.band_high
    dynamic = aggregate(result, "dynamic")
    for element in dynamic.elements:
        truth = float(_effect(np.array(element.key)))
        assert element.band_low <= truth <= element.band_high
    overall_truth = float(np.mean(_effect(np.arange(0, 7))))  # event times 0..6
    assert dynamic.ci_low <= overall_truth <= dynamic.ci_high
    assert dynamic.ci_low > 0.6  # clearly positive, not just covering


def test_planted_simple_aggregate_covers_its_cohort_weighted_truth() -> None:
    frame = _panel(seed=1, effect=_effect)
    result = _fit_panel(frame)
    simple = aggregate(result, "simple")
    post = [cell for cell in result.cells if cell.post]
    sizes = {g: int(np.sum(result.unit_groups == g)) for g in (4, 6, 8)}
    weights = np.array([sizes[cell.group] for cell in post], dtype=float)
    truth = float(weights @ _effect(np.array([c.event_time for c in post])) / weights.sum())

    assert simple.ci_low <= truth <= simple.ci_high


def test_placebo_without_effect_covers_zero() -> None:
    result = _fit_panel(_panel(seed=4, effect=lambda event: np.zeros_like(event, dtype=float)))

    kinds: tuple[AggregationKind, ...] = ("simple", "dynamic", "group", "calendar")
    for kind in kinds:
        summary = aggregate(result, kind)
        assert summary.ci_low <= 0 <= summary.ci_high, kind
    assert result.pretrend is not None
    assert result.pretrend.p_value > 0.05


def test_intervals_and_pretrend_test_are_calibrated_over_replications() -> None:
    # Each seeded panel above is one draw; here 200 draws (analytical standard errors for speed)
    # check that the 95 % interval of the overall effect covers the truth about 95 % of the time
    # and that the pre-trend test rejects a true null at about its nominal 5 %.
    covered, rejected = [], []
    for seed in range(200):
        frame = _panel(seed=100 + seed, effect=_effect, n_units=300, n_periods=6)
        result = att_gt(
            unit=frame["rep"],
            period=frame["month"],
            outcome=frame["won"],
            first_treated=frame["adopted"],
            inference=Inference(draws=0),
        )
        dynamic = aggregate(result, "dynamic")
        truth = float(
            np.mean(_effect(np.array(sorted({e.key for e in dynamic.elements if e.key >= 0}))))
        )
        covered.append(dynamic.ci_low <= truth <= dynamic.ci_high)
        assert result.pretrend is not None
        rejected.append(result.pretrend.p_value < 0.05)

    assert 0.91 <= np.mean(covered) <= 0.99
    assert np.mean(rejected) <= 0.10


def test_diverging_pre_trends_are_flagged() -> None:
    frame = _panel(seed=4, effect=_effect, late_cohort_drift=0.15)
    result = _fit_panel(frame)

    assert result.pretrend is not None
    assert result.pretrend.p_value < 0.001


def test_analytical_mode_and_rademacher_weights(mpdta: pd.DataFrame) -> None:
    analytical = _fit(mpdta, "never_treated", Inference(draws=0))
    for cell in analytical.cells:
        assert cell.se == cell.se_analytic
        assert cell.band_low == pytest.approx(cell.ci_low)
    rademacher = _fit(mpdta, "never_treated", Inference(weights="rademacher", seed=5))
    first = rademacher.cell(2004, 2004)
    assert first.se == pytest.approx(first.se_analytic, rel=0.15)


def test_the_seed_makes_the_bootstrap_repeatable(mpdta: pd.DataFrame) -> None:
    first = _fit(mpdta, "never_treated", Inference(seed=11))
    again = _fit(mpdta, "never_treated", Inference(seed=11))
    other = _fit(mpdta, "never_treated", Inference(seed=12))

    assert [c.se for c in first.cells] == [c.se for c in again.cells]
    assert [c.se for c in first.cells] != [c.se for c in other.cells]


def test_cohorts_outside_the_window_are_recoded_or_dropped() -> None:
    frame = _panel(seed=5, effect=_effect, n_units=200)
    frame.loc[frame["rep"] < 10, "adopted"] = 1  # treated in the first month: no pre-period
    frame.loc[frame["rep"].between(10, 19), "adopted"] = 99  # after the panel: never treated
    result = _fit_panel(frame, "never_treated")

    assert result.dropped_units == 10
    assert result.n_units == 190
    assert np.all(result.unit_groups[:10] == 0)
    assert sorted({cell.group for cell in result.cells}) == [4, 6, 8]


def test_unbalanced_panels_are_refused() -> None:
    frame = _panel(seed=6, effect=_effect, n_units=20).iloc[1:]
    with pytest.raises(ValueError, match="balanced"):
        _fit_panel(frame)


def test_inconsistent_first_treated_is_refused() -> None:
    frame = _panel(seed=6, effect=_effect, n_units=20)
    frame.loc[0, "adopted"] = 6 if frame.loc[1, "adopted"] != 6 else 4
    with pytest.raises(ValueError, match="same in every row"):
        _fit_panel(frame)


def test_never_treated_comparison_needs_never_treated_units() -> None:
    frame = _panel(seed=7, effect=_effect, n_units=40)
    frame = frame[frame["adopted"] > 0]
    with pytest.raises(ValueError, match="no never-treated units"):
        _fit_panel(frame, "never_treated")
    # Not-yet-treated still works where later cohorts remain as comparisons.
    result = _fit_panel(frame, "not_yet_treated")
    assert all(cell.period < 8 for cell in result.cells)


def test_dates_must_become_a_period_index_first() -> None:
    frame = _panel(seed=8, effect=_effect, n_units=20)
    with pytest.raises(ValueError, match="numeric"):
        att_gt(
            unit=frame["rep"],
            period=pd.to_datetime("2026-01-01") + pd.to_timedelta(frame["month"], unit="D"),
            outcome=frame["won"],
            first_treated=frame["adopted"],
        )


def test_an_empty_event_window_is_refused(never: GroupTimeResult) -> None:
    with pytest.raises(ValueError, match="requested range"):
        aggregate(never, "simple", max_event=-1)
    trimmed = aggregate(never, "dynamic", min_event=-1, max_event=1)
    assert [element.key for element in trimmed.elements] == [-1, 0, 1]
    assert trimmed.estimate == pytest.approx(np.mean([-0.019932, -0.050957]), abs=1e-6)
