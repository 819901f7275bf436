"""The imputation estimator of staggered adoption (Borusyak, Jaravel & Spiess 2024) and Gardner's
two-stage difference-in-differences, on observations that may be many per unit and period.

1. Fit ``y = alpha_unit + beta_period + e`` by least squares on the **untreated** observations
   only (never-treated units, and treated units before their treatment).
2. Impute every treated observation's untreated outcome ``alpha_unit + beta_period`` and take
   the weighted mean of ``y - imputed`` over the treated observations: that is the effect.

With one observation per unit and period this is ``didimputation::did_imputation`` (and the
point estimate of ``did2s::did2s``, which gives the same number); with many observations per
cell (a rep's deals in a month) each observation counts once, so a month with twenty deals weighs
twenty times a month with one, and no per-cell average is ever formed.

Standard errors, clustered by ``cluster`` (the unit by default). The estimate is linear in the
outcomes, ``sum(v * y)``: ``v`` is the treated weight on treated observations and
``-Z0 (Z0'Z0)^-1 Z1' w1`` on untreated ones (the share each untreated observation takes in the
imputations). The variance is ``sum over clusters of (sum of v * residual)^2``:

- ``variance="imputation"`` (BJS Theorem 3, the conservative variance): untreated residuals from
  the fit; treated residuals are each effect minus the average effect of its ``groups`` cell
  (cohort x months since treatment by default), averaged **leaving out the observation's own
  cluster** where the cell has other clusters, as BJS recommend so that a cell of a few units does
  not absorb its own noise;
- ``variance="two_stage"`` (Gardner 2022; ``did2s``): the GMM sandwich of the two-stage
  regression, which is the same formula with one overall average effect and no leave-out.

Intervals use the normal quantile (as BJS and ``did2s`` do) or, with ``reference="t"``, Student's
t with one fewer degree of freedom than the clusters holding treated observations: the estimate
is an average over those clusters and its variance is estimated from as many cluster sums, so
with twenty of them the normal quantile is a little too short.

Pure numpy: the two-way fixed-effects normal equations are solved by eliminating the unit
effects exactly, which leaves a system of the size of the number of periods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats

from uplift.analytics.stats._arrays import FloatArray, IntArray, float_vector, same_length

Variance = Literal["imputation", "two_stage"]
Reference = Literal["normal", "t"]


@dataclass(frozen=True)
class ImputationResult:
    """The average effect on the treated observations (weighted by ``weight``).

    ``treated``/``untreated``: observations in each role that entered the estimate;
    ``dropped``: treated observations whose untreated outcome cannot be imputed (their unit or
    period has no untreated observation); ``clusters``: clusters with at least one observation;
    ``df``: the degrees of freedom of the interval's t quantile (infinite: the normal one).
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    confidence: float
    treated: int
    untreated: int
    dropped: int
    clusters: int
    variance: Variance
    df: float = math.inf

    @property
    def t_stat(self) -> float:
        return self.estimate / self.se if self.se > 0 else math.nan


@dataclass(frozen=True)
class _Fit:
    unit_effect: FloatArray  # per unit code (NaN for units without untreated observations)
    period_effect: FloatArray  # per period code (NaN for periods without untreated ones)


def _codes(values: npt.ArrayLike) -> tuple[IntArray, int]:
    _, codes = np.unique(np.asarray(values), return_inverse=True)
    codes = codes.astype(np.int64).ravel()
    return codes, int(codes.max()) + 1 if codes.size else 0


def _sums(codes: IntArray, values: FloatArray, size: int) -> FloatArray:
    return np.asarray(np.bincount(codes, values, minlength=size), dtype=np.float64)


