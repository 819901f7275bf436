"""The imputation estimator and two-stage DiD: a published did2s result, planted effects, and
the exactness of grouped observations."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from uplift.analytics.stats import imputation_att, pre_trend_drift

REFERENCE = Path(__file__).parent / "reference"


@pytest.fixture(scope="module")
def df_het() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "df_het.csv.gz")


def test_two_stage_reproduces_did2s_on_df_het(df_het: pd.DataFrame) -> None:
    """did2s(df_het, first_stage = ~ 0 | state + year, cluster_var = "state"): 2.152215 (0.047607),
    see reference/README.md."""
    result = imputation_att(
        unit=df_het["state"],
        period=df_het["year"],
        outcome=df_het["dep_var"],
        treated=df_het["treat"],
        cluster=df_het["state"],
        variance="two_stage",
    )
    assert result.estimate == pytest.approx(2.152215, abs=5e-7)
    assert result.se == pytest.approx(0.047607, abs=5e-7)
    assert result.treated == int(df_het["treat"].sum())
    assert result.clusters == 40


def test_imputation_variance_is_at_least_the_spread_of_cohort_effects(df_het: pd.DataFrame) -> None:
    """The conservative variance with cohort x event-time cells is finite and close to the
    two-stage one on a large panel (both are consistent there), and the estimate is the same."""
    event = np.where(df_het["treat"], df_het["year"] - df_het["g"], -1)
    common = {
        "unit": df_het["unit"],
        "period": df_het["year"],
        "outcome": df_het["dep_var"],
        "treated": df_het["treat"],
    }
    bjs = imputation_att(**common, groups=df_het["g"] * 100 + event)
    gardner = imputation_att(**common, variance="two_stage")
    assert bjs.estimate == pytest.approx(gardner.estimate, abs=1e-12)
    assert 0.5 < bjs.se / gardner.se < 1.0  # heterogeneous effects: BJS removes their spread
    assert bjs.ci_low < bjs.estimate < bjs.ci_high


def _planted(seed: int, effect: float, n_units: int = 200, n_periods: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    first = rng.choice([0, 4, 6, 8, 10], size=n_units)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(1, n_periods + 1), n_units)
    g = np.repeat(first, n_periods)
    treated = (g > 0) & (period >= g)
    y = (
        np.repeat(rng.normal(0, 1, n_units), n_periods)
        + 0.1 * period
        + effect * treated
        + rng.normal(0, 1, unit.size)
    )
    return pd.DataFrame({"unit": unit, "period": period, "g": g, "treated": treated, "y": y})


def test_recovers_a_planted_effect_and_covers_it() -> None:
    covered = 0
    for seed in range(40):
        frame = _planted(seed, effect=0.5)
        result = imputation_att(
            unit=frame["unit"],
            period=frame["period"],
            outcome=frame["y"],
            treated=frame["treated"],
        )
        covered += result.ci_low <= 0.5 <= result.ci_high
        assert abs(result.estimate - 0.5) < 5 * result.se
    assert covered >= 34  # 95% nominal; 40 panels


def test_grouped_rows_equal_the_observations_one_by_one() -> None:
    rng = np.random.default_rng(3)
    n = 3000
    unit = rng.integers(0, 60, n)
    period = rng.integers(0, 10, n)
    first = np.where(unit < 25, 3 + unit % 6, 0)
    treated = (first > 0) & (period >= first)
    won = (rng.random(n) < 0.3 + 0.1 * treated).astype(float)
    single = imputation_att(unit=unit, period=period, outcome=won, treated=treated)
    frame = pd.DataFrame({"u": unit, "p": period, "d": treated, "y": won})
    cells = frame.groupby(["u", "p", "d"], as_index=False).agg(n=("y", "size"), y=("y", "mean"))
    grouped = imputation_att(
        unit=cells["u"], period=cells["p"], outcome=cells["y"], treated=cells["d"], count=cells["n"]
    )
    assert grouped.estimate == pytest.approx(single.estimate, abs=1e-10)
    assert grouped.se == pytest.approx(single.se, abs=1e-10)


def test_pre_trend_drift_flags_units_improving_before_treatment() -> None:
    frame = _planted(1, effect=0.0)
    lead = np.where(frame["g"] > 0, frame["period"] - frame["g"], np.nan)
    flat = pre_trend_drift(
        unit=frame["unit"],
        period=frame["period"],
        outcome=frame["y"],
        treated=frame["treated"],
        periods_to_treatment=lead,
    )
    drifting = pre_trend_drift(
        unit=frame["unit"],
        period=frame["period"],
        outcome=frame["y"] + 0.15 * np.nan_to_num(lead, nan=0.0),
        treated=frame["treated"],
        periods_to_treatment=lead,
    )
    assert flat is not None
    assert drifting is not None
    assert flat.p_value > 0.05
    assert drifting.p_value < 0.001
    assert drifting.drift == pytest.approx(0.15, abs=0.06)


def test_refuses_a_panel_without_untreated_observations() -> None:
    with pytest.raises(ValueError, match="no untreated"):
        imputation_att(unit=[1, 2], period=[1, 1], outcome=[0.0, 1.0], treated=[True, True])


def test_t_reference_widens_the_interval_by_the_treated_clusters_degrees_of_freedom() -> None:
    frame = _planted(2, effect=0.5, n_units=30)
    common = {
        "unit": frame["unit"],
        "period": frame["period"],
        "outcome": frame["y"],
        "treated": frame["treated"],
    }
    normal = imputation_att(**common)
    student = imputation_att(**common, reference="t")
    treated_units = frame.loc[frame["treated"], "unit"].nunique()
    assert student.df == treated_units - 1
    assert normal.df == math.inf
    assert student.estimate == normal.estimate
    assert student.se == normal.se
    half_width = student.ci_high - student.estimate
    assert half_width == pytest.approx(stats.t.ppf(0.975, treated_units - 1) * student.se)
    assert half_width > normal.ci_high - normal.estimate
