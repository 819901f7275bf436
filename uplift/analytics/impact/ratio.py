"""Group-time effects on a rate (won deals per closed deal), for :func:`stats.aggregate`.

:func:`uplift.analytics.stats.att_gt` compares *means over reps* of an outcome's change. A rep's
monthly win rate is often undefined (no deal closed that month) and, when defined, rests on one
or two deals, so a mean of per-rep rates would either invent values or weigh a one-deal month
like a twenty-deal one. Here each group's win rate in a month is a ratio of sums over its reps,
``Σ won / Σ closed`` (deal-weighted), and the 2x2 comparison of Callaway & Sant'Anna becomes

    ATT(g,t) = [R_g(t) - R_g(b)] - [R_c(t) - R_c(b)],   R_S(s) = Σ_{i∈S} won_is / Σ_{i∈S} closed_is

with the same cohorts, comparison units (never treated, or not yet treated) and base periods as
``att_gt``. Its influence function is the delta-method linearisation of each ratio,
(won_is - R·closed_is) / mean closed, so the result is a :class:`GroupTimeResult` that
:func:`uplift.analytics.stats.aggregate` averages and bootstraps (clustered by rep) unchanged.

The identifying assumption is parallel trends in this deal-weighted win rate: absent adoption,
adopters' win rate would have moved like the comparison reps'. A cell is skipped when a group
closed no deal in one of its two months. Each cell carries its analytical standard error (the
aggregates get bootstrap ones); the pre-trend test is the Wald test of ``att_gt``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats as scipy_stats

from uplift.analytics.stats import (
    ControlGroup,
    GroupTimeATT,
    GroupTimeResult,
    Inference,
    PreTrendTest,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_DEGENERATE_SE = math.sqrt(np.finfo(np.float64).eps) * 10


@dataclass(frozen=True)
class _Cell:
    group: int
    period: int
    base_period: int
    event_time: int
    estimate: float
    influence: FloatArray
    n_treated: int
    n_control: int


def _ratio_part(
    won: FloatArray, closed: FloatArray, members: npt.NDArray[np.bool_], n: int
) -> tuple[float, FloatArray] | None:
    """(Σ won / Σ closed over ``members``, its influence on all n units), or None without deals."""
    total = float(closed[members].sum())
    if total <= 0:
        return None
    size = int(members.sum())
    rate = float(won[members].sum()) / total
    mean_closed = total / size
    psi = np.zeros(n)
    psi[members] = n * (won[members] - rate * closed[members]) / (size * mean_closed)
    return rate, psi


def _one_cell(
    *,
    won: FloatArray,
    closed: FloatArray,
    periods: IntArray,
    groups: IntArray,
    cohort: int,
    index: int,
    control_group: ControlGroup,
) -> _Cell | None:
    current = int(periods[index])
    cohort_index = int(np.searchsorted(periods, cohort, side="left"))
    base_index = cohort_index - 1 if cohort <= current else index - 1
    treated = groups == cohort
    if control_group == "never_treated":
        control = groups == 0
    else:
        control = (groups == 0) | ((groups > current) & (groups != cohort))
    if not control.any():
        return None
    n = len(groups)
    parts = [
        _ratio_part(won[:, column], closed[:, column], members, n)
        for members in (treated, control)
        for column in (index, base_index)
    ]
    if any(part is None for part in parts):
        return None
    (r_tt, psi_tt), (r_tb, psi_tb), (r_ct, psi_ct), (r_cb, psi_cb) = [
        part for part in parts if part is not None
    ]
    return _Cell(
        group=cohort,
        period=current,
        base_period=int(periods[base_index]),
        event_time=index - cohort_index,
        estimate=(r_tt - r_tb) - (r_ct - r_cb),
        influence=(psi_tt - psi_tb) - (psi_ct - psi_cb),
        n_treated=int(treated.sum()),
        n_control=int(control.sum()),
    )


def ratio_att_gt(
    *,
    unit_ids: npt.ArrayLike,
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    first_treated: npt.ArrayLike,
    control_group: ControlGroup = "not_yet_treated",
    inference: Inference | None = None,
) -> GroupTimeResult:
    """ATT(g,t) on Σ numerator / Σ denominator for a balanced panel given as matrices.

    ``numerator`` and ``denominator`` (e.g. won and closed deals) are units x periods, periods
    numbered 1, 2, … in column order; ``first_treated`` is each unit's first treated period
    (0 = never). Units first treated in period 1 or earlier have no pre-period and are dropped;
    units first treated after the last period count as never treated — as in ``att_gt``.
    """
    if control_group not in ("never_treated", "not_yet_treated"):
        raise ValueError(f"unknown control group {control_group!r}")
    ids = np.asarray(unit_ids)
    won = np.asarray(numerator, dtype=np.float64)
    closed = np.asarray(denominator, dtype=np.float64)
    groups = np.asarray(first_treated, dtype=np.int64)
    if won.ndim != 2 or won.shape != closed.shape or not won.shape[0] == len(groups) == len(ids):
        raise ValueError("numerator and denominator must be units x periods, one row per unit")
    if won.shape[1] < 2:
        raise ValueError("the panel needs at least 2 periods")
    if np.any(closed < 0) or np.any(won < 0) or np.any(won > closed):
        raise ValueError("counts must be non-negative and the numerator at most the denominator")
    periods = np.arange(1, won.shape[1] + 1, dtype=np.int64)
    groups = np.where(groups > periods[-1], 0, groups)
    keep = (groups == 0) | (groups > periods[0])
    ids, won, closed, groups = ids[keep], won[keep], closed[keep], groups[keep]
    cohorts = np.unique(groups[groups > 0])
    if len(cohorts) == 0:
        raise ValueError("no treated units with a pre-treatment period")
    if control_group == "never_treated" and not np.any(groups == 0):
        raise ValueError("no never-treated units: use the not-yet-treated comparison group")
    cells = [
        cell
        for cohort in cohorts
        for index in range(1, len(periods))
        if (
            cell := _one_cell(
                won=won,
                closed=closed,
                periods=periods,
                groups=groups,
                cohort=int(cohort),
                index=index,
                control_group=control_group,
            )
        )
    ]
    if not cells:
        raise ValueError("no cohort has comparison units with closed deals in any period")
    settings = inference if inference is not None else Inference()
    influence = np.column_stack([cell.influence for cell in cells])
    rows = _with_analytical_se(cells, influence, settings.z)
    return GroupTimeResult(
        cells=rows,
        influence=influence,
        unit_ids=ids,
        unit_groups=groups,
        control_group=control_group,
        inference=settings,
        critical_value=settings.z,
        pretrend=_pretrend_test(rows, influence),
        dropped_units=int(np.sum(~keep)),
    )


def _with_analytical_se(
    cells: list[_Cell], influence: FloatArray, z: float
) -> tuple[GroupTimeATT, ...]:
    n = influence.shape[0]
    se = np.sqrt(np.sum(influence**2, axis=0)) / n
    se = np.where(se > _DEGENERATE_SE, se, np.nan)
    return tuple(
        GroupTimeATT(
            group=cell.group,
            period=cell.period,
            base_period=cell.base_period,
            event_time=cell.event_time,
            estimate=cell.estimate,
            se=float(se[i]),
            se_analytic=float(se[i]),
            ci_low=cell.estimate - z * float(se[i]),
            ci_high=cell.estimate + z * float(se[i]),
            band_low=cell.estimate - z * float(se[i]),
            band_high=cell.estimate + z * float(se[i]),
            n_treated=cell.n_treated,
            n_control=cell.n_control,
        )
        for i, cell in enumerate(cells)
    )


def _pretrend_test(cells: tuple[GroupTimeATT, ...], influence: FloatArray) -> PreTrendTest | None:
    """W = n · a' V⁻¹ a over the pre-treatment cells, V = ψ'ψ/n; chi-square with rank(V) df."""
    pre = [i for i, cell in enumerate(cells) if not cell.post and np.isfinite(cell.se_analytic)]
    if not pre:
        return None
    n = influence.shape[0]
    estimates = np.array([cells[i].estimate for i in pre])
    psi = influence[:, pre]
    covariance = psi.T @ psi / n
    rank = int(np.linalg.matrix_rank(covariance))
    statistic = float(n * estimates @ np.linalg.pinv(covariance) @ estimates)
    return PreTrendTest(statistic, rank, float(scipy_stats.chi2.sf(statistic, rank)))