def _two_way_solve(
    unit: IntArray,
    period: IntArray,
    weight: FloatArray,
    *,
    unit_rhs: FloatArray,
    period_rhs: FloatArray,
    n_units: int,
    n_periods: int,
) -> _Fit:
    """Solve the two-way fixed-effects normal equations ``(Z'WZ) b = (unit_rhs, period_rhs)``
    over the observations given (weights ``weight``), by eliminating the unit effects. Units or
    periods without observations get NaN. The split between the two sets of effects is fixed by
    a least-squares (minimum-norm) solution; sums ``a_unit + b_period`` are unique."""
    cell = np.zeros((n_units, n_periods))
    np.add.at(cell, (unit, period), weight)
    unit_total = cell.sum(axis=1)
    period_total = cell.sum(axis=0)
    has_unit = unit_total > 0
    has_period = period_total > 0
    inv_unit = np.divide(1.0, unit_total, out=np.zeros(n_units), where=has_unit)
    reduced = np.diag(period_total) - cell.T @ (cell * inv_unit[:, None])
    rhs = period_rhs - cell.T @ (unit_rhs * inv_unit)
    keep = np.flatnonzero(has_period)
    beta = np.full(n_periods, np.nan)
    solved, *_ = np.linalg.lstsq(reduced[np.ix_(keep, keep)], rhs[keep], rcond=None)
    beta[keep] = solved
    filled = np.where(has_period, beta, 0.0)
    alpha = np.where(has_unit, (unit_rhs - cell @ filled) * inv_unit, np.nan)
    return _Fit(unit_effect=alpha, period_effect=beta)


def _group_means_leave_out(
    values: FloatArray, weights: FloatArray, group: IntArray, cluster: IntArray
) -> FloatArray:
    """Per observation: the ``weights``-weighted mean of ``values`` in its group, leaving out its
    own cluster's observations where the group holds other clusters (otherwise the full mean)."""
    n_groups = int(group.max()) + 1 if group.size else 0
    g_sum = np.bincount(group, weights * values, minlength=n_groups)
    g_w = np.bincount(group, weights, minlength=n_groups)
    pair, pair_codes = np.unique(np.stack([group, cluster]), axis=1, return_inverse=True)
    pair_codes = pair_codes.ravel()
    p_sum = np.bincount(pair_codes, weights * values, minlength=pair.shape[1])
    p_w = np.bincount(pair_codes, weights, minlength=pair.shape[1])
    rest_w = g_w[group] - p_w[pair_codes]
    rest_sum = g_sum[group] - p_sum[pair_codes]
    full = g_sum[group] / np.where(g_w[group] > 0, g_w[group], 1.0)
    safe = np.where(rest_w > 1e-12, rest_w, 1.0)
    return np.asarray(np.where(rest_w > 1e-12, rest_sum / safe, full), dtype=np.float64)


def _degrees_of_freedom(reference: Reference, treated_clusters: IntArray) -> float:
    """The interval's t degrees of freedom: infinite (the normal quantile) or one fewer than the
    clusters holding treated observations."""
    if reference == "normal":
        return math.inf
    if reference == "t":
        return float(max(np.unique(treated_clusters).size - 1, 1))
    raise ValueError("reference must be 'normal' or 't'")


