"""The default impact estimate: the imputation estimator on deals (win rate) or rep-months.

Win rate, from deal counts (:mod:`.deals`): every closed deal is one observation, in the month it
was created, treated or not by the exposure rule; the untreated deals fit rep and month effects;
each treated deal's "without the practice" chance of winning is its rep's effect plus its
month's; the effect is won minus that, averaged over the treated deals
(:func:`uplift.analytics.stats.imputation_att`). Without deal counts (a panel built by hand) the
rep-month panel's closed deals stand in, dated by close month.

Other metrics (bookings, counts per month) run on the rep-month panel the same way, a rep-month
being treated from its adoption month on.

Intervals: BJS's conservative variance clustered by rep, with the average effect taken per
cohort and month since adoption, leaving out the rep's own deals, and Student's t quantile with
(adopters - 1) degrees of freedom (``REFERENCE``). Pre-trend: the adopters'
drift per month before adopting, on untreated observations only
(:func:`uplift.analytics.stats.pre_trend_drift`). Event study: the effect k months after
adoption (k >= 0), and before adoption the same imputation run as a placebo on the deals k
months before adopting (k < 0), which should be near zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.analytics.impact.config import ImpactConfig, ImpactMetric
from uplift.analytics.impact.deals import IN_FLIGHT, TREATED, DealCells
from uplift.analytics.impact.panel import IntArray, RepMonthPanel
from uplift.analytics.impact.results import EventStudyPoint
from uplift.analytics.stats import (
    DriftTest,
    ImputationResult,
    imputation_att,
    pre_trend_drift,
)
from uplift.analytics.stats._arrays import FloatArray
from uplift.analytics.stats.imputation import Reference

BoolArray = npt.NDArray[np.bool_]
# The pre-trend check leaves out the last month before adoption: deals created then that count
# as "before" are those that closed before adoption, the quick ones (see ``impact/deals.py``).
ANTICIPATION_MONTHS = 1
# The estimate averages over a few adopters and its variance is estimated from their cluster
# sums, a noisy estimate with twenty of them: over 2,000 simulated organisations per scenario
# the normal quantile covered 93-96% and called 5.9% of placebos, the t quantile with
# (adopters - 1) degrees of freedom 95-97% and 4.8% (docs/impact.md, ADR 0009).
REFERENCE: Reference = "t"


@dataclass(frozen=True)
class Observations:
    """What the imputation runs on: one row per rep, month and treatment status, standing for
    ``count`` observations with mean outcome ``outcome``; ``adopted``: the rep's adoption month
    (0: never in the window)."""

    rep: IntArray
    month: IntArray
    outcome: FloatArray
    count: FloatArray
    treated: BoolArray
    adopted: IntArray

    @property
    def event_time(self) -> FloatArray:
        """Months since adoption (NaN for reps who did not adopt in the window)."""
        return np.where(self.adopted > 0, self.month - self.adopted, np.nan).astype(np.float64)


@dataclass(frozen=True)
class Imputed:
    result: ImputationResult
    event_study: tuple[EventStudyPoint, ...]
    drift: DriftTest | None
    adopters: int  # reps with at least one treated observation in the estimate
    exposure: str


def deal_observations(cells: DealCells, adopted: IntArray) -> Observations:
    """The deal counts of one treatment as observations (in-flight deals left out)."""
    keep = (cells.exposure != IN_FLIGHT) & (cells.deals > 0)
    deals = cells.deals[keep].astype(np.float64)
    return Observations(
        rep=cells.rep[keep],
        month=cells.month[keep],
        outcome=cells.won[keep] / deals,
        count=deals,
        treated=cells.exposure[keep] == TREATED,
        adopted=adopted[cells.rep[keep]],
    )


def panel_observations(
    panel: RepMonthPanel, adopted: IntArray, keep: BoolArray, metric: ImpactMetric
) -> Observations:
    """The rep-month panel as observations: deals closed per month for the win rate (weighted
    by their number), otherwise the metric's monthly value, one observation per rep-month."""
    n_reps, n_months = panel.deals_closed.shape
    rep = np.repeat(np.arange(n_reps), n_months)
    month = np.tile(panel.periods, n_reps)
    if metric == "win_rate":
        closed = panel.deals_closed.ravel().astype(np.float64)
        outcome = np.divide(
            panel.deals_won.ravel(), closed, out=np.zeros_like(closed), where=closed > 0
        )
        count = closed
    else:
        values = {
            "bookings": panel.bookings_cents / 100.0,
            "deals_closed": panel.deals_closed,
            "deals_won": panel.deals_won,
            "activities": panel.activities,
        }[metric]
        outcome = np.asarray(values, dtype=np.float64).ravel()
        count = np.ones(rep.size)
    adopted_rows = adopted[rep]
    rows = keep[rep] & (count > 0)
    treated = (adopted_rows > 0) & (month >= adopted_rows)
    return Observations(
        rep=rep[rows],
        month=month[rows],
        outcome=outcome[rows],
        count=count[rows],
        treated=treated[rows],
        adopted=adopted_rows[rows],
    )


def _point(result: ImputationResult, key: int) -> EventStudyPoint:
    return EventStudyPoint(
        key, result.estimate, result.ci_low, result.ci_high, result.ci_low, result.ci_high
    )


def _event_study(obs: Observations, config: ImpactConfig) -> tuple[EventStudyPoint, ...]:
    event = obs.event_time
    points: list[EventStudyPoint] = []
    for k in range(-config.event_window, config.event_window + 1):
        at_k = event == k
        if k >= 0:
            treated, chosen = obs.treated, obs.treated & at_k
        else:  # placebo: the untreated deals k months before adopting, imputed from the rest
            chosen = ~obs.treated & at_k
            treated = obs.treated | chosen
        if not chosen.any():
            continue
        try:
            result = imputation_att(
                unit=obs.rep,
                period=obs.month,
                outcome=obs.outcome,
                treated=treated,
                count=obs.count,
                weight=chosen.astype(np.float64),
                confidence=config.confidence,
                reference=REFERENCE,
            )
        except ValueError:
            continue
        points.append(_point(result, k))
    return tuple(points)


def impute(obs: Observations, config: ImpactConfig, exposure: str) -> Imputed:
    """The overall effect, its event study and pre-trend drift, from ``obs``."""
    event = obs.event_time
    groups = np.where(obs.treated, np.nan_to_num(event, nan=0.0), -1)
    result = imputation_att(
        unit=obs.rep,
        period=obs.month,
        outcome=obs.outcome,
        treated=obs.treated,
        count=obs.count,
        groups=groups,
        confidence=config.confidence,
        reference=REFERENCE,
    )
    drift = pre_trend_drift(
        unit=obs.rep,
        period=obs.month,
        outcome=obs.outcome,
        treated=obs.treated,
        periods_to_treatment=event,
        count=obs.count,
        max_lead=config.event_window,
        skip_last=ANTICIPATION_MONTHS if exposure == "deal_created" else 0,
    )
    untreated_reps = set(obs.rep[~obs.treated].tolist())
    adopters = len({r for r in obs.rep[obs.treated].tolist() if r in untreated_reps})
    return Imputed(
        result=result,
        event_study=_event_study(obs, config),
        drift=drift,
        adopters=adopters,
        exposure=exposure,
    )
