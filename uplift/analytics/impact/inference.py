"""Honest uncertainty when adoption cohorts are small.

Rep adoptions spread over many months, so a monthly cohort often holds two to five reps, and
every post-adoption comparison of a cohort shares one base month (the month before adoption)
whose noise does not average out. Three consequences, and what this module does about each:

1. **A one-rep cohort has no within-cohort variance**: its influence values are exactly zero, so
   the noise of its base month would be missing from every standard error.
   :func:`merge_small_cohorts` joins adoption months with fewer than ``min_size`` adopters to
   the following month(s); the merged cohort starts at its first month. A rep who adopted a
   month later is then counted as treated one month early, which can only pull the estimate
   towards zero, never invent an effect; the base month stays clean.
2. **Small cohorts understate variance** by the factor (n - 1)/n (the influence function uses
   the sample mean). :func:`with_small_sample_correction` scales each cell's treated and
   comparison influence values by sqrt(n / (n - 1)), the usual cluster-robust "CR1" correction.
   On the generated organisation's real rep-month outcomes with randomly placed placebo
   adoptions, this brought the spread of t-statistics from 1.11 to 1.01 (200 draws).
3. **The Wald pre-trend test of ``att_gt`` breaks down**: with monthly cohorts there are hundreds
   of pre-adoption cells, each resting on a few reps, and their estimated covariance is nearly
   singular, so the statistic explodes and rejects everything. :func:`pre_trend_check` asks a
   question with one degree of freedom instead: on average, did adopters drift away from the
   comparison reps month by month before adopting? It averages the pre-adoption placebo steps
   ATT(g,t), t < g (each a one-month change) over the event study's window, weighted by cohort
   size like the overall effect, with the same bootstrap. Oscillating differences that cancel
   out are not detected; a steady drift — improving reps choosing to adopt — is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy import stats as scipy_stats

from uplift.analytics.impact.panel import IntArray
from uplift.analytics.stats import GroupTimeResult, aggregate


def merge_small_cohorts(adoption_periods: IntArray, min_size: int) -> IntArray:
    """Each adopter's cohort (0 stays 0): adoption months in order, with months of fewer than
    ``min_size`` adopters merged forward into the next; a short remainder joins the last
    cohort. The cohort's label is its first month."""
    cohorts = adoption_periods.copy()
    months, counts = np.unique(adoption_periods[adoption_periods > 0], return_counts=True)
    bins: list[list[int]] = []
    current: list[int] = []
    size = 0
    for month, count in zip(months.tolist(), counts.tolist(), strict=True):
        current.append(month)
        size += count
        if size >= min_size:
            bins.append(current)
            current, size = [], 0
    if current:
        if bins:
            bins[-1].extend(current)
        else:
            bins.append(current)
    for members in bins:
        cohorts[np.isin(adoption_periods, members)] = members[0]
    return cohorts


def with_small_sample_correction(result: GroupTimeResult) -> GroupTimeResult:
    """``result`` with each cell's influence values scaled by sqrt(n / (n - 1)) within its
    treated cohort and its comparison group (see the module docstring). Only the influence
    changes: aggregates computed from it get the corrected standard errors; the per-cell
    ``se`` fields keep their uncorrected values."""
    influence = result.influence.copy()
    groups = result.unit_groups
    for column, cell in enumerate(result.cells):
        treated = groups == cell.group
        if result.control_group == "never_treated":
            control = groups == 0
        else:
            control = (groups == 0) | ((groups > cell.period) & (groups != cell.group))
        for members in (treated, control):
            size = int(members.sum())
            if size > 1:
                influence[members, column] *= math.sqrt(size / (size - 1))
    return replace(result, influence=influence)


@dataclass(frozen=True)
class PreTrendCheck:
    """The adopters' average month-on-month drift relative to the comparison reps before
    adopting (in the metric's unit), its standard error, and the two-sided p-value of "no
    drift". ``cells``: the pre-adoption comparisons averaged."""

    drift: float
    se: float
    p_value: float
    cells: int


def pre_trend_check(result: GroupTimeResult, months: int) -> PreTrendCheck | None:
    """Average the pre-adoption cells within ``months`` before adoption (see the module
    docstring); None when there are none or their spread is numerically zero."""
    chosen = [
        (column, cell)
        for column, cell in enumerate(result.cells)
        if not cell.post and -months <= cell.event_time < 0
    ]
    if not chosen:
        return None
    # The "simple" aggregation averages cells with event time >= 0, weighted by cohort size:
    # relabelled as event time 0, the placebo cells get exactly that treatment.
    placebo = replace(
        result,
        cells=tuple(replace(cell, event_time=0) for _, cell in chosen),
        influence=result.influence[:, [column for column, _ in chosen]],
    )
    average = aggregate(placebo, "simple")
    if not (math.isfinite(average.se) and average.se > 0):
        return None
    z = average.estimate / average.se
    p_value = float(2 * scipy_stats.norm.sf(abs(z)))
    return PreTrendCheck(average.estimate, average.se, p_value, len(chosen))