def imputation_att(
    *,
    unit: npt.ArrayLike,
    period: npt.ArrayLike,
    outcome: npt.ArrayLike,
    treated: npt.ArrayLike,
    weight: npt.ArrayLike | None = None,
    count: npt.ArrayLike | None = None,
    cluster: npt.ArrayLike | None = None,
    groups: npt.ArrayLike | None = None,
    variance: Variance = "imputation",
    confidence: float = 0.95,
    reference: Reference = "normal",
) -> ImputationResult:
    """The imputation estimate of the average effect on the treated observations.

    - ``unit``, ``period``: fixed effects of the untreated model (a rep and a month);
    - ``outcome``: one value per observation (a deal won: 1, lost: 0);
    - ``treated``: whether the observation is treated;
    - ``weight``: each treated observation's weight in the average (default: equal); values on
      untreated observations are ignored;
    - ``count``: rows that stand for several observations sharing unit, period, treatment and
      group (a rep's won and lost deals created in one month): ``count`` observations whose mean
      outcome is ``outcome``. The result is exactly that of the observations one by one, since
      the fit and the variance only use their sums;
    - ``cluster``: the clusters of the variance (default: ``unit``);
    - ``groups``: per observation, the cells whose average effect the imputation variance
      subtracts from each treated effect (default: one cell for all treated observations — pass
      cohort x event time, as BJS do); ignored by ``variance="two_stage"``;
    - ``reference``: the interval's quantile, ``"normal"`` or ``"t"`` with (clusters holding
      treated observations - 1) degrees of freedom.
    """
    y = float_vector(outcome, "outcome")
    d = np.asarray(treated, dtype=bool).ravel()
    units, n_units = _codes(unit)
    periods, n_periods = _codes(period)
    n = same_length(unit=units, period=periods, outcome=y, treated=d)
    if not np.all(np.isfinite(y)):
        raise ValueError("outcome contains NaN or infinite values")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    m = np.ones(n) if count is None else float_vector(count, "count")
    w1 = m * (np.ones(n) if weight is None else float_vector(weight, "weight"))
    clusters, _ = _codes(units if cluster is None else cluster)
    cells = np.zeros(n, dtype=np.int64) if groups is None else _codes(groups)[0]
    same_length(outcome=y, weight=w1, count=m, cluster=clusters, groups=cells)
    if np.any(m < 0) or np.any(w1 < 0):
        raise ValueError("count and weight must not be negative")
    if not d.any():
        raise ValueError("no treated observations")
    if d.all():
        raise ValueError("no untreated observations to impute from")

    zero = ~d & (m > 0)
    ones = m[zero]
    fit = _two_way_solve(
        units[zero],
        periods[zero],
        ones,
        unit_rhs=_sums(units[zero], m[zero] * y[zero], n_units),
        period_rhs=_sums(periods[zero], m[zero] * y[zero], n_periods),
        n_units=n_units,
        n_periods=n_periods,
    )
    imputed = fit.unit_effect[units] + fit.period_effect[periods]
    usable = d & np.isfinite(imputed) & (w1 > 0)
    dropped = int(np.sum(d & ~np.isfinite(imputed)))
    if not usable.any():
        raise ValueError("no treated observation has a unit and period seen untreated")
    w = np.where(usable, w1, 0.0)
    w = w / w.sum()
    effects = np.where(usable, y - np.where(np.isfinite(imputed), imputed, 0.0), 0.0)
    estimate = float(np.sum(w * effects))

    # The untreated observations' share of the imputations: v0 = -Z0 (Z0'Z0)^-1 Z1' w1.
    loads = _two_way_solve(
        units[zero],
        periods[zero],
        ones,
        unit_rhs=_sums(units, w, n_units),
        period_rhs=_sums(periods, w, n_periods),
        n_units=n_units,
        n_periods=n_periods,
    )
    # Per row: the weight of all its observations together (they share v and the fit).
    v = w.copy()
    v[zero] = -m[zero] * (loads.unit_effect[units[zero]] + loads.period_effect[periods[zero]])
    residual = np.zeros(n)
    residual[zero] = y[zero] - imputed[zero]
    if variance == "two_stage":
        residual[usable] = effects[usable] - estimate
    elif variance == "imputation":
        idx = np.flatnonzero(usable)
        residual[idx] = effects[idx] - _group_means_leave_out(
            effects[idx], w[idx], _codes(cells[idx])[0], clusters[idx]
        )
    else:
        raise ValueError("variance must be 'imputation' or 'two_stage'")
    in_use = usable | zero
    scores = np.bincount(clusters[in_use], v[in_use] * residual[in_use])
    se = float(math.sqrt(np.sum(scores**2)))
    df = _degrees_of_freedom(reference, clusters[usable])
    z = float(scipy_stats.t.ppf(0.5 + confidence / 2, df))
    return ImputationResult(
        estimate=estimate,
        se=se,
        ci_low=estimate - z * se,
        ci_high=estimate + z * se,
        confidence=confidence,
        treated=round(float(m[usable].sum())),
        untreated=round(float(m[zero].sum())),
        dropped=dropped,
        clusters=int(np.unique(clusters[in_use]).size),
        variance=variance,
        df=df,
    )


