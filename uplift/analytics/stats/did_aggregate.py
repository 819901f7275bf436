"""Summaries of ATT(g,t): overall, by event time, by cohort and by calendar period.

The definitions are those of ``aggte`` in the R ``did`` package (Callaway & Sant'Anna 2021,
section 3), with cohort weights equal to each cohort's share of all units:

- ``"simple"``: the average of all post-treatment ATT(g,t), weighted by cohort size;
- ``"dynamic"`` (event study): for each event time e = t - g, the cohort-size-weighted average of
  the ATT(g, g + e); overall, the plain mean over e >= 0;
- ``"group"``: for each cohort, the plain mean of its post-treatment ATT(g,t); overall, their
  cohort-size-weighted mean;
- ``"calendar"``: for each period t, the cohort-size-weighted mean of the ATT(g,t) of cohorts
  treated by then; overall, the plain mean over periods.

Because cohort shares are estimated, the influence function of a weighted average gains a term
for the weights' own sampling noise (``_weights_influence``); standard errors and the uniform band
over the elements then come from the same multiplier bootstrap as the ATT(g,t).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from uplift.analytics.stats._arrays import FloatArray, IntArray
from uplift.analytics.stats._multiplier import analytical_se, bootstrap_se
from uplift.analytics.stats.did import GroupTimeResult

AggregationKind = Literal["simple", "dynamic", "group", "calendar"]


@dataclass(frozen=True)
class AggregateElement:
    """One event time, cohort or calendar period (``key``) of an aggregation."""

    key: int
    estimate: float
    se: float
    se_analytic: float
    ci_low: float
    ci_high: float
    band_low: float
    band_high: float


@dataclass(frozen=True)
class Aggregate:
    """An aggregated effect with its pointwise interval, and per-element results with a band."""

    kind: AggregationKind
    estimate: float
    se: float
    se_analytic: float
    ci_low: float
    ci_high: float
    elements: tuple[AggregateElement, ...]
    critical_value: float
    confidence: float

    def element(self, key: int) -> AggregateElement:
        for item in self.elements:
            if item.key == key:
                return item
        raise KeyError(key)


@dataclass(frozen=True)
class _Cells:
    groups: IntArray
    periods: IntArray
    events: IntArray
    att: FloatArray
    shares: FloatArray  # each cell's cohort as a share of all units


def _weights_influence(
    unit_groups: IntArray, cell_groups: IntArray, shares: FloatArray
) -> FloatArray:
    """Influence of estimating the weights shares/Σshares (units x cells)."""
    centred = (unit_groups[:, None] == cell_groups[None, :]).astype(np.float64) - shares[None, :]
    total = float(shares.sum())
    return np.asarray(
        centred / total - centred.sum(axis=1, keepdims=True) * (shares / total**2)[None, :],
        dtype=np.float64,
    )


def _weighted(
    result: GroupTimeResult, cells: _Cells, selected: IntArray
) -> tuple[float, FloatArray]:
    if len(selected) == 0:
        raise ValueError("no group-time effect falls in the requested range")
    shares = cells.shares[selected]
    weights = shares / shares.sum()
    att = cells.att[selected]
    wif = _weights_influence(result.unit_groups, cells.groups[selected], shares)
    influence = result.influence[:, selected] @ weights + wif @ att
    return float(weights @ att), np.asarray(influence, dtype=np.float64)


def aggregate(
    result: GroupTimeResult,
    kind: AggregationKind,
    *,
    min_event: int | None = None,
    max_event: int | None = None,
) -> Aggregate:
    """Aggregate ATT(g,t) as ``kind``; the bootstrap settings are those of ``result``.

    ``min_event``/``max_event`` bound the event times shown by ``"dynamic"``; ``max_event`` also
    leaves later cells out of ``"simple"`` and ``"group"`` (as ``aggte``'s min_e/max_e do).
    """
    n = result.n_units
    cell_groups = np.array([c.group for c in result.cells], dtype=np.int64)
    counts = {int(g): int(np.sum(result.unit_groups == g)) for g in np.unique(cell_groups)}
    cells = _Cells(
        groups=cell_groups,
        periods=np.array([c.period for c in result.cells], dtype=np.int64),
        events=np.array([c.event_time for c in result.cells], dtype=np.int64),
        att=np.array([c.estimate for c in result.cells]),
        shares=np.array([counts[int(g)] / n for g in cell_groups]),
    )
    upper = math.inf if max_event is None else max_event
    lower = -math.inf if min_event is None else min_event
    post = np.flatnonzero((cells.events >= 0) & (cells.events <= upper))
    keys: list[int] = []
    estimates: list[float] = []
    influences: list[FloatArray] = []
    if kind == "simple":
        overall, overall_if = _weighted(result, cells, post)
    elif kind == "dynamic":
        for event in np.unique(cells.events):
            if lower <= event <= upper:
                estimate, psi = _weighted(result, cells, np.flatnonzero(cells.events == event))
                keys.append(int(event))
                estimates.append(estimate)
                influences.append(psi)
        after = [i for i, key in enumerate(keys) if key >= 0]
        if not after:
            raise ValueError("no event time at or after treatment in the requested range")
        overall = float(np.mean([estimates[i] for i in after]))
        overall_if = np.mean([influences[i] for i in after], axis=0)
    elif kind == "group":
        cohorts = np.unique(cells.groups[post])
        if len(cohorts) == 0:
            raise ValueError("no post-treatment effect falls in the requested range")
        for cohort in cohorts:
            mine = post[cells.groups[post] == cohort]
            keys.append(int(cohort))
            estimates.append(float(cells.att[mine].mean()))
            influences.append(np.asarray(result.influence[:, mine].mean(axis=1)))
        shares = np.array([counts[int(g)] / n for g in cohorts])
        weights = shares / shares.sum()
        wif = _weights_influence(result.unit_groups, cohorts.astype(np.int64), shares)
        overall = float(weights @ np.array(estimates))
        overall_if = np.column_stack(influences) @ weights + wif @ np.array(estimates)
    elif kind == "calendar":
        first_cohort = int(cells.groups.min())
        for period in np.unique(cells.periods[cells.periods >= first_cohort]):
            mine = np.flatnonzero((cells.periods == period) & (cells.groups <= period))
            if len(mine) == 0:
                continue
            estimate, psi = _weighted(result, cells, mine)
            keys.append(int(period))
            estimates.append(estimate)
            influences.append(psi)
        overall = float(np.mean(estimates))
        overall_if = np.mean(influences, axis=0)
    else:
        raise ValueError(f"unknown aggregation {kind!r}")
    return _with_inference(
        result,
        kind,
        overall=overall,
        overall_if=overall_if,
        keys=keys,
        estimates=estimates,
        influences=influences,
    )


def _with_inference(
    result: GroupTimeResult,
    kind: AggregationKind,
    *,
    overall: float,
    overall_if: FloatArray,
    keys: list[int],
    estimates: list[float],
    influences: list[FloatArray],
) -> Aggregate:
    settings = result.inference
    z = settings.z
    overall_matrix = np.asarray(overall_if, dtype=np.float64).reshape(-1, 1)
    overall_se = float(bootstrap_se(overall_matrix, settings)[0][0])
    elements: tuple[AggregateElement, ...] = ()
    critical = math.nan
    if keys:
        matrix = np.column_stack(influences)
        se, critical = bootstrap_se(matrix, settings)
        se_analytic = analytical_se(matrix)
        elements = tuple(
            AggregateElement(
                key=key,
                estimate=estimate,
                se=float(se[i]),
                se_analytic=float(se_analytic[i]),
                ci_low=estimate - z * float(se[i]),
                ci_high=estimate + z * float(se[i]),
                band_low=estimate - critical * float(se[i]),
                band_high=estimate + critical * float(se[i]),
            )
            for i, (key, estimate) in enumerate(zip(keys, estimates, strict=True))
        )
    return Aggregate(
        kind=kind,
        estimate=overall,
        se=overall_se,
        se_analytic=float(analytical_se(overall_matrix)[0]),
        ci_low=overall - z * overall_se,
        ci_high=overall + z * overall_se,
        elements=elements,
        critical_value=critical,
        confidence=settings.confidence,
    )
