"""Did it work? Staggered difference-in-differences (Callaway & Sant'Anna 2021), no covariates.

Reps adopt a practice (or start coaching) in different months. For every adoption cohort g (the
period a unit is first treated) and period t, ATT(g,t) is the average effect on cohort g at time
t, estimated by one clean 2x2 comparison:

    ATT(g,t) = [mean of Y_t - Y_b over cohort g] - [the same over the comparison units]

- comparison units: ``"never_treated"`` (never adopt within the panel) or ``"not_yet_treated"``
  (never adopt, or adopt after t; the product's default, as the spec asks);
- base period b: g - 1 for t >= g (post-treatment: the effect so far), and t - 1 for t < g
  (pre-treatment: a placebo step that should be near zero if trends are parallel) — the
  ``"varying"`` base period of the R ``did`` package.

Uncertainty comes from each ATT(g,t)'s influence function and a multiplier bootstrap clustered
by unit (see :mod:`._multiplier`), with a simultaneous band over all ATT(g,t), and a Wald test of
the joint hypothesis that every pre-treatment ATT(g,t) is zero (analytical covariance, as in
``did``). :mod:`.did_aggregate` averages ATT(g,t) into overall, event-study, cohort and calendar
effects. The results match the ``did`` R package on its ``mpdta`` example to the published digits.

Periods are integers (e.g. a month index). Units first treated at or before the first period
have no pre-period and are dropped; units first treated after the last period count as never
treated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from uplift.analytics.stats._arrays import FloatArray, IntArray, same_length
from uplift.analytics.stats._multiplier import (
    DEGENERATE_SE,
    Inference,
    analytical_se,
    bootstrap_se,
)

ControlGroup = Literal["never_treated", "not_yet_treated"]


@dataclass(frozen=True)
class GroupTimeATT:
    """ATT(g,t): the average effect in ``period`` on units first treated in ``group``.

    ``event_time`` = t - g in period steps (negative: a pre-treatment placebo). ``se`` comes from
    the bootstrap (analytical when it is switched off), ``ci_*`` are pointwise intervals and
    ``band_*`` the simultaneous band over all ATT(g,t).
    """

    group: int
    period: int
    base_period: int
    event_time: int
    estimate: float
    se: float
    se_analytic: float
    ci_low: float
    ci_high: float
    band_low: float
    band_high: float
    n_treated: int
    n_control: int

    @property
    def post(self) -> bool:
        return self.period >= self.group


@dataclass(frozen=True)
class PreTrendTest:
    """Wald test that all pre-treatment ATT(g,t) are zero; a small p-value casts doubt on the
    parallel-trends assumption behind every post-treatment estimate."""

    statistic: float
    df: int
    p_value: float


@dataclass(frozen=True)
class GroupTimeResult:
    """All ATT(g,t) cells with what is needed to aggregate them.

    ``influence`` has one row per unit (in ``unit_ids`` order) and one column per cell, scaled so
    that Var(estimate) ≈ Σψ²/n². ``unit_groups`` is each unit's first-treated period (0 = never).
    """

    cells: tuple[GroupTimeATT, ...]
    influence: FloatArray
    unit_ids: npt.NDArray[Any]
    unit_groups: IntArray
    control_group: ControlGroup
    inference: Inference
    critical_value: float
    pretrend: PreTrendTest | None
    dropped_units: int

    @property
    def n_units(self) -> int:
        return int(self.influence.shape[0])

    def cell(self, group: int, period: int) -> GroupTimeATT:
        """The ATT(g,t) cell for one cohort and period."""
        for item in self.cells:
            if item.group == group and item.period == period:
                return item
        raise KeyError((group, period))


@dataclass(frozen=True)
class _Panel:
    unit_ids: npt.NDArray[Any]
    periods: IntArray
    outcomes: FloatArray  # units x periods
    groups: IntArray
    dropped_units: int


def _integers(values: npt.ArrayLike, name: str) -> IntArray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be numeric, e.g. a month index")
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64)
    as_float = array.astype(np.float64)
    if not np.all(np.isfinite(as_float)) or not np.all(as_float == np.round(as_float)):
        raise ValueError(f"{name} must hold whole numbers (use 0 for never treated)")
    return as_float.astype(np.int64)


def _build_panel(
    unit: npt.ArrayLike, period: npt.ArrayLike, outcome: npt.ArrayLike, first_treated: npt.ArrayLike
) -> _Panel:
    units = np.asarray(unit)
    times = _integers(period, "period")
    values = np.asarray(outcome, dtype=np.float64)
    cohorts = _integers(first_treated, "first_treated")
    same_length(unit=units, period=times, outcome=values, first_treated=cohorts)
    if not np.all(np.isfinite(values)):
        raise ValueError("outcome contains NaN or infinite values")
    unit_ids, unit_index = np.unique(units, return_inverse=True)
    periods, period_index = np.unique(times, return_inverse=True)
    n, n_periods = len(unit_ids), len(periods)
    if n_periods < 2:
        raise ValueError("the panel needs at least 2 periods")
    cell_counts = np.bincount(unit_index * n_periods + period_index, minlength=n * n_periods)
    if np.any(cell_counts != 1):
        raise ValueError("the panel must be balanced: exactly one row per unit and period")
    outcomes = np.empty((n, n_periods))
    outcomes[unit_index, period_index] = values
    groups = np.zeros(n, dtype=np.int64)
    groups[unit_index] = cohorts
    if np.any(groups[unit_index] != cohorts):
        raise ValueError("first_treated must be the same in every row of a unit")
    if np.any(groups < 0):
        raise ValueError("first_treated must be 0 (never treated) or a period")
    groups[groups > periods[-1]] = 0
    keep = (groups == 0) | (groups > periods[0])
    return _Panel(unit_ids[keep], periods, outcomes[keep], groups[keep], int(np.sum(~keep)))


def att_gt(
    *,
    unit: npt.ArrayLike,
    period: npt.ArrayLike,
    outcome: npt.ArrayLike,
    first_treated: npt.ArrayLike,
    control_group: ControlGroup = "not_yet_treated",
    inference: Inference | None = None,
) -> GroupTimeResult:
    """Group-time average treatment effects on the treated for a balanced panel in long form.

    One row per unit and period: ``unit`` (any sortable id), ``period`` (integer), ``outcome``,
    ``first_treated`` (the first treated period, 0 = never treated).
    """
    if control_group not in ("never_treated", "not_yet_treated"):
        raise ValueError(f"unknown control group {control_group!r}")
    settings = inference if inference is not None else Inference()
    panel = _build_panel(unit, period, outcome, first_treated)
    cohorts = np.unique(panel.groups[panel.groups > 0])
    if len(cohorts) == 0:
        raise ValueError("no treated units with a pre-treatment period")
    if control_group == "never_treated" and not np.any(panel.groups == 0):
        raise ValueError("no never-treated units: use the not-yet-treated comparison group")
    labels = np.union1d(panel.periods, cohorts)
    cells: list[tuple[int, int, int, int, float, int, int]] = []
    columns: list[FloatArray] = []
    for cohort in cohorts:
        for index in range(1, len(panel.periods)):
            computed = _one_cell(panel, int(cohort), index, control_group)
            if computed is None:
                continue
            base, estimate, psi, n_treated, n_control = computed
            current = int(panel.periods[index])
            event = int(np.searchsorted(labels, current) - np.searchsorted(labels, cohort))
            cells.append((int(cohort), current, base, event, estimate, n_treated, n_control))
            columns.append(psi)
    if not columns:
        raise ValueError("no cohort has comparison units in any period")
    influence = np.column_stack(columns)
    se_analytic = analytical_se(influence)
    se, critical = bootstrap_se(influence, settings)
    z = settings.z
    rows = tuple(
        GroupTimeATT(
            group=g,
            period=t,
            base_period=b,
            event_time=e,
            estimate=att,
            se=float(se[i]),
            se_analytic=float(se_analytic[i]),
            ci_low=att - z * float(se[i]),
            ci_high=att + z * float(se[i]),
            band_low=att - critical * float(se[i]),
            band_high=att + critical * float(se[i]),
            n_treated=n_treated,
            n_control=n_control,
        )
        for i, (g, t, b, e, att, n_treated, n_control) in enumerate(cells)
    )
    return GroupTimeResult(
        cells=rows,
        influence=influence,
        unit_ids=panel.unit_ids,
        unit_groups=panel.groups,
        control_group=control_group,
        inference=settings,
        critical_value=critical,
        pretrend=_pretrend_test(rows, influence),
        dropped_units=panel.dropped_units,
    )


def _one_cell(
    panel: _Panel, cohort: int, index: int, control_group: ControlGroup
) -> tuple[int, float, FloatArray, int, int] | None:
    """(base period, ATT, influence, n treated, n control), or None without comparison units."""
    current = int(panel.periods[index])
    if cohort <= current:
        base_index = int(np.searchsorted(panel.periods, cohort, side="left")) - 1
    else:
        base_index = index - 1
    treated = panel.groups == cohort
    if control_group == "never_treated":
        control = panel.groups == 0
    else:
        control = (panel.groups == 0) | ((panel.groups > current) & (panel.groups != cohort))
    n_treated, n_control = int(treated.sum()), int(control.sum())
    if n_control == 0:
        return None
    change = panel.outcomes[:, index] - panel.outcomes[:, base_index]
    treated_mean = float(change[treated].mean())
    control_mean = float(change[control].mean())
    n = len(change)
    # The 2x2 comparison's influence function, rescaled from its subsample to all n units.
    psi = np.zeros(n)
    psi[treated] = n * (change[treated] - treated_mean) / n_treated
    psi[control] = -n * (change[control] - control_mean) / n_control
    base = int(panel.periods[base_index])
    return base, treated_mean - control_mean, psi, n_treated, n_control


def _pretrend_test(cells: tuple[GroupTimeATT, ...], influence: FloatArray) -> PreTrendTest | None:
    """W = n · a' V⁻¹ a over the pre-treatment cells, V = ψ'ψ/n; chi-square with q df.

    If V is singular (cells that are exact combinations of others), its pseudo-inverse is used
    and the degrees of freedom are its rank.
    """
    pre = [i for i, cell in enumerate(cells) if not cell.post and cell.se_analytic > DEGENERATE_SE]
    if not pre:
        return None
    n = influence.shape[0]
    estimates = np.array([cells[i].estimate for i in pre])
    psi = influence[:, pre]
    covariance = psi.T @ psi / n
    rank = int(np.linalg.matrix_rank(covariance))
    if rank == len(pre):
        statistic = float(n * estimates @ np.linalg.solve(covariance, estimates))
    else:
        statistic = float(n * estimates @ np.linalg.pinv(covariance) @ estimates)
    return PreTrendTest(statistic, rank, float(stats.chi2.sf(statistic, rank)))