@dataclass(frozen=True)
class DriftTest:
    """Before treatment, did the treated units drift away from the others? ``drift``: their
    extra change per period (in the outcome's unit) estimated on untreated observations only,
    with unit and period effects; ``se`` clustered like the estimate; two-sided ``p_value``."""

    drift: float
    se: float
    p_value: float
    observations: int

    @property
    def rejected(self) -> bool:
        return self.p_value < 0.05


def pre_trend_drift(
    *,
    unit: npt.ArrayLike,
    period: npt.ArrayLike,
    outcome: npt.ArrayLike,
    treated: npt.ArrayLike,
    periods_to_treatment: npt.ArrayLike,
    count: npt.ArrayLike | None = None,
    cluster: npt.ArrayLike | None = None,
    max_lead: int = 12,
    skip_last: int = 0,
) -> DriftTest | None:
    """The pre-trend test that goes with :func:`imputation_att` (in the spirit of BJS's test,
    which also uses untreated observations only, so that it does not contaminate the estimate):
    on the untreated observations, regress the outcome on unit and period effects plus a linear
    trend in ``periods_to_treatment`` (negative before treatment; NaN for never-treated units),
    for the last ``max_lead`` periods before treatment, leaving out the last ``skip_last``
    (where anticipation, or how the "before" observations were chosen, may sit: the test
    leaves their observations out). One degree of freedom: it catches a steady
    drift — units improving on their own before they are treated — not differences that change
    sign. None when there is nothing to test (no treated unit with untreated periods)."""
    y = float_vector(outcome, "outcome")
    d = np.asarray(treated, dtype=bool).ravel()
    lead = float_vector(periods_to_treatment, "periods_to_treatment")
    units, n_units = _codes(unit)
    periods, n_periods = _codes(period)
    n = same_length(unit=units, period=periods, outcome=y, treated=d, lead=lead)
    m = np.ones(n) if count is None else float_vector(count, "count")
    clusters, _ = _codes(units if cluster is None else cluster)
    ever = np.isfinite(lead)
    zero = ~d & (m > 0) & ~(ever & (lead >= -skip_last))
    x = np.where(ever, np.maximum(lead, -float(max_lead)), 0.0)
    if not np.any(zero & ever) or not np.any(zero & ~ever):
        return None
    u, t, mw = units[zero], periods[zero], m[zero]

    def residual(values: FloatArray) -> FloatArray:
        fit = _two_way_solve(
            u,
            t,
            mw,
            unit_rhs=_sums(u, mw * values, n_units),
            period_rhs=_sums(t, mw * values, n_periods),
            n_units=n_units,
            n_periods=n_periods,
        )
        return np.asarray(values - fit.unit_effect[u] - fit.period_effect[t], dtype=np.float64)

    x_res = residual(x[zero])
    y_res = residual(y[zero])
    sxx = float(np.sum(mw * x_res**2))
    if sxx <= 1e-12:
        return None
    slope = float(np.sum(mw * x_res * y_res)) / sxx
    error = y_res - slope * x_res
    scores = np.bincount(clusters[zero], mw * x_res * error)
    # Few treated clusters carry the slope: the CR1 factor and a t reference with one fewer
    # degree of freedom than treated clusters keep a 5% test near 5% with twenty adopters.
    n_clusters = int(np.unique(clusters[zero]).size)
    treated_clusters = int(np.unique(clusters[zero & ever]).size)
    factor = n_clusters / (n_clusters - 1) if n_clusters > 1 else 1.0
    se = float(math.sqrt(factor * np.sum(scores**2))) / sxx
    if not se > 0:
        return None
    df = max(treated_clusters - 1, 1)
    p_value = float(2 * scipy_stats.t.sf(abs(slope / se), df))
    return DriftTest(slope, se, p_value, round(float(mw.sum())))
